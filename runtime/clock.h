// Clock: where a node's sense of time comes from.
//
// Node logic never reads std::chrono directly; it asks the Node (which asks
// its Clock) so tests drive time by hand and a simulator drives it virtually.
// Time is a duration since an arbitrary, fixed epoch of the clock.
//
// What a node's clock can do (say this to anyone who builds leases on it):
// SteadyClock reads CLOCK_MONOTONIC. Under the bench's clock nemesis that
// clock is faked per process (libfaketime), so it may jump forward or back
// by seconds and run faster or slower than real time; two nodes' clocks are
// not comparable and need not agree on how long a second is. Timers fire when
// the node's own clock passes their deadline. Any safety argument that needs
// bounded clock drift must say so and is broken by that nemesis on purpose.
// Seen by a real node under that nemesis (harness/testdata/clock_skew.sh):
// faked CLOCK_MONOTONIC reads like wall-clock time (about 1.7e9 s since the
// epoch, not time since boot), steps back or ahead by whole seconds at once,
// and a rate change rescales the time since the process started (so it
// jumps too). A raw backward step would stall every timer until the clock
// caught up again (a node stops heartbeating for as long as the step), so
// SteadyClock passes its readings through ForwardOnlyTime: a step back counts
// as no time passing; a step forward still counts in full, because a pause
// (SIGSTOP) looks the same and its time really passed.
//
// Thread-safety: none needed; one node, one thread.
#ifndef RUNTIME_CLOCK_H_
#define RUNTIME_CLOCK_H_

#include <chrono>
#include <cstdint>

namespace runtime {

using Duration = std::chrono::nanoseconds;
using Time = std::chrono::nanoseconds;  // since the clock's epoch

using namespace std::chrono_literals;  // 100ms, 5s in node code

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Time Now() = 0;
};

// Turns raw clock readings into a time that never goes back: each reading
// advances the result by how far the raw clock moved since the last reading,
// or by nothing if it moved back. The first reading is returned as it is.
class ForwardOnlyTime {
 public:
  Time Next(Time raw) {
    if (!started_) {
      started_ = true;
      now_ = raw;
    } else if (raw > last_raw_) {
      now_ += raw - last_raw_;
    } else if (raw < last_raw_) {
      ++backward_steps_;
    }
    last_raw_ = raw;
    return now_;
  }
  // How many readings were earlier than the one before them.
  int64_t backward_steps() const { return backward_steps_; }

 private:
  bool started_ = false;
  Time last_raw_{0};
  Time now_{0};
  int64_t backward_steps_ = 0;
};

// The process's monotonic clock, made forward-only (see above).
class SteadyClock final : public Clock {
 public:
  Time Now() override {
    return time_.Next(
        std::chrono::duration_cast<Time>(std::chrono::steady_clock::now().time_since_epoch()));
  }
  int64_t backward_steps() const { return time_.backward_steps(); }

 private:
  ForwardOnlyTime time_;
};

// A clock that moves only when told to; for tests and simulation.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Time start = Time{0}) : now_(start) {}
  Time Now() override { return now_; }
  void Advance(Duration d) { now_ += d; }
  void Set(Time t) { now_ = t; }

 private:
  Time now_;
};

// Milliseconds as a plain number, for logs and JSON.
inline long long ToMillis(Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace runtime

#endif  // RUNTIME_CLOCK_H_
