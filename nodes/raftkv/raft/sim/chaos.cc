// RunChaos: one seeded randomized run of the simulator (see sim.h).
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nodes/raftkv/raft/sim/sim.h"

namespace raft::sim {

std::string RunChaos(const ChaosOptions& o) {
  // A separate stream for the scenario so that changing the scenario does not
  // change network decisions and vice versa.
  SeededRandom r(o.seed * 0x9E3779B97F4A7C15ull + 12345);
  SimOptions so;
  so.seed = o.seed;
  so.nodes = r.Chance(0.5) ? 3 : 5;
  so.raft.election_ticks = 10;
  so.raft.heartbeat_ticks = 2;
  so.raft.naive_commit = o.naive_commit;
  so.raft.unsafe_local_reads = o.unsafe_local_reads;
  so.raft.lease_reads = o.lease_reads;
  so.raft.max_entries_per_msg = r.Chance(0.5) ? 1 : 1 + r.Uniform(16);
  so.raft.max_inflight_msgs = 1 + r.Uniform(8);
  so.tick_ms = 10;
  so.clock_skew = r.Chance(0.5) ? 0.3 : 0;
  so.snapshot_every = r.Chance(0.5) ? 0 : static_cast<int>(5 + r.Uniform(50));
  // The bench's network: uniform latency in [0, 2 * mean) ms, and its
  // message faults (the scenario stream still draws the same numbers).
  so.latency = UniformLatency(1 + static_cast<int64_t>(r.Uniform(16)));
  so.faults.loss_p =
      r.Chance(0.5) ? static_cast<double>(r.Uniform(15)) / 100 : 0;
  so.faults.duplicate_p = r.Chance(0.3) ? 0.05 : 0;
  so.faults.reorder_p = r.Chance(0.3) ? 0.03 : 0;
  so.faults.reorder_max_ms = 500;
  so.sync_ms_max = static_cast<int>(1 + r.Uniform(5));
  so.wire_text = o.wire_text;
  Sim sim(so);
  const int n = so.nodes;
  auto random_node = [&] { return static_cast<NodeId>(1 + r.Uniform(n)); };

  int cmd = 0;
  while (sim.now_ms() < o.duration_ms && sim.failure().empty()) {
    uint64_t action = r.Uniform(100);
    if (action < 55) {
      int k = 1 + static_cast<int>(r.Uniform(6));
      for (int i = 0; i < k; ++i) {
        if (r.Chance(0.7)) {
          // Propose everywhere a client might: stale leaders included.
          for (int id = 1; id <= n; ++id) {
            sim.Propose(id, absl::StrCat("c", cmd, "@", id));
          }
          ++cmd;
        } else {
          sim.Read(random_node());
        }
      }
    } else if (action < 63) {
      std::vector<NodeId> ids;
      for (int id = 1; id <= n; ++id) ids.push_back(id);
      for (int i = n - 1; i > 0; --i) std::swap(ids[i], ids[r.Uniform(i + 1)]);
      size_t cut = 1 + r.Uniform(n - 1);
      sim.Partition({std::vector<NodeId>(ids.begin(), ids.begin() + cut),
                     std::vector<NodeId>(ids.begin() + cut, ids.end())});
    } else if (action < 72) {
      sim.Heal();
    } else if (action < 82) {
      // Crash a leader more often than chance would: leader changes are
      // where commit-rule and completeness bugs live (Figure 8).
      std::optional<NodeId> leader = sim.Leader();
      NodeId id = leader.has_value() && r.Chance(0.7) ? *leader : random_node();
      if (r.Chance(0.5)) {
        // Inside the window between sending appends and their sync: a
        // leader is in it right after a proposal; otherwise step 1 ms at a
        // time (a sync lasts at least that) until id is syncing.
        sim.Propose(id, absl::StrCat("c", cmd++, "@", id));
        for (int i = 0; i < 50 && sim.up(id) && !sim.syncing(id); ++i) {
          sim.RunFor(1);
        }
      }
      if (sim.up(id)) sim.Crash(id);
    } else if (action < 88) {
      sim.Pause(random_node());
    }
    // Faults are transient: down and paused nodes come back after a while,
    // so the cluster keeps changing leaders instead of staying dead.
    for (int id = 1; id <= n; ++id) {
      if (!sim.up(id) && r.Chance(0.25)) sim.Restart(id);
      if (r.Chance(0.25)) sim.Resume(id);
    }
    sim.RunFor(10 + static_cast<int64_t>(r.Uniform(300)));
  }
  if (!sim.failure().empty()) return sim.failure();

  // Recovery: every fault removed; the cluster must make progress again.
  sim.Heal();
  sim.SetFaults(harness::NetFaults{});
  for (int id = 1; id <= n; ++id) {
    if (!sim.up(id)) sim.Restart(id);
    sim.Resume(id);
  }
  sim.RunFor(2000);
  if (sim.failure().empty() && sim.One("final", n, true) == 0) {
    return absl::StrCat("seed=", o.seed, ": no progress after healing (nodes=",
                        n, ", applied=", sim.max_applied(), ")");
  }
  sim.CheckAll();
  if (o.verbose) {
    std::printf("seed %llu: nodes=%d t=%lldms applied=%llu reads=%d msgs=%llu "
                "lost=%lld syncs_lost=%llu torn_bytes=%llu %s\n",
                static_cast<unsigned long long>(o.seed), n,
                static_cast<long long>(sim.now_ms()),
                static_cast<unsigned long long>(sim.max_applied()),
                sim.reads_done(),
                static_cast<unsigned long long>(sim.messages_sent()),
                static_cast<long long>(sim.net_stats().lost),
                static_cast<unsigned long long>(sim.syncs_lost()),
                static_cast<unsigned long long>(sim.torn_bytes_dropped()),
                sim.failure().empty() ? "ok" : sim.failure().c_str());
  }
  return sim.failure();
}

}  // namespace raft::sim
