// Proves Ddmin finds a 1-minimal failing subset (Zeller and Hildebrandt
// 2002, section 4: ddmin) for failures that need one, two, all or none of
// the items, within a trial budget it never exceeds, calling the predicate
// only on sorted subsets and never twice on the same one; and that a plan
// becomes flags that ParseIndexList reads back.
#include "harness/sim/shrink.h"

#include <catch2/catch.hpp>
#include <set>

#include "harness/cli/flags.h"

namespace harness {
namespace {

std::vector<int64_t> Range(int64_t n) {
  std::vector<int64_t> v;
  for (int64_t i = 0; i < n; ++i) v.push_back(i);
  return v;
}

bool Has(const std::vector<int64_t>& kept, int64_t x) {
  return std::binary_search(kept.begin(), kept.end(), x);
}

// A predicate that also records what it was asked.
struct Probe {
  std::function<bool(const std::vector<int64_t>&)> fails;
  std::vector<std::vector<int64_t>> asked;
  std::function<bool(const std::vector<int64_t>&)> Fn() {
    return [this](const std::vector<int64_t>& kept) {
      asked.push_back(kept);
      return fails(kept);
    };
  }
};

TEST_CASE("ddmin reduces to what the failure needs") {
  struct Case {
    const char* name;
    int64_t n;
    std::function<bool(const std::vector<int64_t>&)> fails;
    std::vector<int64_t> want;
  } cases[] = {
      {"needs {3}", 10, [](const auto& k) { return Has(k, 3); }, {3}},
      {"needs {2,7}", 10, [](const auto& k) { return Has(k, 2) && Has(k, 7); }, {2, 7}},
      {"needs {0,63} of 64", 64, [](const auto& k) { return Has(k, 0) && Has(k, 63); }, {0, 63}},
      {"needs all", 6, [](const auto& k) { return k.size() == 6; }, Range(6)},
      {"needs nothing", 8, [](const auto&) { return true; }, {}},
      {"needs {5} or {6}", 10, [](const auto& k) { return Has(k, 5) || Has(k, 6); }, {5}},
      {"needs 3 items of 20", 20, [](const auto& k) { return k.size() >= 3; }, {0, 1, 2}},
      {"single item", 1, [](const auto& k) { return Has(k, 0); }, {0}},
  };
  for (auto& c : cases) {
    INFO(c.name);
    Probe probe{c.fails, {}};
    std::vector<int64_t> got = Ddmin(Range(c.n), probe.Fn(), 10'000);
    CHECK(got == c.want);
    // 1-minimal: dropping any one item makes the failure go away.
    for (size_t i = 0; i < got.size(); ++i) {
      std::vector<int64_t> less = got;
      less.erase(less.begin() + static_cast<long>(i));
      CHECK_FALSE(c.fails(less));
    }
    std::set<std::vector<int64_t>> distinct(probe.asked.begin(), probe.asked.end());
    CHECK(distinct.size() == probe.asked.size());  // never asks twice
    for (const auto& kept : probe.asked) CHECK(std::is_sorted(kept.begin(), kept.end()));
  }
}

TEST_CASE("ddmin's predicate calls stay within n^2 + 1 for one needed item") {
  for (int64_t n : {1, 2, 3, 7, 16, 33, 100}) {
    for (int64_t needed = 0; needed < n; needed += std::max<int64_t>(1, n / 5)) {
      INFO(n << " items, needs " << needed);
      int calls = 0;
      auto got = Ddmin(
          Range(n),
          [&](const std::vector<int64_t>& k) {
            ++calls;
            return Has(k, needed);
          },
          1'000'000);
      CHECK(got == std::vector<int64_t>{needed});
      CHECK(calls <= n * n + 1);
      // One needed item is found by halving: about 2 log2(n) trials.
      CHECK(calls <= 4 * (64 - __builtin_clzll(static_cast<uint64_t>(n))) + 2);
    }
  }
}

TEST_CASE("ddmin on a long run's ops: two needed ops of 20000 in a few dozen trials") {
  int calls = 0;
  auto got = Ddmin(
      Range(20000),
      [&](const std::vector<int64_t>& k) {
        ++calls;
        return Has(k, 123) && Has(k, 19999);
      },
      10'000);
  CHECK(got == std::vector<int64_t>{123, 19999});
  // 97 today: a few trials per halving (log2 20000 ~ 15) for each of the two.
  CHECK(calls <= 4 * 15 * 2);
}

TEST_CASE("ddmin never exceeds the trial cap and returns a failing subset") {
  auto fails = [](const std::vector<int64_t>& k) {
    return Has(k, 1) && Has(k, 10) && Has(k, 20) && Has(k, 33);
  };
  for (int cap : {0, 1, 2, 3, 5, 8, 13, 1000}) {
    INFO("cap " << cap);
    int calls = 0;
    auto got = Ddmin(
        Range(40),
        [&](const std::vector<int64_t>& k) {
          ++calls;
          return fails(k);
        },
        cap);
    CHECK(calls <= cap);
    CHECK(fails(got));
    if (cap == 1000) CHECK(got == std::vector<int64_t>{1, 10, 20, 33});
  }
}

TEST_CASE("ddmin is deterministic and sorts and dedupes its input") {
  auto fails = [](const std::vector<int64_t>& k) { return Has(k, 4) && Has(k, 9); };
  auto a = Ddmin({9, 4, 4, 1, 12, 0}, fails, 100);
  CHECK(a == std::vector<int64_t>{4, 9});
  CHECK(Ddmin({9, 4, 4, 1, 12, 0}, fails, 100) == a);
  CHECK(Ddmin({}, fails, 100).empty());
}

TEST_CASE("a shrink plan becomes flags that parse back to the same indices") {
  struct Case {
    std::vector<int64_t> indices;
    const char* text;
  } cases[] = {
      {{}, "none"},
      {{0}, "0"},
      {{0, 1, 2, 3, 9}, "0-3,9"},
      {{2, 4, 6}, "2,4,6"},
      {{5, 6, 7, 8, 20, 21}, "5-8,20-21"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(FormatIndexList(c.indices) == c.text);
    auto back = ParseIndexList(c.text);
    REQUIRE(back.ok());
    CHECK(*back == c.indices);
  }
  CHECK(FormatIndexList({3, 1, 2, 2}) == "1-3");
  ShrinkPlan plan{{0, 2}, {1, 2, 3}};
  CHECK(ShrinkFlags(plan) ==
        std::vector<std::string>{"--sim-nemesis-steps", "0,2", "--sim-ops", "1-3"});
  auto o = ParseTestFlags({"--bin", "x", ShrinkFlags(plan)[0], ShrinkFlags(plan)[1],
                           ShrinkFlags(plan)[2], ShrinkFlags(plan)[3]});
  REQUIRE(o.ok());
  CHECK(o->sim_nemesis_steps == plan.nemesis_steps_kept);
  CHECK(o->sim_ops == plan.ops_kept);
}

}  // namespace
}  // namespace harness
