// Scheduler: "now" and timers, the only way bench components see time.
//
// The network, the services, the clients and the nemesis never read a clock
// or sleep; they ask a Scheduler. The real run uses the EventLoop (monotonic
// clock, epoll); unit tests use ManualScheduler, whose time moves only when
// the test says so, so queue quirks and pacing are tested exactly.
//
// Timers fire in (time, sequence) order: two timers at the same instant fire
// in the order they were set. A callback may set or cancel timers. Not
// thread-safe: everything runs on the loop's one thread.
#ifndef HARNESS_RUN_SCHEDULER_H_
#define HARNESS_RUN_SCHEDULER_H_

#include <cstdint>
#include <functional>
#include <utility>

#include "absl/container/btree_map.h"

namespace harness {

struct TimerId {
  int64_t time_ns = 0;
  uint64_t seq = 0;
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  virtual int64_t NowNs() const = 0;
  // Runs `cb` once at `time_ns` (or as soon as possible if that has passed).
  virtual TimerId At(int64_t time_ns, std::function<void()> cb) = 0;
  // Removes a pending timer; cancelling a fired or unknown timer is a no-op.
  virtual void Cancel(TimerId id) = 0;
  TimerId After(int64_t delay_ns, std::function<void()> cb) {
    return At(NowNs() + delay_ns, std::move(cb));
  }
};

// The timer queue both schedulers share: ordered by (time, sequence).
class TimerQueue {
 public:
  TimerId Add(int64_t time_ns, std::function<void()> cb) {
    TimerId id{time_ns, next_seq_++};
    timers_.emplace(std::make_pair(id.time_ns, id.seq), std::move(cb));
    return id;
  }
  void Cancel(TimerId id) { timers_.erase(std::make_pair(id.time_ns, id.seq)); }
  bool empty() const { return timers_.empty(); }
  size_t size() const { return timers_.size(); }
  int64_t next_time_ns() const { return timers_.begin()->first.first; }
  // Fires every timer due at or before `now_ns`, including ones that due
  // timers add for times <= now_ns, but at most kMaxFiresPerCall, so a
  // timer that keeps re-arming itself at "now" cannot starve I/O and the
  // caller's deadline checks. Returns how many fired.
  static constexpr int kMaxFiresPerCall = 100'000;
  int FireDue(int64_t now_ns) {
    int fired = 0;
    while (!timers_.empty() && timers_.begin()->first.first <= now_ns &&
           fired < kMaxFiresPerCall) {
      auto node = timers_.extract(timers_.begin());
      node.mapped()();
      ++fired;
    }
    return fired;
  }

 private:
  uint64_t next_seq_ = 0;
  absl::btree_map<std::pair<int64_t, uint64_t>, std::function<void()>> timers_;
};

// A scheduler whose clock moves only through AdvanceTo/AdvanceBy (tests).
class ManualScheduler : public Scheduler {
 public:
  int64_t NowNs() const override { return now_ns_; }
  TimerId At(int64_t time_ns, std::function<void()> cb) override {
    return timers_.Add(time_ns, std::move(cb));
  }
  void Cancel(TimerId id) override { timers_.Cancel(id); }
  // Moves time forward to `time_ns`, firing every timer due on the way at
  // its own time.
  void AdvanceTo(int64_t time_ns) {
    while (!timers_.empty() && timers_.next_time_ns() <= time_ns) {
      if (timers_.next_time_ns() > now_ns_) now_ns_ = timers_.next_time_ns();
      timers_.FireDue(now_ns_);
    }
    if (time_ns > now_ns_) now_ns_ = time_ns;
  }
  void AdvanceBy(int64_t delta_ns) { AdvanceTo(now_ns_ + delta_ns); }
  size_t pending() const { return timers_.size(); }

 private:
  int64_t now_ns_ = 0;
  TimerQueue timers_;
};

}  // namespace harness

#endif  // HARNESS_RUN_SCHEDULER_H_
