// Proves DrawSwarm is a pure function of (base, seed) that varies with the
// seed, turns on only what the base asked for (at least one fault kind when
// any was asked), keeps its rates in the documented ranges, and that the
// configuration survives the trip through flags: the base's words plus
// SwarmFlags, parsed by the ordinary flag parser (the only validator),
// give exactly the options ApplySwarm gives.
#include "harness/sim/swarm.h"

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <tuple>

#include "harness/cli/flags.h"

namespace harness {
namespace {

TestOptions Parse(const std::vector<std::string>& words) {
  auto o = ParseTestFlags(words);
  REQUIRE(o.ok());
  return *o;
}

// Everything a SwarmConfig controls, for comparison.
auto Controlled(const TestOptions& o) {
  return std::make_tuple(o.nemesis, o.nemesis_interval_s, o.latency.mean_ms, o.latency.dist,
                         o.net_faults, o.rate, o.key_count, o.max_writes_per_key, o.max_txn_length);
}

const std::vector<std::vector<std::string>> kBases = {
    {"--bin", "x", "-w", "lin-kv", "--nemesis", "partition,kill,pause,clock", "--rate", "10"},
    {"--bin", "x", "-w", "txn-list-append", "--nemesis", "kill", "--nemesis-interval", "3"},
    {"--bin", "x", "-w", "kafka", "--key-count", "4", "--rate", "0.5"},
    {"--bin", "x", "-w", "broadcast", "--latency", "100", "--net-loss", "0.3", "--net-reorder",
     "0.5", "--net-reorder-max", "7"},
    {"--bin", "x", "-w", "echo", "--rate", "0"},
    {"--bin", "x", "-w", "g-counter", "--nemesis", "partition", "--nemesis-targets",
     "minority-third"},
};

TEST_CASE("swarm: the same seed draws the same configuration; seeds differ") {
  for (const auto& words : kBases) {
    TestOptions base = Parse(words);
    std::set<std::string> seen;
    for (uint64_t seed = 0; seed < 64; ++seed) {
      std::string d = Describe(DrawSwarm(base, seed));
      CHECK(d == Describe(DrawSwarm(base, seed)));
      CHECK(SwarmFlags(DrawSwarm(base, seed)) == SwarmFlags(DrawSwarm(base, seed)));
      seen.insert(d.substr(d.find(':')));  // without the seed itself
    }
    INFO(words[3]);
    CHECK(seen.size() > 16);
  }
}

TEST_CASE("swarm: only requested fault kinds, at least one, each sometimes off") {
  TestOptions base = Parse(kBases[0]);
  std::map<std::string, int> on;
  for (uint64_t seed = 0; seed < 400; ++seed) {
    SwarmConfig c = DrawSwarm(base, seed);
    REQUIRE_FALSE(c.nemesis.empty());
    for (const auto& k : c.nemesis) {
      CHECK(base.has_nemesis(k));
      ++on[k];
    }
    CHECK(c.nemesis_interval_s >= 10 / 4.0);
    CHECK(c.nemesis_interval_s <= 10 * 2.0);
  }
  for (const auto& k : base.nemesis) {
    INFO(k);
    CHECK(on[k] > 150);  // about 1/2 + 1/16 of 400
    CHECK(on[k] < 300);
  }
  // No fault kind asked: none drawn, and no network fault either.
  TestOptions quiet = Parse(kBases[4]);
  for (uint64_t seed = 0; seed < 100; ++seed) {
    SwarmConfig c = DrawSwarm(quiet, seed);
    CHECK(c.nemesis.empty());
    CHECK_FALSE(c.net_faults.any());
    CHECK(c.rate == 0);
  }
}

TEST_CASE("swarm: network faults only where allowed, at small or base-capped rates") {
  TestOptions partition = Parse(kBases[0]);
  int loss = 0, dup = 0, reorder = 0, none = 0;
  for (uint64_t seed = 0; seed < 400; ++seed) {
    NetFaults f = DrawSwarm(partition, seed).net_faults;
    CHECK(f.loss_p <= 0.05);
    CHECK(f.duplicate_p <= 0.05);
    CHECK(f.reorder_p <= 0.2);
    loss += f.loss_p > 0;
    dup += f.duplicate_p > 0;
    reorder += f.reorder_p > 0;
    none += !f.any();
  }
  CHECK(loss > 150);
  CHECK(dup > 150);
  CHECK(reorder > 150);
  CHECK(none > 20);  // about 1/8 of runs see a clean network
  // Asked rates are ceilings, and unasked kinds stay off without partitions.
  TestOptions capped = Parse(kBases[3]);
  for (uint64_t seed = 0; seed < 200; ++seed) {
    NetFaults f = DrawSwarm(capped, seed).net_faults;
    CHECK(f.loss_p <= 0.3);
    CHECK(f.reorder_p <= 0.5);
    CHECK(f.duplicate_p == 0);
    CHECK(f.reorder_max_ms == 7);
  }
}

TEST_CASE("swarm: key-space shapes vary only for kafka and txn") {
  TestOptions txn = Parse(kBases[1]);
  std::set<std::tuple<std::optional<int>, int, int>> shapes;
  for (uint64_t seed = 0; seed < 100; ++seed) {
    SwarmConfig c = DrawSwarm(txn, seed);
    shapes.emplace(c.key_count, c.max_writes_per_key, c.max_txn_length);
  }
  CHECK(shapes.size() > 10);
  CHECK(shapes.contains({std::nullopt, 16, 4}));  // the base's, kept half the time
  TestOptions lin = Parse(kBases[0]);
  for (uint64_t seed = 0; seed < 100; ++seed) {
    SwarmConfig c = DrawSwarm(lin, seed);
    CHECK_FALSE(c.key_count.has_value());
    CHECK(c.max_writes_per_key == 16);
    CHECK(c.max_txn_length == 4);
  }
}

TEST_CASE("swarm: base flags + SwarmFlags parse to exactly what ApplySwarm sets") {
  for (const auto& words : kBases) {
    TestOptions base = Parse(words);
    for (uint64_t seed = 0; seed < 200; ++seed) {
      SwarmConfig c = DrawSwarm(base, seed);
      TestOptions applied = base;
      ApplySwarm(c, &applied);
      std::vector<std::string> replay = words;
      for (const auto& f : SwarmFlags(c)) replay.push_back(f);
      auto parsed = ParseTestFlags(replay);
      INFO(Describe(c));
      REQUIRE(parsed.ok());  // valid options, by the only validator there is
      CHECK(Controlled(*parsed) == Controlled(applied));
      // What swarm does not control is untouched.
      CHECK(applied.workload == base.workload);
      CHECK(applied.nodes == base.nodes);
      CHECK(applied.nemesis_targets == base.nemesis_targets);
    }
  }
}

TEST_CASE("swarm: one dimension's draws do not depend on another's base") {
  // Changing the base's nemesis changes no latency, rate or workload draw.
  TestOptions a = Parse({"--bin", "x", "-w", "kafka", "--rate", "8"});
  TestOptions b = Parse({"--bin", "x", "-w", "kafka", "--rate", "8", "--nemesis", "kill,pause"});
  for (uint64_t seed = 0; seed < 50; ++seed) {
    SwarmConfig ca = DrawSwarm(a, seed), cb = DrawSwarm(b, seed);
    CHECK(ca.latency.mean_ms == cb.latency.mean_ms);
    CHECK(ca.latency.dist == cb.latency.dist);
    CHECK(ca.rate == cb.rate);
    CHECK(ca.key_count == cb.key_count);
  }
}

}  // namespace
}  // namespace harness
