#include "runtime/timer_queue.h"

#include <vector>

#include "runtime/check.h"

namespace runtime {

TimerId TimerQueue::Add(Time deadline, Duration period, std::function<void()> callback) {
  KIT_CHECK(period >= Duration::zero());
  KIT_CHECK(callback != nullptr);
  uint64_t sequence = next_sequence_++;
  TimerId id = sequence;  // ids are the first sequence number: unique, never reused
  Key key{deadline, sequence};
  by_deadline_.emplace(key, Timer{id, period, std::make_shared<std::function<void()>>(std::move(callback))});
  key_of_[id] = key;
  return id;
}

bool TimerQueue::Cancel(TimerId id) {
  auto it = key_of_.find(id);
  if (it == key_of_.end()) return false;
  by_deadline_.erase(it->second);
  key_of_.erase(it);
  return true;
}

std::optional<Time> TimerQueue::NextDeadline() const {
  if (by_deadline_.empty()) return std::nullopt;
  return by_deadline_.begin()->first.first;
}

void TimerQueue::RunDue(Time now) {
  const uint64_t limit = next_sequence_;
  std::vector<Key> due;
  for (const auto& [key, timer] : by_deadline_) {
    if (key.first > now) break;
    if (key.second < limit) due.push_back(key);
  }
  for (const Key& key : due) {
    auto it = by_deadline_.find(key);
    if (it == by_deadline_.end()) continue;  // cancelled by an earlier callback
    Timer timer = std::move(it->second);
    by_deadline_.erase(it);
    if (timer.period > Duration::zero()) {
      Time next = key.first + timer.period;
      if (next <= now) next = now + timer.period;
      Key next_key{next, next_sequence_++};
      by_deadline_.emplace(next_key, timer);
      key_of_[timer.id] = next_key;
    } else {
      key_of_.erase(timer.id);
    }
    (*timer.callback)();
  }
}

}  // namespace runtime
