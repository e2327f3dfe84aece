// Proves the SimLoop's contract with no real clock at all: timers fire in
// (time, sequence) order at their own virtual time, RunUntil checks done()
// after every turn and ends at its deadline with the clock on it, end-of-
// turn work runs once per turn after the turn's timers (and before time
// moves on), a livelock stops the loop instead of hanging it, and the same
// seeded program gives the same trace twice.
#include "harness/run/sim_loop.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "absl/strings/str_cat.h"
#include "harness/run/rng.h"

namespace harness {
namespace {

constexpr int64_t kMs = 1'000'000;

TEST_CASE("sim loop: timers fire in (time, sequence) order, each at its own time") {
  SimLoop loop;
  const int64_t t0 = loop.NowNs();
  CHECK(t0 == SimLoop::kStartNs);
  std::vector<std::pair<int, int64_t>> fired;  // (label, time it fired at)
  auto at = [&](int64_t t, int label) {
    return loop.At(t, [&, label] { fired.emplace_back(label, loop.NowNs()); });
  };
  at(t0 + 2 * kMs, 4);
  at(t0 + 1 * kMs, 1);
  at(t0 + 1 * kMs, 2);
  TimerId gone = at(t0 + 1 * kMs, 99);
  at(t0 + 1 * kMs, 3);
  loop.Cancel(gone);
  CHECK_FALSE(loop.RunUntil([] { return false; }, t0 + 10 * kMs));
  std::vector<std::pair<int, int64_t>> want = {
      {1, t0 + kMs}, {2, t0 + kMs}, {3, t0 + kMs}, {4, t0 + 2 * kMs}};
  CHECK(fired == want);
}

TEST_CASE("sim loop: RunUntil ends at its deadline with the clock on it") {
  SimLoop loop;
  const int64_t t0 = loop.NowNs();
  int at_deadline = 0, after = 0;
  loop.At(t0 + 5 * kMs, [&] { ++at_deadline; });
  loop.At(t0 + 5 * kMs + 1, [&] { ++after; });
  CHECK_FALSE(loop.RunUntil([] { return false; }, t0 + 5 * kMs));
  CHECK(loop.NowNs() == t0 + 5 * kMs);
  CHECK(at_deadline == 1);  // a timer on the deadline is due by it
  CHECK(after == 0);
  CHECK(loop.pending_timers() == 1);

  SECTION("with no timers at all, time still reaches the deadline") {
    SimLoop empty;
    CHECK_FALSE(empty.RunUntil([] { return false; }, empty.NowNs() + 7 * kMs));
    CHECK(empty.NowNs() == SimLoop::kStartNs + 7 * kMs);
  }
  SECTION("a deadline in the past never moves time back") {
    CHECK_FALSE(loop.RunUntil([] { return false; }, t0));
    CHECK(loop.NowNs() == t0 + 5 * kMs);
    CHECK(after == 0);
  }
  SECTION("a timer set in the past fires now, at the current time") {
    int64_t when = 0;
    loop.At(t0, [&] { when = loop.NowNs(); });
    loop.RunUntil([&] { return when != 0; }, loop.NowNs() + kMs);
    CHECK(when == t0 + 5 * kMs);
  }
}

TEST_CASE("sim loop: done() is checked after every turn") {
  SimLoop loop;
  const int64_t t0 = loop.NowNs();
  int fired = 0;
  loop.At(t0 + 1 * kMs, [&] { ++fired; });
  loop.At(t0 + 2 * kMs, [&] { ++fired; });
  CHECK(loop.RunUntil([&] { return fired == 1; }, t0 + 10 * kMs));
  CHECK(loop.NowNs() == t0 + 1 * kMs);
  CHECK(fired == 1);
  // Already done: returns at once, time unmoved.
  CHECK(loop.RunUntil([] { return true; }, t0 + 10 * kMs));
  CHECK(loop.NowNs() == t0 + 1 * kMs);
}

TEST_CASE("sim loop: end-of-turn work batches a turn and runs before time moves") {
  SimLoop loop;
  const int64_t t0 = loop.NowNs();
  std::vector<std::string> trace;
  bool flush_queued = false;
  // Three "sends" at one instant queue one flush, as NodeProcess does.
  auto send = [&](const std::string& what) {
    trace.push_back(what);
    if (flush_queued) return;
    flush_queued = true;
    loop.AtTurnEnd([&] {
      flush_queued = false;
      trace.push_back(absl::StrCat("flush@", (loop.NowNs() - t0) / kMs));
    });
  };
  for (std::string s : {"a", "b", "c"}) loop.At(t0 + kMs, [&, s] { send(s); });
  loop.At(t0 + 2 * kMs, [&] { send("d"); });
  uint64_t cancelled = loop.AtTurnEnd([&] { trace.push_back("cancelled"); });
  loop.CancelTurnEnd(cancelled);
  // Work that end-of-turn work adds runs at the same instant.
  loop.At(t0 + 3 * kMs, [&] {
    loop.AtTurnEnd([&] {
      loop.AtTurnEnd([&] { trace.push_back(absl::StrCat("nested@", (loop.NowNs() - t0) / kMs)); });
    });
  });
  loop.RunUntil([] { return false; }, t0 + 10 * kMs);
  std::vector<std::string> want = {"a", "b", "c", "flush@1", "d", "flush@2", "nested@3"};
  CHECK(trace == want);
}

TEST_CASE("sim loop: a timer re-arming at now is a livelock, reported, not a hang") {
  SimLoop loop(SimLoop::kStartNs, /*max_events_per_instant=*/10'000);
  const int64_t t0 = loop.NowNs();
  int64_t fires = 0;
  std::function<void()> again = [&] {
    ++fires;
    loop.At(loop.NowNs(), again);
  };
  loop.At(t0 + kMs, again);
  CHECK_FALSE(loop.RunUntil([] { return false; }, t0 + 10 * kMs));
  CHECK(fires > 10'000 / 2);
  CHECK(loop.NowNs() == t0 + kMs);
  CHECK_FALSE(loop.livelock().empty());
  // Stopped for good: later calls run nothing.
  int64_t before = fires;
  CHECK_FALSE(loop.RunUntil([] { return false; }, t0 + 10 * kMs));
  CHECK(fires == before);

  SECTION("end-of-turn work re-adding itself is one too") {
    SimLoop other(SimLoop::kStartNs, 1'000);
    std::function<void()> spin = [&] { other.AtTurnEnd(spin); };
    other.AtTurnEnd(spin);
    CHECK_FALSE(other.RunUntil([] { return false; }, other.NowNs() + kMs));
    CHECK_FALSE(other.livelock().empty());
  }
}

TEST_CASE("sim loop: many timers spread over time are no livelock") {
  SimLoop loop(SimLoop::kStartNs, /*max_events_per_instant=*/100);
  int64_t fires = 0;
  std::function<void()> tick = [&] {
    ++fires;
    loop.After(1, tick);
  };
  loop.After(1, tick);
  CHECK_FALSE(loop.RunUntil([] { return false; }, loop.NowNs() + 5'000));
  CHECK(fires == 5'000);
  CHECK(loop.livelock().empty());
}

// A small program whose timers, delays and turn-end work all come from a
// seeded Rng; returns its trace of (time, label).
std::vector<std::string> SeededTrace(uint64_t seed) {
  SimLoop loop;
  Rng rng(seed);
  std::vector<std::string> trace;
  std::function<void(int)> step = [&](int label) {
    trace.push_back(absl::StrCat(loop.NowNs(), ":", label));
    if (trace.size() > 500) return;
    int children = static_cast<int>(rng.UniformInt(0, 3));
    for (int i = 0; i < children; ++i) {
      int child = static_cast<int>(rng.UniformInt(0, 1000));
      if (rng.Coin()) {
        loop.After(rng.UniformInt(0, 5) * kMs, [&, child] { step(child); });
      } else {
        loop.AtTurnEnd([&, child] { step(child); });
      }
    }
  };
  for (int i = 0; i < 5; ++i) loop.After(i * kMs, [&, i] { step(i); });
  loop.RunUntil([] { return false; }, loop.NowNs() + 1000 * kMs);
  return trace;
}

TEST_CASE("sim loop: the same seed gives the same trace") {
  for (uint64_t seed : {1, 2, 3, 42}) {
    std::vector<std::string> a = SeededTrace(seed);
    CHECK(a.size() > 5);
    CHECK(a == SeededTrace(seed));
  }
  CHECK(SeededTrace(1) != SeededTrace(2));
}

}  // namespace
}  // namespace harness
