// TimerQueue: one-shot and periodic timers ordered by (deadline, sequence).
//
// Timers with equal deadlines fire in the order they were added. A timer
// added while RunDue is running fires no earlier than the next RunDue, so a
// callback that re-arms itself with zero delay cannot starve the loop. A
// periodic timer is re-armed at its previous deadline plus its period (no
// drift), or at now plus its period when it has fallen a whole period behind
// (no bursts after a pause). Cancel is O(log n) and safe from inside a
// callback, including a timer cancelling itself.
//
// Example:
//   TimerQueue q;
//   TimerId t = q.Add(now + 100ms, Duration::zero(), [] { ... });
//   q.Cancel(t);
#ifndef RUNTIME_TIMER_QUEUE_H_
#define RUNTIME_TIMER_QUEUE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "runtime/clock.h"

namespace runtime {

using TimerId = uint64_t;

class TimerQueue {
 public:
  // period == 0 makes a one-shot timer. REQUIRES: period >= 0.
  TimerId Add(Time deadline, Duration period, std::function<void()> callback);
  // Returns false when the timer already fired (one-shot) or was cancelled.
  bool Cancel(TimerId id);
  std::optional<Time> NextDeadline() const;
  // Fires every timer due at `now` that existed when the call began.
  void RunDue(Time now);
  size_t size() const { return by_deadline_.size(); }

 private:
  using Key = std::pair<Time, uint64_t>;  // deadline, sequence
  struct Timer {
    TimerId id;
    Duration period;
    std::shared_ptr<std::function<void()>> callback;
  };

  uint64_t next_sequence_ = 1;
  std::map<Key, Timer> by_deadline_;
  absl::flat_hash_map<TimerId, Key> key_of_;
};

}  // namespace runtime

#endif  // RUNTIME_TIMER_QUEUE_H_
