// Proves the partition shapes of harness/docs/running.md, faults: complete splits cut
// both ways with the documented component sizes, :minority-third is a no-op
// for N <= 3, :majorities-ring leaves every node a distinct majority, and
// the nemesis schedule alternates start/stop with gaps below 2 * interval,
// first start at t = 0, same seed -> same schedule.
#include "harness/nemesis/nemesis.h"

#include <catch2/catch.hpp>
#include <set>

namespace harness {
namespace {

std::vector<std::string> Nodes(int n) {
  std::vector<std::string> v;
  for (int i = 0; i < n; ++i) v.push_back("n" + std::to_string(i));
  return v;
}

// Size of the component `node` is in: nodes it does not drop.
size_t Kept(const Grudge& g, const std::string& node, size_t n) {
  auto it = g.find(node);
  return it == g.end() ? n : n - it->second.size();
}

TEST_CASE("complete splits cut both ways with the documented sizes") {
  Rng rng(9);
  for (int n : {1, 2, 3, 4, 5, 7, 25}) {
    auto nodes = Nodes(n);
    struct Case {
      PartitionShape shape;
      size_t minority;
    } cases[] = {{PartitionShape::kOne, n >= 1 ? 1u : 0u},
                 {PartitionShape::kMajority, static_cast<size_t>(n / 2)},
                 {PartitionShape::kMinorityThird, static_cast<size_t>((n - 1) / 3)}};
    for (const auto& c : cases) {
      INFO("n=" << n << " shape=" << PartitionShapeName(c.shape));
      Grudge g = MakePartition(c.shape, nodes, rng);
      size_t small = 0;
      for (const auto& a : nodes) {
        for (const auto& b : g[a]) CHECK(g[b].contains(a));  // symmetric
        if (Kept(g, a, nodes.size()) == c.minority) ++small;
      }
      if (c.minority > 0 && 2 * c.minority != nodes.size()) CHECK(small == c.minority);
      if (c.minority == 0) {
        for (const auto& a : nodes) CHECK(g[a].empty());
      }
    }
  }
}

TEST_CASE("majorities-ring: each node keeps a majority, all different") {
  Rng rng(4);
  for (int n : {3, 4, 5, 7}) {
    auto nodes = Nodes(n);
    Grudge g = MakePartition(PartitionShape::kMajoritiesRing, nodes, rng);
    std::set<std::set<std::string>> kept_sets;
    for (const auto& a : nodes) {
      std::set<std::string> kept;
      for (const auto& b : nodes) {
        if (!g[a].contains(b)) kept.insert(b);
      }
      CHECK(kept.size() == static_cast<size_t>(n / 2 + 1));
      CHECK(kept.contains(a));
      kept_sets.insert(kept);
    }
    CHECK(kept_sets.size() == static_cast<size_t>(n));
  }
  for (const auto& [node, drops] : MakePartition(PartitionShape::kMajoritiesRing, Nodes(2), rng)) {
    CHECK(drops.empty());
  }
}

TEST_CASE("nemesis schedule alternates, starts at 0, gaps within [0, 2*interval)") {
  auto run = [](uint64_t seed) {
    ManualScheduler sched;
    Network net(&sched, NetworkOptions{}, Rng(1));
    std::vector<std::unique_ptr<Fault>> faults;
    faults.push_back(std::make_unique<PartitionFault>(&net, Nodes(5)));
    std::vector<std::pair<int64_t, std::string>> steps;
    Nemesis nemesis(&sched, std::move(faults), 10, Rng(seed),
                    [&](const std::string& f, const Fault::Step& s) {
                      steps.emplace_back(sched.NowNs(), f + " " + s.completion_value.ToEdn());
                    });
    nemesis.Start();
    sched.AdvanceTo(200'000'000'000);
    nemesis.StopSchedule();
    return steps;
  };
  auto steps = run(3);
  REQUIRE(steps.size() >= 4);
  CHECK(steps[0].first == 0);
  for (size_t i = 0; i < steps.size(); ++i) {
    bool start = steps[i].second.rfind("start-partition", 0) == 0;
    CHECK(start == (i % 2 == 0));
    if (start) CHECK(steps[i].second.find(":isolated") != std::string::npos);
    if (i > 0) CHECK(steps[i].first - steps[i - 1].first < 20'000'000'000);
  }
  CHECK(run(3) == steps);
  CHECK(run(4) != steps);
}

// A stand-in fault kind: composing it with partition needs no change to
// Nemesis; each kind keeps its own alternation.
class FakeFault : public Fault {
 public:
  std::string name() const override { return "fake"; }
  std::string start_f() const override { return "start-fake"; }
  std::string stop_f() const override { return "stop-fake"; }
  Step Start(Rng&) override {
    active_ = true;
    return {Value(), Value::Keyword("faked"), "faked"};
  }
  Step Stop() override {
    active_ = false;
    return {Value(), Value::Keyword("unfaked"), "unfaked"};
  }
  bool active() const override { return active_; }

 private:
  bool active_ = false;
};

TEST_CASE("fault kinds compose: each alternates on its own, StopAll stops every kind") {
  ManualScheduler sched;
  Network net(&sched, NetworkOptions{}, Rng(1));
  std::vector<std::unique_ptr<Fault>> faults;
  faults.push_back(std::make_unique<PartitionFault>(&net, Nodes(5)));
  faults.push_back(std::make_unique<FakeFault>());
  std::vector<std::string> partition_fs, fake_fs;
  Nemesis nemesis(&sched, std::move(faults), 1, Rng(8),
                  [&](const std::string& f, const Fault::Step&) {
                    (f.find("partition") != std::string::npos ? partition_fs : fake_fs)
                        .push_back(f);
                  });
  nemesis.Start();
  sched.AdvanceTo(30'000'000'000);
  nemesis.StopAll();
  REQUIRE(partition_fs.size() >= 3);
  REQUIRE(fake_fs.size() >= 3);
  for (size_t i = 0; i + 1 < fake_fs.size(); ++i) {
    CHECK(fake_fs[i] == (i % 2 == 0 ? "start-fake" : "stop-fake"));
  }
  CHECK(fake_fs.back() == "stop-fake");
  CHECK(partition_fs.back() == "stop-partition");
  CHECK(net.grudge().empty());
  CHECK(nemesis.StateText() == "healthy, healthy");
}

}  // namespace
}  // namespace harness
