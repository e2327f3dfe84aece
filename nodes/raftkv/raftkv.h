// RaftKv: Maelstrom's lin-kv served by a Raft group of all the test's nodes.
//
// Wiring only: the consensus is raft::Raft (raft/raft.h), the state machine
// KvState, durability FileStorage on the Disk it is given, in options.dir
// (files named raft-<node id>.*, since Maelstrom starts every node in the
// same directory). Ticks come from a runtime timer; peers talk through "raft"
// messages (wire.h).
//
// Batching: handlers only feed the core; its Ready is processed once per
// event-loop turn (a zero-delay timer runs after all input read in that
// turn), so many proposals share one append message, one fsync and one
// heartbeat round for their reads.
//
// Client requests, on any node:
//   write/cas  leader: proposed; answered when the entry at the proposal's
//              (index, term) is applied, with the state machine's result.
//              If another entry lands at that index the proposal can never
//              commit: error 11 (definite). Follower: forwarded to the
//              leader and the answer relayed. No leader within the deadline
//              and nothing proposed: 11; a lost forward: 13 (indefinite).
//   read       read-index (thesis 6.4), forwarded by the core to the leader;
//              answered from local state once applied up to the read index.
//              No leader known: retried every tick until the deadline.
//              Any read failure is 11: a read has no effect to be unsure of.
// Owns its core, storage and state; lives as long as the Node it is
// installed on. Single-threaded like the Node.
#ifndef NODES_RAFTKV_RAFTKV_H_
#define NODES_RAFTKV_RAFTKV_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "nodes/raftkv/kv_state.h"
#include "nodes/raftkv/raft/file_storage.h"
#include "nodes/raftkv/raft/raft.h"
#include "runtime/disk.h"
#include "runtime/node.h"

namespace raftkv {

struct Options {
  int tick_ms = 25;
  int election_ticks = 10;   // 250-500 ms at 25 ms ticks
  int heartbeat_ticks = 2;
  int snapshot_every = 1000;  // applied entries between compactions
  int request_timeout_ms = 1000;  // waiting for a leader / a forward
  int max_forward_hops = 2;
  bool sync = true;           // fsync the log (off only for benchmarks)
  // Where term, vote, log and snapshots live (files named by node id).
  // Required by RaftKv; program.cc resolves it when --dir is absent.
  std::string dir = ".";
  // Planted bugs, for tests and the bench's proof runs only; each breaks
  // linearizability in a way a checker must catch (raft/sim/planted_bug_test
  // shows each one caught and the correct configuration passing):
  //   naive_commit  --naive-commit  Figure 8: commit earlier terms' entries
  //                                 by counting replicas.
  //   no_persist    --no-persist    term, vote and log kept in memory only:
  //                                 a killed and restarted node forgets its
  //                                 vote and acknowledged writes.
  //   stale_reads   --stale-reads   whoever believes it is leader answers
  //                                 reads from its own state, with no
  //                                 read-index round and no check-quorum:
  //                                 stale under partition.
  //   unsafe_lease  --unsafe-lease  leader lease timed by the leader's own
  //                                 clock, no bound on drift: stale reads
  //                                 under clock skew (raft::Config).
  bool naive_commit = false;
  bool no_persist = false;
  bool stale_reads = false;
  bool unsafe_lease = false;
};

// Parses command-line flags (--tick-ms N, --election-ticks N,
// --heartbeat-ticks N, --snapshot-every N, --no-sync, --dir D, and the
// planted bugs --naive-commit, --no-persist, --stale-reads, --unsafe-lease).
// Fails on an unknown flag. Without --dir, `dir` is left empty for the
// program to resolve (program.h: the host's state dir, else a fresh private
// one; never the working directory, which the real Maelstrom shares
// between all nodes and all earlier runs).
absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& args);

class RaftKv {
 public:
  // `disk` must outlive the node; options.dir must be set.
  RaftKv(runtime::Node& node, runtime::Disk& disk, Options options);

 private:
  // The forward's request id ("" for a client's own request).
  static std::string RequestIdOf(const runtime::Message& req);
  struct PendingWrite {
    uint64_t term;
    runtime::Message request;
    runtime::Time deadline;
  };
  struct PendingRead {
    runtime::Message request;
    runtime::Time deadline;
  };

  void Start();
  void OpenFileStorage();
  void OnTick();
  void OnRaft(const runtime::Message& m);
  void OnWrite(const runtime::Message& req, std::string command);
  void OnRead(const runtime::Message& req);
  void Read(const runtime::Message& req, runtime::Time deadline);
  void Forward(const runtime::Message& req, runtime::Time deadline);
  void RetryLater(const runtime::Message& req, runtime::Time deadline,
                  bool is_read);
  void ScheduleReady();
  void ProcessReady();
  void SendRaft(const raft::Message& m);
  void ApplyCommitted(const raft::Entry& e);
  void ExpirePending();
  std::string NameOf(raft::NodeId id) const;
  raft::NodeId IdOf(const std::string& name) const;

  runtime::Node& node_;
  runtime::Disk& disk_;
  Options options_;
  std::unique_ptr<raft::Storage> storage_;
  std::unique_ptr<raft::SeededRandom> random_;
  std::unique_ptr<raft::Raft> core_;
  KvState kv_;
  uint64_t applied_ = 0;
  absl::btree_map<uint64_t, PendingWrite> writes_;  // by log index
  absl::btree_map<uint64_t, PendingRead> reads_;    // by read context
  uint64_t next_read_ = 1;
  std::string forward_origin_;  // "<id>/<nonce>": names this incarnation's forwards
  uint64_t next_forward_ = 1;
  bool ready_scheduled_ = false;
};

}  // namespace raftkv

#endif  // NODES_RAFTKV_RAFTKV_H_
