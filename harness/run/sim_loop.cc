#include "harness/run/sim_loop.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace harness {

TimerId SimLoop::At(int64_t time_ns, std::function<void()> cb) {
  return timers_.Add(time_ns, std::move(cb));
}

void SimLoop::Cancel(TimerId id) { timers_.Cancel(id); }

uint64_t SimLoop::AtTurnEnd(std::function<void()> cb) { return turn_end_.Add(std::move(cb)); }

void SimLoop::CancelTurnEnd(uint64_t handle) { turn_end_.Cancel(handle); }

bool SimLoop::CountAtInstant(int64_t events) {
  events_at_instant_ += events;
  if (events_at_instant_ <= max_events_per_instant_) return true;
  livelock_ = absl::StrCat("livelock: more than ", max_events_per_instant_,
                           " timer firings and turns at virtual time ", now_ns_,
                           " ns without time moving on");
  return false;
}

bool SimLoop::RunUntil(const std::function<bool()>& done, int64_t deadline_ns) {
  if (!livelock_.empty()) return done();
  while (true) {
    turn_end_.RunQueued();
    if (done()) return true;
    // Work queued by end-of-turn work belongs to this instant: run it
    // before time moves, as the EventLoop does not sleep while it waits.
    if (!turn_end_.empty()) {
      if (!CountAtInstant(1)) return false;
      continue;
    }
    if (timers_.empty() || timers_.next_time_ns() > deadline_ns) {
      if (deadline_ns > now_ns_) {
        now_ns_ = deadline_ns;
        events_at_instant_ = 0;
      }
      turn_end_.RunQueued();
      return done();
    }
    if (timers_.next_time_ns() > now_ns_) {
      now_ns_ = timers_.next_time_ns();
      events_at_instant_ = 0;
    }
    int fired = timers_.FireDue(now_ns_);
    turn_end_.RunQueued();
    if (done()) return true;
    if (!CountAtInstant(fired + 1)) return false;
  }
}

}  // namespace harness
