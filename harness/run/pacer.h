// Pacer: Jepsen's stagger over the worker pool (harness/docs/running.md, pacing).
//
// After each emitted op the next is due after a gap uniform in [0, 2/R)
// seconds (mean 1/R). When it is due and some worker is free, the pacer
// picks one by scanning from a rotating start index and calls `emit(i)`;
// if every worker is busy the op waits until WorkerFreed, and the schedule
// does not catch up afterwards, so the real rate can fall below R. The
// first op is due at Start. Uses the Scheduler for time and its own Rng.
// Not thread-safe.
#ifndef HARNESS_RUN_PACER_H_
#define HARNESS_RUN_PACER_H_

#include <functional>
#include <optional>

#include "harness/run/rng.h"
#include "harness/run/scheduler.h"

namespace harness {

class Pacer {
 public:
  // REQUIRES: rate > 0, workers > 0.
  Pacer(Scheduler* scheduler, double rate, size_t workers, Rng rng,
        std::function<bool(size_t)> is_busy, std::function<void(size_t)> emit);
  ~Pacer() { Stop(); }

  void Start();
  void Stop();
  // Tell the pacer a worker became free; emits the waiting op, if any.
  void WorkerFreed();

 private:
  void Due();

  Scheduler* scheduler_;
  double rate_;
  size_t workers_;
  Rng rng_;
  std::function<bool(size_t)> is_busy_;
  std::function<void(size_t)> emit_;
  std::optional<TimerId> timer_;
  bool waiting_ = false;
  bool running_ = false;
  size_t next_ = 0;
};

}  // namespace harness

#endif  // HARNESS_RUN_PACER_H_
