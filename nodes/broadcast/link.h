// Link: the two halves of a reliable, batched channel to one peer.
//
// Every value a node must hand to a peer gets the next sequence number of
// that link (0, 1, 2, ...). OutLink keeps the values the peer has not yet
// acknowledged, in sequence order, and knows which of them were transmitted
// at least once. InLink remembers which sequence numbers arrived and yields
// a cumulative acknowledgement: "I hold every seq below ack()". Because
// acks are cumulative, the unacknowledged values always form one contiguous
// range [base, base + size), so a batch is a first seq plus a run of values,
// and OutLink is a deque, not a map.
//
// Nothing here sends, reads a clock or retries; the broadcast node decides
// when to transmit (batching) and when to go back to base (resend on
// timeout). Restarts are out of scope: a restarted peer starts both halves
// at seq 0, which the other side cannot tell apart from a lost link.
//
// Bounds: OutLink holds each value at most once (the node enqueues a value
// only when it is new to it), so its size is bounded by the node's value
// set. InLink keeps at most kMaxAheadRanges out-of-order ranges; a range
// beyond that is forgotten and simply arrives again when the sender resends.
#ifndef NODES_BROADCAST_LINK_H_
#define NODES_BROADCAST_LINK_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "absl/container/btree_map.h"

namespace broadcast {

// A run of values with consecutive sequence numbers starting at first_seq.
struct Batch {
  int64_t first_seq = 0;
  std::vector<int64_t> values;
  bool empty() const { return values.empty(); }
};

class OutLink {
 public:
  void Enqueue(int64_t value) { queue_.push_back(value); }

  // Values queued but never transmitted.
  bool HasUnsent() const { return sent_end_ < end(); }
  // Values transmitted at least once and not yet acknowledged.
  bool HasUnacked() const { return sent_end_ > base_; }
  size_t size() const { return queue_.size(); }

  // The next batch to put on the wire, at most `max_values` long, marked as
  // transmitted. With `from_base` it starts at the oldest unacknowledged
  // value (a go-back-N resend); otherwise at the first never-sent one.
  // REQUIRES: max_values > 0.
  Batch Take(bool from_base, size_t max_values);

  // The peer holds every seq below `ack`. Returns true if that acknowledged
  // something new. An ack at or below base is old news (a reordered
  // message) and ignored; an ack beyond what was transmitted cannot come
  // from a correct peer of this incarnation and is ignored too.
  bool Ack(int64_t ack);

 private:
  int64_t end() const { return base_ + int64_t(queue_.size()); }

  std::deque<int64_t> queue_;  // seqs [base_, end())
  int64_t base_ = 0;           // oldest unacknowledged seq
  int64_t sent_end_ = 0;       // seqs below this were transmitted at least once
};

class InLink {
 public:
  static constexpr size_t kMaxAheadRanges = 256;

  // Records that seqs [first_seq, first_seq + count) arrived.
  void Receive(int64_t first_seq, int64_t count);
  // Every seq below this arrived.
  int64_t ack() const { return next_; }
  size_t ahead_ranges() const { return ahead_.size(); }

 private:
  int64_t next_ = 0;
  // Disjoint ranges start -> end that arrived past a gap; all starts > next_.
  absl::btree_map<int64_t, int64_t> ahead_;
};

}  // namespace broadcast

#endif  // NODES_BROADCAST_LINK_H_
