// OwnerNode: the kafka workload (workloads.md section 7) with every key
// owned by one node, which assigns its offsets and keeps its log on disk.
//
// Ownership: key k belongs to node_ids[FNV-1a(k) mod n], fixed for the
// run. Requests:
// - send: the owner appends the message to the key's partition (dense
//   offsets from 0) and answers after the record is synced; syncs of one
//   event-loop turn are batched into one group commit (a zero-delay timer).
//   A non-owner forwards the send once, never retries it (a retry could
//   write the message twice), and relays the answer; if the owner does not
//   answer in time the client gets an indefinite error (code 0), and if the
//   owner has been silent for --suspect-ms the send fails at once with a
//   definite one (11) without being forwarded.
// - poll, commit_offsets, list_committed_offsets are answered locally, with
//   no node-to-node message: every node holds a replica of every key. Each
//   owner pushes its synced records to each peer on a timer (--sync-ms), in
//   one "kafka_sync" message per peer carrying records for many keys; the
//   peer appends them only in offset order, so a replica is always a prefix
//   of the owner's log and a poll never skips or reorders offsets; it may
//   lag. Replicas are not synced before they are served or acknowledged:
//   whatever a crash takes from a replica, the owner sends again (the same
//   message at the same offset) once the restarted replica says hello. The
//   same messages carry the peer's acknowledgements (the end of each
//   replica, taken as is, so a replica that lost records or saw a gap gets
//   them again; the last commit sequence applied) and this node's commits,
//   so one message per tick and peer does everything.
// - Committed offsets are a max-register per key, stored durably on the
//   node that took the commit and spread to peers in the sync messages.
// A node that restarts says "hello" to each peer, which answers with its
// full replica state before any records are pushed to it again.
//
// Polls read messages back from disk; memory holds per-key summaries only.
// Not thread-safe (one event loop).
#ifndef NODES_KAFKA_OWNER_NODE_H_
#define NODES_KAFKA_OWNER_NODE_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "nodes/kafka/commit_store.h"
#include "runtime/disk.h"
#include "nodes/kafka/log_store.h"
#include "nodes/kafka/options.h"
#include "runtime/node.h"

namespace kafka {

// FNV-1a, 64 bits: stable across processes and builds.
uint64_t KeyHash(std::string_view key);

class OwnerNode {
 public:
  // Opens its state under <options.dir>/kafka-<id>/ at init. REQUIRES:
  // options.dir is set; `node` and `disk` outlive this object.
  OwnerNode(runtime::Node& node, runtime::Disk& disk, Options options);

  const std::string& OwnerOf(const std::string& key) const;
  // For tests: the stores, once initialized (nullptr before or on failure).
  LogStore* store() { return store_.get(); }
  CommitStore* commits() { return commits_.get(); }

 private:
  using Message = runtime::Message;
  using Json = runtime::Json;
  using Time = runtime::Time;

  struct Peer {
    std::string id;
    bool have_known = false;  // `acked` holds its replica state since its last start
    bool send_full_have = false;
    Time hello_sent_at{};
    bool hello_sent = false;
    absl::btree_set<std::string> have_dirty;                        // its keys whose replica end we must report
    absl::btree_map<std::string, int64_t> acked;                    // our keys: its synced replica end
    absl::btree_map<std::string, std::pair<int64_t, Time>> pushed;  // our keys: pushed up to, when
    int64_t commit_acked = 0;                                       // our commit seq it has synced
    int64_t commit_pushed = 0;                                      // our commit seq pushed up to ...
    Time commit_pushed_at{};                                        // ... at
    int64_t commit_received = 0;                                    // its commit seq we applied
    int64_t commit_durable = 0;                                     // ... and synced (what we acknowledge)
    int64_t commit_ack_sent = -1;
    bool heard = false;
    Time last_heard{};
    Time last_sent{};
  };

  void Start();
  bool Ready(const Message& req);
  void OnSend(const Message& req);
  void OnForwardedSend(const Message& req);
  void OnPoll(const Message& req);
  void OnCommit(const Message& req);
  void OnList(const Message& req);
  void OnSync(const Message& m);

  // Appends to a key this node owns; `done` gets the offset once synced.
  void AppendOwned(const std::string& key, const std::string& text, std::function<void(runtime::Result<int64_t>)> done);
  void Forward(const Message& req, const std::string& owner, const std::string& key);
  void ScheduleFlush();
  void Flush();

  void Tick();
  Json BuildSync(Peer& p);
  Json HaveOf(const std::string& peer, bool full, Peer& p);
  void ApplyRecords(Peer& p, const Json& records);
  void ApplyCommits(Peer& p, const Json& body);
  Peer* PeerFor(const std::string& id);
  bool Suspected(const std::string& id) const;

  runtime::Node& node_;
  runtime::Disk& disk_;
  Options options_;
  bool failed_ = false;  // storage could not be opened or synced
  std::string boot_id_;  // random per start: tells this run's forwards from earlier runs'
  int64_t forwards_ = 0;
  Time started_at_{};
  std::unique_ptr<LogStore> store_;
  std::unique_ptr<CommitStore> commits_;
  absl::btree_set<std::string> owned_keys_;
  std::map<std::string, Peer> peers_;
  std::vector<std::function<void(bool synced)>> pending_;  // answers waiting for the group commit
  bool flush_scheduled_ = false;
};

}  // namespace kafka

#endif  // NODES_KAFKA_OWNER_NODE_H_
