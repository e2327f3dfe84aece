// Raft as a deterministic state machine (after etcd raft's Step/Tick/Ready).
//
// Inputs: Step(message from a peer), Tick() (one unit of logical time; the
// driver decides how long a tick is), Propose(), ReadIndex(), Compact().
// Output: TakeReady() returns what to persist, apply, serve and send; see
// Ready in types.h for the order in which the driver must do it. The core
// does no I/O, reads no clock, and draws randomness only from the injected
// RandomSource, so a run is a pure function of its inputs and seed.
//
// Implements: elections with randomised timeouts, pre-vote and check-quorum
// (thesis 9.6), log replication with batching and a bounded pipeline,
// fast back-off by conflicting term, the commit rule of section 5.4.2 with a
// no-op per term, snapshots/InstallSnapshot (section 7) and linearizable
// reads by read-index (thesis 6.4), forwarded by followers to the leader.
// Membership is static: the voter set is given at construction.
//
// Ownership: the core owns its in-memory log (entries after the last
// snapshot) and the latest snapshot; the RandomSource must outlive it.
// Not thread-safe: one thread drives one core.
#ifndef NODES_RAFTKV_RAFT_RAFT_H_
#define NODES_RAFTKV_RAFT_RAFT_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nodes/raftkv/raft/random.h"
#include "nodes/raftkv/raft/types.h"

namespace raft {

struct Config {
  NodeId id = kNoNode;
  std::vector<NodeId> voters;  // every voter, this node included
  int election_ticks = 10;     // timeout is uniform in [e, 2e) ticks
  int heartbeat_ticks = 1;
  bool pre_vote = true;
  bool check_quorum = true;
  // The bug of Figure 8: commit entries of earlier terms by counting
  // replicas. For tests and the planted-bug node only.
  bool naive_commit = false;
  // Planted bug (--stale-reads): whoever believes it is leader answers a
  // read at its commit index at once, without confirming leadership by a
  // heartbeat round and without waiting for its term's no-op (thesis 6.4
  // lists both steps). A deposed or brand-new leader serves stale data.
  bool unsafe_local_reads = false;
  // Planted bug (--unsafe-lease): thesis 6.4.1's leader lease measured in
  // this node's own ticks. A heartbeat round sent at tick T and acked by a
  // quorum lets the leader serve reads locally until tick
  // T + election_ticks - 2: followers refuse votes for election_ticks of
  // *their* ticks after hearing it, so this is safe only while every clock
  // ticks at the same rate. A leader whose clock runs slow or stops keeps
  // serving after a new leader has committed writes.
  bool lease_reads = false;
  size_t max_entries_per_msg = 64;
  size_t max_bytes_per_msg = 1 << 20;
  size_t max_inflight_msgs = 32;    // pipelined appends per follower
  size_t max_uncommitted = 4096;    // proposals beyond commit before refusing
  size_t max_pending_reads = 4096;  // reads awaiting confirmation or apply
};

// What the driver read back from durable storage after a (re)start.
struct PersistentState {
  HardState hard_state;
  std::shared_ptr<const Snapshot> snapshot;  // may be null
  std::vector<Entry> entries;                // contiguous, after snapshot
};

enum class Role : uint8_t { kFollower, kPreCandidate, kCandidate, kLeader };
const char* RoleName(Role role);

struct Status {
  NodeId id = kNoNode;
  Role role = Role::kFollower;
  uint64_t term = 0;
  NodeId leader = kNoNode;
  uint64_t commit = 0;
  uint64_t applied = 0;  // highest index handed out for applying
  uint64_t snapshot_index = 0;
  uint64_t last_index = 0;
};

class Raft {
 public:
  // Starts (or restarts) a node from what it persisted; an empty state is a
  // fresh node. The state machine is assumed to have been restored from
  // state.snapshot already; entries after it up to the persisted commit are
  // handed out again as committed_entries. Aborts on a malformed config.
  Raft(Config config, RandomSource* random, const PersistentState& state);

  // Advances logical time by one tick: may start an election, send
  // heartbeats or make a leader that lost its quorum step down.
  void Tick();

  // Handles one message from a peer. Stale, duplicate or reordered messages
  // are expected and handled (usually ignored). REQUIRES: m.to == id.
  void Step(const Message& m);

  // Appends data (non-empty) to the log if this node is the leader. On
  // success returns the entry's {index, term}; the proposal took effect iff
  // a committed entry later arrives with that index and term. Fails with
  // FailedPrecondition when not leader, ResourceExhausted when too many
  // proposals are uncommitted.
  struct Proposal {
    uint64_t index = 0;
    uint64_t term = 0;
  };
  absl::StatusOr<Proposal> Propose(std::string data);

  // Asks for a linearizable read point. On success a ReadState with this
  // context appears in a later Ready, once leadership has been confirmed
  // after this call and the state machine has applied up to the read index;
  // it may never appear (leader lost, message lost): the caller times out.
  // Fails with Unavailable when no leader is known, ResourceExhausted when
  // too many reads are pending.
  absl::Status ReadIndex(uint64_t context);

  // The application has a snapshot of its state at index: drop the log up to
  // index. The snapshot is persisted through the next Ready. Fails with
  // InvalidArgument if index > applied or index <= current snapshot index.
  absl::Status Compact(uint64_t index, std::string data);

  // Starts an election now (pre-vote first if enabled), as if the election
  // timeout had fired. For tests and scripted scenarios.
  void Campaign();

  bool HasReady() const;
  // Collects the pending outputs; the core then assumes they were all carried
  // out (see Ready).
  Ready TakeReady();

  Status GetStatus() const;
  // Read-only views for invariant checkers.
  const std::deque<Entry>& entries() const { return entries_; }
  uint64_t snapshot_index() const { return snap_index_; }
  uint64_t snapshot_term() const { return snap_term_; }
  uint64_t LastIndex() const { return snap_index_ + entries_.size(); }
  // Term of the entry at index, or nullopt if compacted away or beyond the end.
  std::optional<uint64_t> Term(uint64_t index) const;

 private:
  enum class ProgressState : uint8_t { kProbe, kReplicate, kSnapshot };
  struct Progress {
    uint64_t match = 0;
    uint64_t next = 1;
    ProgressState state = ProgressState::kProbe;
    bool probe_sent = false;         // kProbe: one append in flight
    std::deque<uint64_t> inflight;   // kReplicate: last index of each append
    uint64_t pending_snapshot = 0;   // kSnapshot: index being installed
    int stall_ticks = 0;             // ticks without progress while waiting
    bool recent_active = false;      // heard from it this election period
    uint64_t read_ack = 0;           // highest read round it acknowledged
    uint64_t sent_round = 0;         // highest read round sent to it
  };
  struct PendingRead {
    uint64_t round = 0;  // heartbeat round that must be acknowledged
    NodeId from = kNoNode;
    uint64_t context = 0;
  };

  // Role transitions.
  void BecomeFollower(uint64_t term, NodeId leader);
  void BecomePreCandidate();
  void BecomeCandidate();
  void BecomeLeader();
  void ResetTimers();
  void StartElection(bool pre);
  void TallyVote(const Message& m);

  void StepLeader(const Message& m);
  void StepFollowerOrCandidate(const Message& m);
  void HandleVoteRequest(const Message& m);
  void HandleAppend(const Message& m);
  void HandleHeartbeat(const Message& m);
  void HandleSnapshot(const Message& m);
  void HandleAppendResponse(const Message& m, Progress& pr);
  void HandleHeartbeatResponse(const Message& m, Progress& pr);

  void TickElection();
  void TickLeader();
  bool QuorumActive() const;
  bool InLease() const;

  // Replication.
  void AppendToLog(std::vector<Entry> entries);  // leader: own entries
  bool SendAppend(NodeId to, bool send_if_empty);
  void BroadcastAppend();
  void BroadcastHeartbeat();
  void SendReadRound();
  bool MaybeCommit();
  void CommitTo(uint64_t index);
  uint64_t LastIndexOfTerm(uint64_t term, uint64_t at_most) const;
  uint64_t FirstIndexOfTerm(uint64_t index) const;
  bool MatchTerm(uint64_t index, uint64_t term) const;
  bool IsUpToDate(uint64_t last_index, uint64_t last_term) const;
  void TruncateFrom(uint64_t index);

  // Reads.
  void AdvanceReads();
  void ReleaseRead(const PendingRead& read, uint64_t index);
  bool ServeReadAtOnce() const;
  void ExtendLease(uint64_t confirmed_round);

  void Send(Message m);
  size_t Quorum() const { return config_.voters.size() / 2 + 1; }
  HardState CurrentHardState() const { return {term_, vote_, commit_}; }

  Config config_;
  RandomSource* random_;

  uint64_t term_ = 0;
  NodeId vote_ = kNoNode;
  NodeId leader_ = kNoNode;
  Role role_ = Role::kFollower;

  // The log: snapshot (snap_index_, snap_term_) then entries_.
  uint64_t snap_index_ = 0;
  uint64_t snap_term_ = 0;
  std::shared_ptr<const Snapshot> snapshot_;
  std::deque<Entry> entries_;
  uint64_t commit_ = 0;
  uint64_t applied_ = 0;

  // Outputs not yet taken.
  uint64_t unstable_from_ = 1;  // first index not yet handed out to persist
  bool snapshot_unpersisted_ = false;
  bool snapshot_to_restore_ = false;
  HardState persisted_hard_state_;
  std::vector<Message> msgs_;
  bool broadcast_pending_ = false;  // leader: flush appends at TakeReady
  bool read_round_pending_ = false;  // leader: heartbeat for new reads

  int election_elapsed_ = 0;
  int heartbeat_elapsed_ = 0;
  int randomized_election_ticks_ = 0;

  absl::btree_map<NodeId, bool> votes_;
  absl::btree_map<NodeId, Progress> progress_;  // leader only

  uint64_t read_round_ = 0;
  uint64_t ticks_ = 0;        // Tick() calls since start: the lease's clock
  uint64_t lease_until_ = 0;  // leader, lease_reads: serve locally while <
  // lease_reads: heartbeat rounds in flight and the tick each was sent at.
  std::deque<std::pair<uint64_t, uint64_t>> round_ticks_;
  std::deque<PendingRead> pending_reads_;  // leader: awaiting confirmation
  std::deque<ReadState> ready_reads_;      // awaiting apply >= index
};

}  // namespace raft

#endif  // NODES_RAFTKV_RAFT_RAFT_H_
