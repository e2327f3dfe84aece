// TurnEndQueue: the end-of-turn work both loops share (Loop::AtTurnEnd).
//
// Work runs in the order it was added. RunQueued runs only what was queued
// when it was called: work added meanwhile (a callback that re-adds itself)
// waits for the next call, so end-of-turn work cannot keep a loop in one
// turn. Cancelled work is skipped. Not thread-safe.
#ifndef HARNESS_RUN_TURN_END_QUEUE_H_
#define HARNESS_RUN_TURN_END_QUEUE_H_

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace harness {

class TurnEndQueue {
 public:
  uint64_t Add(std::function<void()> cb) {
    uint64_t handle = next_++;
    work_.emplace(handle, std::move(cb));
    order_.push_back(handle);
    return handle;
  }
  // Cancelling work that ran or is unknown is a no-op.
  void Cancel(uint64_t handle) { work_.erase(handle); }
  // True when no (uncancelled) work waits.
  bool empty() const { return work_.empty(); }
  // Runs the work queued before this call; returns how many ran.
  int RunQueued() {
    std::vector<uint64_t> order;
    order.swap(order_);
    int ran = 0;
    for (uint64_t handle : order) {
      auto it = work_.find(handle);
      if (it == work_.end()) continue;  // cancelled
      std::function<void()> cb = std::move(it->second);
      work_.erase(it);
      cb();
      ++ran;
    }
    return ran;
  }

 private:
  uint64_t next_ = 1;
  // Lookup only: the order of `order_` is the order work runs in.
  absl::flat_hash_map<uint64_t, std::function<void()>> work_;
  std::vector<uint64_t> order_;
};

}  // namespace harness

#endif  // HARNESS_RUN_TURN_END_QUEUE_H_
