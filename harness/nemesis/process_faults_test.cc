// Proves the kill, pause and clock faults: targets have the documented
// sizes (one, minority, majority, all) and cover every kind for some seed;
// Stop undoes exactly what Start did and nothing else; a node already down
// is not counted as hit; the history values have Jepsen's shapes; pause's
// Release resumes while kill's leaves nodes down; clock specs stay in the
// documented set; and the three kinds compose with partition in one
// Nemesis, StopAll leaving every node up, running and on real time.
#include "harness/nemesis/process_faults.h"

#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/str_join.h"
#include "harness/nemesis/nemesis.h"
#include "harness/nemesis/targets.h"

namespace harness {
namespace {

std::vector<std::string> Nodes(int n) {
  std::vector<std::string> v;
  for (int i = 0; i < n; ++i) v.push_back("n" + std::to_string(i));
  return v;
}

class FakeControl : public NodeControl {
 public:
  std::set<std::string> down, paused;
  std::map<std::string, ClockSkew> clock;
  bool Kill(const std::string& id) override { return down.insert(id).second; }
  bool Restart(const std::string& id) override { return down.erase(id) > 0; }
  bool Pause(const std::string& id) override {
    return !down.contains(id) && paused.insert(id).second;
  }
  bool Resume(const std::string& id) override { return paused.erase(id) > 0; }
  bool SetClock(const std::string& id, const ClockSkew& skew) override {
    clock[id] = skew;
    return true;
  }
};

TEST_CASE("targets: documented sizes per kind, every kind drawn, nodes in order") {
  struct Case {
    int n;
    std::map<std::string, size_t> sizes;
  } cases[] = {
      {1, {{"one", 1}, {"minority", 1}, {"majority", 1}, {"all", 1}}},
      {2, {{"one", 1}, {"minority", 1}, {"majority", 2}, {"all", 2}}},
      {3, {{"one", 1}, {"minority", 1}, {"majority", 2}, {"all", 3}}},
      {5, {{"one", 1}, {"minority", 2}, {"majority", 3}, {"all", 5}}},
  };
  for (const auto& c : cases) {
    Rng rng(c.n);
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
      Targets t = PickTargets(Nodes(c.n), rng);
      INFO("n=" << c.n << " kind=" << t.kind);
      REQUIRE(c.sizes.contains(t.kind));
      CHECK(t.nodes.size() == c.sizes.at(t.kind));
      CHECK(std::is_sorted(t.nodes.begin(), t.nodes.end()));
      seen.insert(t.kind);
    }
    CHECK(seen.size() == 4);
  }
}

TEST_CASE("kill: Stop restarts exactly the nodes Start killed; values in Jepsen's shape") {
  FakeControl control;
  ProcessFault kill(ProcessFault::Kind::kKill, &control, Nodes(5));
  Rng rng(3);
  for (int round = 0; round < 20; ++round) {
    control.down.insert("n4");  // a node some other fault already took down
    Fault::Step s = kill.Start(rng);
    CHECK(kill.active());
    CHECK(s.invoke_value.kind() == Value::Kind::kKeyword);
    CHECK(s.completion_value.ToEdn().find("\"n4\"") == std::string::npos);
    std::set<std::string> killed = control.down;
    killed.erase("n4");
    Fault::Step r = kill.Stop();
    CHECK_FALSE(kill.active());
    CHECK(control.down == std::set<std::string>{"n4"});
    CHECK(r.completion_value.ToEdn() == s.completion_value.ToEdn());
    control.down.clear();
  }
}

TEST_CASE("pause: Release resumes the paused nodes; kill's Release leaves them down") {
  FakeControl control;
  ProcessFault pause(ProcessFault::Kind::kPause, &control, Nodes(3));
  ProcessFault kill(ProcessFault::Kind::kKill, &control, Nodes(3));
  Rng rng(1);
  pause.Start(rng);
  REQUIRE_FALSE(control.paused.empty());
  pause.Release();
  CHECK(control.paused.empty());
  CHECK_FALSE(pause.active());
  kill.Start(rng);
  auto down = control.down;
  REQUIRE_FALSE(down.empty());
  kill.Release();
  CHECK(control.down == down);
  CHECK_FALSE(kill.active());
}

TEST_CASE("primary guess: the strictly busiest node sender, else none") {
  using Counts = std::map<std::string, int64_t>;
  struct Case {
    Counts sends;
    std::optional<std::string> primary;
  } cases[] = {
      {{}, std::nullopt},
      {{{"n1", 0}}, std::nullopt},
      {{{"n1", 40}, {"n2", 20}, {"n3", 21}}, "n1"},
      {{{"n1", 5}, {"n2", 9}}, "n2"},
      {{{"n1", 9}, {"n2", 9}, {"n3", 1}}, std::nullopt},  // a tie: gossip, not a leader
  };
  for (const auto& c : cases) CHECK(GuessPrimary(c.sends) == c.primary);
}

TEST_CASE("targets policy: only the listed kinds; primaries hits the guess, else a random node") {
  auto nodes = Nodes(5);
  std::optional<std::string> guess = "n3";
  TargetPolicy policy{{"primaries"}, [&] { return guess; }};
  Rng rng(3);
  for (int i = 0; i < 20; ++i) {
    Targets t = PickTargets(nodes, rng, policy);
    CHECK(t.kind == "primaries");
    CHECK(t.nodes == std::vector<std::string>{"n3"});
  }
  guess.reset();
  std::set<std::string> hit;
  for (int i = 0; i < 200; ++i) {
    Targets t = PickTargets(nodes, rng, policy);
    REQUIRE(t.nodes.size() == 1);
    hit.insert(t.nodes[0]);
  }
  CHECK(hit.size() == 5);
  // Listed kinds only, each drawn; the default set never draws primaries.
  TargetPolicy two{{"one", "all"}, {}};
  std::set<std::string> kinds;
  for (int i = 0; i < 200; ++i) kinds.insert(PickTargets(nodes, rng, two).kind);
  CHECK(kinds == std::set<std::string>{"one", "all"});
  kinds.clear();
  for (int i = 0; i < 400; ++i) kinds.insert(PickTargets(nodes, rng).kind);
  CHECK(kinds == std::set<std::string>{"one", "minority", "majority", "all"});
}

TEST_CASE("partition :primaries cuts the guessed primary off from every other node") {
  ManualScheduler sched;
  Network net(&sched, NetworkOptions{}, Rng(1));
  PartitionFault partition(&net, Nodes(5), TargetPolicy{{"primaries"}, [] {
                                                          return std::optional<std::string>("n2");
                                                        }});
  Rng rng(4);
  Fault::Step s = partition.Start(rng);
  CHECK(s.description == "primaries");
  const Grudge& g = net.grudge();
  CHECK(g.at("n2").size() == 4);
  for (const char* other : {"n0", "n1", "n3", "n4"}) {
    CHECK(g.at(other) == absl::btree_set<std::string>{"n2"});
  }
}

TEST_CASE("clock: specs from the documented set; Stop resets the skewed nodes to real time") {
  Rng rng(5);
  std::set<std::string> allowed = {"+0 x0.1", "+0 x0.25", "+0 x0.5",
                                   "+0 x2",   "+0 x4",    "+0 x10"};
  for (int s = 1; s <= 10; ++s) {
    allowed.insert("+" + std::to_string(s) + "s x1");
    allowed.insert("-" + std::to_string(s) + "s x1");
  }
  std::set<std::string> seen;
  for (int i = 0; i < 500; ++i) seen.insert(ClockFault::DrawSkew(rng).ToString());
  for (const auto& spec : seen) CHECK(allowed.contains(spec));
  CHECK(seen.size() == allowed.size());

  FakeControl control;
  ClockFault clock(&control, Nodes(5));
  Fault::Step s = clock.Start(rng);
  CHECK(s.completion_value.kind() == Value::Kind::kMap);
  REQUIRE_FALSE(control.clock.empty());
  clock.Stop();
  for (const auto& [id, spec] : control.clock) CHECK(spec.is_true_time());
}

// Golden values: the specs today's seeds drew when the nemesis drew
// libfaketime strings (before ClockSkew), so typed skews keep every
// stored seed's schedule and history text.
TEST_CASE("clock: a seed draws the same skews, in the same text, as before ClockSkew") {
  struct Case {
    uint64_t seed;
    const char* eight_draws;
  } cases[] = {
      {1, "+0 x0.1|+0 x0.1|+0 x2|+0 x2|-5s x1|-8s x1|+0 x2|+0 x0.1"},
      {7, "-1s x1|-2s x1|-9s x1|+7s x1|+0 x0.1|+6s x1|-8s x1|-3s x1"},
      {42, "+5s x1|+0 x10|+0 x4|+0 x4|+0 x0.25|+3s x1|+3s x1|+0 x0.25"},
      {1234, "+9s x1|+6s x1|-8s x1|-9s x1|+0 x4|+0 x0.5|+0 x4|+0 x4"},
      {99999, "+0 x0.1|+0 x0.25|+0 x10|+6s x1|+9s x1|+8s x1|-3s x1|+0 x0.1"},
  };
  for (const auto& c : cases) {
    Rng rng(c.seed);
    std::vector<std::string> draws;
    for (int i = 0; i < 8; ++i) draws.push_back(ClockFault::DrawSkew(rng).ToString());
    INFO("seed " << c.seed);
    CHECK(absl::StrJoin(draws, "|") == c.eight_draws);
  }
  // And the history values a Start records, targets and all.
  struct StepCase {
    uint64_t seed;
    std::vector<std::string> completions;
  } steps[] = {
      {7,
       {R"({"n0" "+0 x2", "n1" "+2s x1", "n2" "-6s x1", "n3" "+0 x0.1", "n4" "+0 x10"})",
        R"({"n0" "+0 x0.25", "n3" "+0 x0.5"})",
        R"({"n0" "+0 x0.25", "n1" "+1s x1", "n2" "-2s x1", "n3" "+6s x1", "n4" "-10s x1"})"}},
      {11,
       {R"({"n0" "+0 x4", "n1" "+8s x1", "n2" "+0 x0.5", "n3" "-9s x1", "n4" "+0 x2"})",
        R"({"n1" "-7s x1", "n3" "+0 x2"})", R"({"n0" "-6s x1", "n2" "+0 x0.5", "n4" "+0 x10"})"}},
  };
  for (const auto& c : steps) {
    FakeControl control;
    ClockFault clock(&control, Nodes(5));
    Rng rng(c.seed);
    for (const std::string& want : c.completions) {
      INFO("seed " << c.seed);
      CHECK(clock.Start(rng).completion_value.ToEdn() == want);
      clock.Stop();
    }
  }
}

TEST_CASE("all four kinds compose in one Nemesis; StopAll heals every one") {
  ManualScheduler sched;
  Network net(&sched, NetworkOptions{}, Rng(1));
  FakeControl control;
  std::vector<std::unique_ptr<Fault>> faults;
  faults.push_back(std::make_unique<PartitionFault>(&net, Nodes(5)));
  faults.push_back(std::make_unique<ProcessFault>(ProcessFault::Kind::kKill, &control, Nodes(5)));
  faults.push_back(std::make_unique<ProcessFault>(ProcessFault::Kind::kPause, &control, Nodes(5)));
  faults.push_back(std::make_unique<ClockFault>(&control, Nodes(5)));
  std::map<std::string, int> counts;
  Nemesis nemesis(&sched, std::move(faults), 1, Rng(2),
                  [&](const std::string& f, const Fault::Step&) { ++counts[f]; });
  nemesis.Start();
  sched.AdvanceTo(20'000'000'000);
  nemesis.StopAll();
  for (const char* f : {"start-partition", "kill", "pause", "skew-clock"}) CHECK(counts[f] >= 3);
  CHECK(control.down.empty());
  CHECK(control.paused.empty());
  for (const auto& [id, spec] : control.clock) CHECK(spec.is_true_time());
  CHECK(net.grudge().empty());
  CHECK(nemesis.StateText() == "healthy, healthy, healthy, healthy");
}

}  // namespace
}  // namespace harness
