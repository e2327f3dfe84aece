// Proves the stagger pacing of harness/docs/running.md, pacing on a manual clock: the
// first op at start, mean gap 1/R with every gap in [0, 2/R), workers picked
// round-robin, and with every worker busy the op waits for a free one and
// the schedule does not catch up.
#include "harness/run/pacer.h"

#include <catch2/catch.hpp>

namespace harness {
namespace {

constexpr int64_t kS = 1'000'000'000;

TEST_CASE("gaps are uniform in [0, 2/R) with mean 1/R, workers round-robin") {
  ManualScheduler sched;
  std::vector<int64_t> times;
  std::vector<size_t> who;
  Pacer pacer(&sched, 10.0, 3, Rng(5), [](size_t) { return false; },
              [&](size_t i) {
                times.push_back(sched.NowNs());
                who.push_back(i);
              });
  pacer.Start();
  sched.AdvanceTo(100 * kS);
  pacer.Stop();
  REQUIRE(times.front() == 0);
  REQUIRE(times.size() > 900);
  REQUIRE(times.size() < 1100);  // about R * 100 s
  for (size_t k = 1; k < times.size(); ++k) {
    CHECK(times[k] - times[k - 1] < 2 * kS / 10);
    CHECK(who[k] == (who[k - 1] + 1) % 3);
  }
}

TEST_CASE("with every worker busy the op waits and the schedule does not catch up") {
  ManualScheduler sched;
  bool busy = false;
  std::vector<int64_t> times;
  Pacer pacer(&sched, 1000.0, 1, Rng(2), [&](size_t) { return busy; },
              [&](size_t) {
                times.push_back(sched.NowNs());
                busy = true;  // each op takes 1 s
                sched.After(kS, [&] {
                  busy = false;
                  pacer.WorkerFreed();
                });
              });
  pacer.Start();
  sched.AdvanceTo(10 * kS);
  pacer.Stop();
  // One op per second, not 1000/s: the waiting op goes out when the worker
  // frees up, and missed slots are not made up.
  CHECK(times.size() == 11);
  for (size_t k = 1; k < times.size(); ++k) CHECK(times[k] - times[k - 1] == kS);
}

}  // namespace
}  // namespace harness
