#include "nodes/broadcast/link.h"

#include <algorithm>

#include "runtime/check.h"

namespace broadcast {

Batch OutLink::Take(bool from_base, size_t max_values) {
  KIT_CHECK(max_values > 0);
  int64_t start = from_base ? base_ : sent_end_;
  int64_t stop = std::min(end(), start + int64_t(max_values));
  Batch batch{start, {}};
  batch.values.reserve(size_t(stop - start));
  for (int64_t seq = start; seq < stop; ++seq) batch.values.push_back(queue_[size_t(seq - base_)]);
  sent_end_ = std::max(sent_end_, stop);
  KIT_CHECK(base_ <= sent_end_);
  KIT_CHECK(sent_end_ <= end());
  return batch;
}

bool OutLink::Ack(int64_t ack) {
  if (ack <= base_ || ack > sent_end_) return false;
  queue_.erase(queue_.begin(), queue_.begin() + (ack - base_));
  base_ = ack;
  return true;
}

void InLink::Receive(int64_t first_seq, int64_t count) {
  KIT_CHECK(count >= 0);
  KIT_CHECK(first_seq >= 0);
  int64_t last = first_seq + count;
  if (count == 0 || last <= next_) return;  // nothing new: a duplicate
  if (first_seq > next_) {
    // A gap before this range (reordering or loss): keep it aside, merged
    // with any range it touches, so the ack can jump once the gap fills.
    auto it = ahead_.lower_bound(first_seq);
    if (it != ahead_.begin() && std::prev(it)->second >= first_seq) --it;
    while (it != ahead_.end() && it->first <= last) {
      first_seq = std::min(first_seq, it->first);
      last = std::max(last, it->second);
      it = ahead_.erase(it);
    }
    // Past the bound the range is dropped: the sender resends it later.
    if (ahead_.size() < kMaxAheadRanges) ahead_.emplace(first_seq, last);
    return;
  }
  next_ = last;
  // The gap may now be closed for ranges that were waiting.
  auto it = ahead_.begin();
  while (it != ahead_.end() && it->first <= next_) {
    next_ = std::max(next_, it->second);
    it = ahead_.erase(it);
  }
}

}  // namespace broadcast
