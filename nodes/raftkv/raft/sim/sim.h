// A seeded, single-threaded simulator that drives N Raft cores with virtual
// time over a faulty network, and checks the safety properties of Figure 3
// continuously:
//   election safety      at most one leader per term;
//   log matching         same index and term => identical prefixes;
//   leader completeness  a new leader holds every entry applied anywhere;
//   state machine safety every node applies the same entry at each index
//                        (and snapshots restore the state of that index).
// Reads by read-index are checked too: a read must observe every entry that
// was applied anywhere before the read was issued.
//
// It runs on the kit's shared simulation pieces, not its own copies:
//   clock    harness::SimLoop: ticks, deliveries and sync completions are its
//            timers, in (time, sequence) order (1 ms = 1e6 ns);
//   network  harness::Network, one endpoint "n<id>" per node, bodies in the
//            node's wire format (nodes/raftkv/wire.h): its latency model,
//            its Maelstrom per-destination queue, its loss / duplicate /
//            reorder faults, partitions as its grudge, crashed nodes down;
//   disk     raft::FileStorage, the node's real storage, on a runtime::MemDisk
//            per node that the Sim owns;
//   Ready    raft/ready_steps.h, the node's own order: appends and
//            heartbeats are sent first, then the Ready is written and synced,
//            then the rest. The sync completes sync_ms_max ms later at most
//            (a SimLoop timer); until then the node is blocked as by a real
//            fsync (no ticks; messages wait for it; clients are refused). A
//            crash before it completes loses the unsynced bytes, torn at a
//            random point (MemDisk::CrashRandomly), and the restart reads
//            them back through FileStorage's recovery.
//
// Faults: the network's; partitions; crashes (the core and state machine
// are lost, the disk keeps what was synced, the node restarts from it);
// pauses (a paused node neither ticks nor receives; messages wait for it);
// clock skew (per-node tick interval); wiping a node's disk.
//
// Two network modes: timed (messages travel through harness::Network) and
// manual (messages, round-tripped through the wire format, wait in pending()
// until a test delivers them one by one, for scripted interleavings such as
// Figure 8; the bench's Network has no such mode, hence this thin queue).
// In manual mode syncs complete at once: a test steps messages, not time.
//
// A violation is recorded in failure() (the first one wins) instead of
// aborting, so tests can also assert that a planted bug is caught. The same
// options and seed give the same run. Not thread-safe.
#ifndef NODES_RAFTKV_RAFT_SIM_SIM_H_
#define NODES_RAFTKV_RAFT_SIM_SIM_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "harness/net/latency.h"
#include "harness/net/net_faults.h"
#include "harness/net/network.h"
#include "harness/run/sim_loop.h"
#include "nodes/raftkv/raft/file_storage.h"
#include "nodes/raftkv/raft/raft.h"
#include "nodes/raftkv/raft/random.h"
#include "nodes/raftkv/raft/ready_steps.h"
#include "nodes/raftkv/raft/sim/sync_gate.h"
#include "runtime/mem_disk.h"

namespace raft::sim {

// The bench's uniform latency: an integer in [0, 2 * mean_ms) ms.
inline harness::LatencyModel UniformLatency(int64_t mean_ms) {
  return harness::LatencyModel{.mean_ms = mean_ms,
                               .dist = harness::LatencyDist::kUniform};
}

struct SimOptions {
  uint64_t seed = 1;
  int nodes = 3;
  Config raft;               // id and voters are filled in per node
  int tick_ms = 10;
  double clock_skew = 0;     // tick interval varies by up to this fraction
  int snapshot_every = 0;    // compact after this many applied entries; 0 = never
  bool manual_network = false;
  harness::LatencyModel latency = UniformLatency(5);
  harness::NetFaults faults;  // loss, duplication, reordering
  // A sync completes 1..sync_ms_max ms after the write; 0 = at once.
  int sync_ms_max = 3;
  // A crash keeps a random prefix of unsynced bytes half the time
  // (MemDisk::CrashRandomly); false loses them all (MemDisk::Crash).
  bool torn_writes = true;
  // Bodies travel as the JSON text the node prints (true) or as the JSON
  // tree (false: still the wire's encoder and decoder, without printing
  // and parsing, which is most of a run's cost).
  bool wire_text = true;
};

class Sim {
 public:
  explicit Sim(SimOptions options);

  // Time. RunFor advances virtual time; RunUntil stops early once pred holds
  // (checked every tick_ms) and returns whether it did.
  void RunFor(int64_t ms);
  bool RunUntil(const std::function<bool()>& pred, int64_t max_ms);
  int64_t now_ms() const {
    return (loop_.NowNs() - harness::SimLoop::kStartNs) / kNsPerMs;
  }

  // Faults. Node ids are 1..nodes.
  void Partition(const std::vector<std::vector<NodeId>>& groups);
  void Disconnect(NodeId id);  // isolate from everyone
  void Connect(NodeId id);     // back into the main group
  void Heal();
  void Crash(NodeId id);
  void Restart(NodeId id);
  void Pause(NodeId id);
  void Resume(NodeId id);
  // The node's clock runs at a new rate: it ticks every interval_ms from its
  // next tick on (a clock nemesis slowing or, with a huge value, stopping it).
  void SetTickInterval(NodeId id, int interval_ms);
  // Loses the node's durable state, as a node that never persisted would on
  // a crash. REQUIRES: the node is down.
  void Wipe(NodeId id);
  // Message faults for messages sent from now on (latency stays as built).
  void SetFaults(const harness::NetFaults& faults);
  bool up(NodeId id) const { return node(id).core != nullptr; }
  // Written a Ready and waiting for its sync (blocked, as in fsync).
  bool syncing(NodeId id) const { return node(id).syncing; }
  bool connected(NodeId a, NodeId b) const;

  // Clients. Propose returns the proposal if id is up and leader.
  std::optional<Raft::Proposal> Propose(NodeId id, const std::string& data);
  // Like 6.5840's one(): find a leader, propose cmd, wait until at least
  // `expected` nodes applied it. Returns its index, or 0 on failure.
  uint64_t One(const std::string& cmd, int expected, bool retry);
  // Number of nodes that have applied index (all must agree on the entry).
  int NCommitted(uint64_t index) const;
  // Issues a read-index read at id; checked when it completes.
  bool Read(NodeId id);
  int reads_done() const { return reads_done_; }

  // Observations.
  // The unique leader among up nodes in the highest term, if any.
  std::optional<NodeId> Leader() const;
  // The node's current term; 0 if it is down.
  uint64_t TermOf(NodeId id) const;
  Raft& core(NodeId id);
  uint64_t max_applied() const { return global_log_.size(); }
  uint64_t applied(NodeId id) const { return node(id).applied; }
  int nodes() const { return options_.nodes; }
  uint64_t messages_sent() const { return messages_sent_; }
  const harness::NetworkStats& net_stats() const { return network_->stats(); }
  // Bytes FileStorage cut off torn logs at restarts, over all nodes.
  uint64_t torn_bytes_dropped() const { return torn_bytes_dropped_; }
  // Syncs that a crash overtook (their unsynced writes were lost or torn).
  uint64_t syncs_lost() const { return syncs_lost_; }
  const std::string& failure() const { return failure_; }

  // Manual network.
  std::deque<Message>& pending() { return pending_; }
  // Delivers (and removes) the first pending message matching pred; false if
  // none matched.
  bool DeliverOne(const std::function<bool(const Message&)>& pred);
  // Delivers matching messages (including ones they cause) until none match.
  int DeliverAll(const std::function<bool(const Message&)>& pred);
  void DropAll(const std::function<bool(const Message&)>& pred);
  void TickNode(NodeId id);  // one tick to one node, manual mode
  void Campaign(NodeId id);  // start an election at id now
  void CheckAll();  // full invariant sweep (log matching included)

 private:
  static constexpr int64_t kNsPerMs = 1'000'000;
  struct Node {
    NodeId id = kNoNode;
    std::string name;  // the network endpoint
    std::unique_ptr<Raft> core;
    std::unique_ptr<runtime::MemDisk> disk;  // survives crashes
    std::unique_ptr<SyncGate> gate;          // over disk; FileStorage's disk
    std::unique_ptr<FileStorage> storage;    // reopened at every start
    std::unique_ptr<SeededRandom> random;
    bool paused = false;
    // A Ready written but not yet synced: the node is blocked until the
    // sync timer fires.
    bool syncing = false;
    harness::TimerId sync_timer;
    std::optional<harness::TimerId> tick_timer;
    int group = 0;
    int tick_interval_ms = 10;
    std::deque<Message> held;  // arrived while paused
    // The replicated state machine: a hash chain over applied commands.
    uint64_t applied = 0;
    uint64_t hash = 0;
    Role last_role = Role::kFollower;
    uint64_t last_term = 0;
  };
  struct PendingReadCheck {
    NodeId node;
    uint64_t min_index;  // applied somewhere before the read was issued
  };

  Node& node(NodeId id);
  const Node& node(NodeId id) const;
  void StartCore(Node& n);
  void ScheduleTick(Node& n, int64_t delay_ms);
  void ScheduleSweep();
  void OnTick(NodeId id);
  void Process(Node& n);
  void FinishReady(Node& n, const Ready& rd);
  void OnSynced(NodeId id, const Ready& rd);
  void DrainHeld(Node& n);
  ReadyHooks HooksFor(Node& n);
  void Deliver(const Message& m);
  void OnNetMessage(const harness::NetMessage& m);
  void Send(const Message& m);
  void UpdateGrudge();
  void ServeRead(Node& n, const ReadState& r);
  void ApplyEntry(Node& n, const Entry& e);
  void RestoreSnapshot(Node& n, const Snapshot& s);
  void CheckRoles(Node& n);
  void CheckLeaderCompleteness(Node& n);
  void CheckLogMatching();
  void Fail(const std::string& what);

  SimOptions options_;
  SeededRandom random_;
  std::mt19937_64 crash_engine_;  // how much of an unsynced write survives
  harness::SimLoop loop_;
  std::unique_ptr<harness::Network> network_;  // timed mode only
  std::vector<Node> nodes_;
  std::deque<Message> pending_;
  uint64_t messages_sent_ = 0;
  uint64_t torn_bytes_dropped_ = 0;
  uint64_t syncs_lost_ = 0;

  // Ground truth gathered from all nodes.
  struct Applied {
    uint64_t term;
    std::string data;
    uint64_t hash_after;
    // Term of the node that applied it first: an upper bound on the term in
    // which it was committed.
    uint64_t known_committed_term;
  };
  std::vector<Applied> global_log_;  // [i-1] = entry applied at index i
  std::map<uint64_t, NodeId> leader_of_term_;
  uint64_t next_read_ = 1;
  std::map<uint64_t, PendingReadCheck> reads_;
  int reads_done_ = 0;
  std::string failure_;
  bool trace_ = false;  // env RAFT_SIM_TRACE: print role changes
};

// One randomized run: random faults and client load for duration_ms, then
// heal everything and require progress. Returns "" or the first failure.
struct ChaosOptions {
  uint64_t seed = 1;
  int64_t duration_ms = 20000;
  bool naive_commit = false;
  bool unsafe_local_reads = false;  // planted bugs, see raft::Config
  bool lease_reads = false;
  bool wire_text = true;  // see SimOptions::wire_text
  bool verbose = false;
};
std::string RunChaos(const ChaosOptions& options);

}  // namespace raft::sim

#endif  // NODES_RAFTKV_RAFT_SIM_SIM_H_
