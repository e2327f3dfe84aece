// CheckCounter: Maelstrom's g-counter / pn-counter checker.
//
// D is the sum of the deltas of :ok adds. The acceptable set A starts as {D};
// each :info add of delta d (an add that may or may not have happened)
// widens it: A := A ∪ {a + d : a ∈ A}. A is kept as merged, sorted closed
// integer intervals. Every :ok op marked :final? must read a value in A;
// non-final reads are not checked, so the result is valid vacuously when no
// final read succeeded.
//
// Output: {:valid? :errors (offending final reads, or nil) :final-reads [..]
// :acceptable [[lo hi] ..]}. A non-integer delta or final read, an integer
// overflow, or an acceptable set fragmented beyond kMaxCounterIntervals gives
// :unknown with an :error. Pure; O(n + infos * intervals).
#ifndef HARNESS_CHECKERS_COUNTER_CHECKER_H_
#define HARNESS_CHECKERS_COUNTER_CHECKER_H_

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "harness/checkers/analysis.h"
#include "harness/history/op.h"

namespace harness {

inline constexpr size_t kMaxCounterIntervals = 1 << 16;

CheckResult CheckCounter(const History& history);

// A union of closed integer intervals, sorted and merged (adjacent intervals
// such as [1 2] and [3 4] merge, since only integers matter).
class IntervalSet {
 public:
  explicit IntervalSet(int64_t point) : intervals_{{point, point}} {}
  // A := A ∪ (A + delta). Returns false (leaving A unspecified) on overflow.
  bool UnionShifted(int64_t delta);
  bool Contains(int64_t x) const;
  const std::vector<std::pair<int64_t, int64_t>>& intervals() const { return intervals_; }

 private:
  std::vector<std::pair<int64_t, int64_t>> intervals_;
};

}  // namespace harness

#endif  // HARNESS_CHECKERS_COUNTER_CHECKER_H_
