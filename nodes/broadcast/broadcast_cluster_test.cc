// Proves the broadcast node end to end on the bench's simulator
// (harness::SimCluster: the bench's network, Maelstrom's latency models,
// virtual time), each node built through kBroadcastProgram exactly as
// node-broadcast builds it: under random partitions and reordering, every
// acknowledged value reaches every node after the heal, and afterwards
// nothing stays queued for any peer (acks freed it all); and what each mode
// costs in messages per broadcast without faults.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "harness/host/sim_cluster.h"
#include "harness/host/sim_process.h"
#include "nodes/broadcast/program.h"

namespace broadcast {
namespace {

using harness::LatencyDist;
using harness::SimCluster;

std::string Id(int i) { return absl::StrCat("n", i); }

SimCluster::Options Cluster(int n, uint64_t seed, LatencyDist dist, std::vector<std::string> args) {
  SimCluster::Options o;
  o.nodes = n;
  o.seed = seed;
  o.latency = {.mean_ms = 100, .dist = dist};
  o.process = harness::RuntimeSimProcess(&kBroadcastProgram, std::move(args));
  return o;
}

bool Broadcast(SimCluster& c, int i, int64_t value) {
  auto reply = c.Request(Id(i), {{"type", "broadcast"}, {"message", value}});
  return reply && reply->value("type", "") == "broadcast_ok";
}

std::vector<int64_t> Read(SimCluster& c, int i) {
  auto reply = c.Request(Id(i), {{"type", "read"}});
  if (!reply || !reply->contains("messages")) return {-1};  // no answer: never equals a real read
  return reply->at("messages").get<std::vector<int64_t>>();
}

// The end-to-end property, over modes, latency distributions and seeds:
// random broadcasts at random nodes while random partitions come and go,
// then a heal and 10 s of quiet (Maelstrom's recovery window). Every
// acknowledged value must then be in every node's read, and a while later
// no link may still hold anything (the acks came back).
TEST_CASE("Partitions then heal: every acknowledged value reaches every node and links drain") {
  struct Setting {
    const char* what;
    std::vector<std::string> args;
    LatencyDist latency;
  };
  std::vector<Setting> settings = {
      {"fanout", {"--mode", "fanout"}, LatencyDist::kConstant},
      {"fanout, exponential latency", {"--mode", "fanout"}, LatencyDist::kExponential},
      {"fanout batched", {"--mode", "fanout", "--flush-ms", "150"}, LatencyDist::kExponential},
      {"tree", {"--mode", "tree", "--flush-ms", "400"}, LatencyDist::kConstant},
      {"tree, exponential latency", {"--mode", "tree", "--flush-ms", "200"}, LatencyDist::kExponential},
      {"tree with a lead, exponential latency",
       {"--mode", "tree", "--flush-ms", "600", "--lead-ms", "250"},
       LatencyDist::kExponential},
  };
  for (const Setting& s : settings) {
    for (uint64_t seed = 1; seed <= 4; ++seed) {
      INFO(s.what << ", seed " << seed);
      const int n = 7;
      SimCluster c(Cluster(n, seed, s.latency, s.args));
      REQUIRE(c.InitAll());
      std::mt19937_64 rng(seed);
      std::vector<int64_t> acked;
      int64_t next = 0;
      for (int round = 0; round < 12; ++round) {
        // A random split into two sides, or a healthy period.
        c.Heal();
        if (rng() % 3 != 0) {
          std::vector<std::string> a, b;
          for (int i = 0; i < n; ++i) (rng() % 2 ? a : b).push_back(Id(i));
          c.Partition(a, b);
        }
        for (int k = 0; k < 40; ++k) {
          if (Broadcast(c, int(rng() % n), next)) acked.push_back(next);
          ++next;
          c.RunMs(int64_t(rng() % 50));
        }
        c.RunMs(int64_t(rng() % 3000));
      }
      c.Heal();
      c.RunMs(10'000);
      std::sort(acked.begin(), acked.end());
      for (int i = 0; i < n; ++i) CHECK(Read(c, i) == acked);
      // Acks may trail the data by a backed-off resend plus an ack delay or two.
      c.RunMs(15'000);
      for (int i = 0; i < n; ++i) {
        auto* p = c.program<BroadcastProgram>(Id(i));
        REQUIRE(p != nullptr);
        CHECK(p->broadcast.unacked_total() == 0);
      }
      CHECK(c.dropped_by_partition() > 0);  // the partitions did bite
    }
  }
}

// What the modes cost without faults, in the 3d/3e shape scaled down in
// time: 25 nodes, 100 ms latency, 50 broadcasts/s for 10 s. Fanout needs
// about N-1 messages per broadcast plus few pure acks; the tree about
// 2(N-1) per flush period whatever the load.
TEST_CASE("Message cost per broadcast without faults") {
  struct Setting {
    const char* what;
    std::vector<std::string> args;
    double max_per_broadcast;
  };
  std::vector<Setting> settings = {
      {"fanout", {"--mode", "fanout"}, 24 * 1.05},
      {"tree 400 ms", {"--mode", "tree", "--flush-ms", "400"}, 2.0},
  };
  for (const Setting& s : settings) {
    INFO(s.what);
    SimCluster c(Cluster(25, 3, LatencyDist::kConstant, s.args));
    REQUIRE(c.InitAll());
    std::mt19937_64 rng(3);
    const int broadcasts = 500;
    // Clients do not wait for each other (a reply may wait behind a peer's
    // message on the node's queue), so the load is 50/s whatever the replies do.
    int ok = 0;
    for (int k = 0; k < broadcasts; ++k) {
      c.Call(Id(int(rng() % 25)), {{"type", "broadcast"}, {"message", k}}, 5'000,
             [&](std::optional<nlohmann::json> r) { ok += r && r->value("type", "") == "broadcast_ok"; });
      c.RunMs(20);
    }
    c.RunMs(10'000);
    REQUIRE(ok == broadcasts);
    double per_broadcast = double(c.server_messages()) / broadcasts;
    UNSCOPED_INFO(s.what << ": " << per_broadcast << " messages per broadcast over " << c.now_ns() / 1'000'000
                         << " ms");
    CHECK(per_broadcast <= s.max_per_broadcast);
    for (int i = 0; i < 25; ++i) CHECK(Read(c, i).size() == size_t(broadcasts));
  }
}

}  // namespace
}  // namespace broadcast
