// SimLoop: the Loop (loop.h) of a simulated run: virtual time that jumps
// to the next timer and never sleeps or reads a clock.
//
// Time starts at kStartNs and moves only inside RunUntil: a turn sets the
// time to the earliest timer, fires every timer due then in (time,
// sequence) order (ManualScheduler's order), then runs the end-of-turn
// work. Pending end-of-turn work runs before time moves on. When no timer
// is due by the deadline, time becomes the deadline (never moving back)
// and RunUntil returns. So a run is a pure function of what its callbacks
// do: the same seed gives the same turns.
//
// A livelock (more than kMaxEventsPerInstant (or the constructor's bound)
// timer firings and turns
// without time moving, e.g. a timer that keeps re-arming at "now") stops
// the loop instead of hanging it: RunUntil returns false at once from then
// on and livelock() says where it happened.
// Not thread-safe: everything runs on the caller's thread.
#ifndef HARNESS_RUN_SIM_LOOP_H_
#define HARNESS_RUN_SIM_LOOP_H_

#include <cstdint>
#include <functional>
#include <string>

#include "harness/run/loop.h"
#include "harness/run/scheduler.h"
#include "harness/run/turn_end_queue.h"

namespace harness {

class SimLoop : public Loop {
 public:
  // 1 s, not 0, so times a component computes as "now - something" stay
  // positive early in a run, as they do on the monotonic clock.
  static constexpr int64_t kStartNs = 1'000'000'000;
  static constexpr int64_t kMaxEventsPerInstant = 10'000'000;

  explicit SimLoop(int64_t start_ns = kStartNs,
                   int64_t max_events_per_instant = kMaxEventsPerInstant)
      : now_ns_(start_ns), max_events_per_instant_(max_events_per_instant) {}
  SimLoop(const SimLoop&) = delete;
  SimLoop& operator=(const SimLoop&) = delete;

  int64_t NowNs() const override { return now_ns_; }
  TimerId At(int64_t time_ns, std::function<void()> cb) override;
  void Cancel(TimerId id) override;
  uint64_t AtTurnEnd(std::function<void()> cb) override;
  void CancelTurnEnd(uint64_t handle) override;
  bool RunUntil(const std::function<bool()>& done, int64_t deadline_ns) override;

  // Empty unless the loop stopped on a livelock; then what and when.
  const std::string& livelock() const { return livelock_; }
  size_t pending_timers() const { return timers_.size(); }

 private:
  // Counts `events` at the current instant; false (and livelock_ set) past
  // the bound.
  bool CountAtInstant(int64_t events);

  int64_t now_ns_;
  int64_t max_events_per_instant_;
  TimerQueue timers_;
  TurnEndQueue turn_end_;
  int64_t events_at_instant_ = 0;
  std::string livelock_;
};

}  // namespace harness

#endif  // HARNESS_RUN_SIM_LOOP_H_
