// Proves timers fire in (deadline, sequence) order, periodic timers re-arm
// without drift or bursts, cancellation works from anywhere, and a timer
// added during RunDue waits for the next turn.
#include <catch2/catch.hpp>

#include <string>

#include "runtime/timer_queue.h"

namespace runtime {
namespace {

TEST_CASE("Timers fire by deadline, ties in order of addition") {
  TimerQueue q;
  std::string order;
  q.Add(Time{30}, Duration::zero(), [&] { order += 'c'; });
  q.Add(Time{10}, Duration::zero(), [&] { order += 'a'; });
  q.Add(Time{10}, Duration::zero(), [&] { order += 'b'; });
  q.Add(Time{40}, Duration::zero(), [&] { order += 'd'; });
  CHECK(q.NextDeadline() == Time{10});
  q.RunDue(Time{35});
  CHECK(order == "abc");
  CHECK(q.size() == 1);
  q.RunDue(Time{40});
  CHECK(order == "abcd");
  CHECK_FALSE(q.NextDeadline().has_value());
}

TEST_CASE("A cancelled timer never fires; cancelling twice reports false") {
  TimerQueue q;
  int fired = 0;
  TimerId t = q.Add(Time{10}, Duration::zero(), [&] { ++fired; });
  CHECK(q.Cancel(t));
  CHECK_FALSE(q.Cancel(t));
  q.RunDue(Time{100});
  CHECK(fired == 0);
}

TEST_CASE("A timer can cancel a later timer due in the same turn, and itself") {
  TimerQueue q;
  int fired = 0;
  TimerId later = 0;
  TimerId self = 0;
  q.Add(Time{10}, Duration::zero(), [&] { q.Cancel(later); });
  later = q.Add(Time{20}, Duration::zero(), [&] { ++fired; });
  self = q.Add(Time{5}, Duration{10}, [&] { ++fired; q.Cancel(self); });
  q.RunDue(Time{100});
  CHECK(fired == 1);  // `self` once, `later` never
  CHECK(q.size() == 0);
}

TEST_CASE("Periodic timers keep their phase and do not burst after a stall") {
  TimerQueue q;
  std::vector<int64_t> at;
  Time now{0};
  q.Add(Time{100}, Duration{100}, [&] { at.push_back(now.count()); });
  for (int64_t t : {100, 200, 250, 300}) {
    now = Time{t};
    q.RunDue(now);
  }
  CHECK(at == std::vector<int64_t>{100, 200, 300});
  now = Time{1000};  // a long stall: fires once, then re-arms from now
  q.RunDue(now);
  CHECK(at.size() == 4);
  CHECK(q.NextDeadline() == Time{1100});
}

TEST_CASE("A zero-delay timer added while running waits for the next turn") {
  TimerQueue q;
  int fired = 0;
  std::function<void()> again = [&] {
    ++fired;
    q.Add(Time{0}, Duration::zero(), again);
  };
  q.Add(Time{0}, Duration::zero(), again);
  q.RunDue(Time{0});
  CHECK(fired == 1);
  q.RunDue(Time{0});
  CHECK(fired == 2);
}

}  // namespace
}  // namespace runtime
