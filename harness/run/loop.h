// Loop: the run's single thread of control, whichever clock drives it.
//
// A Loop is a Scheduler (now + timers) that also runs turns. A turn fires
// every due timer, then the end-of-turn work (AtTurnEnd), which is how
// output is batched: many deliveries to one node in a turn become one
// write. Two implementations: EventLoop (event_loop.h: the machine's
// monotonic clock, epoll over the node processes' pipes) and SimLoop
// (sim_loop.h: virtual time that jumps to the next timer and never sleeps).
// Everything above the node host (network, services, clients, nemesis,
// runner) sees only this interface, so it cannot tell the two apart.
// Not thread-safe: everything runs on the loop's one thread.
#ifndef HARNESS_RUN_LOOP_H_
#define HARNESS_RUN_LOOP_H_

#include <cstdint>
#include <functional>

#include "harness/run/scheduler.h"

namespace harness {

class Loop : public Scheduler {
 public:
  // Runs `cb` once at the end of the current turn (or of the next one, when
  // called between turns or from end-of-turn work). Returns a handle for
  // CancelTurnEnd; cancelling one that ran or is unknown is a no-op.
  virtual uint64_t AtTurnEnd(std::function<void()> cb) = 0;
  virtual void CancelTurnEnd(uint64_t handle) = 0;
  // Runs turns until `done()` is true (checked after every turn) or the
  // loop's clock passes `deadline_ns`. Returns true if done() ended it.
  virtual bool RunUntil(const std::function<bool()>& done, int64_t deadline_ns) = 0;
};

}  // namespace harness

#endif  // HARNESS_RUN_LOOP_H_
