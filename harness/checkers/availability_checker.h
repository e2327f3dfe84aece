// CheckAvailability: Maelstrom's --availability check. ok-fraction is the
// number of :ok completions over the number of :invoke entries of client
// operations (nemesis ops excluded), 1.0 when there is none.
//
// Output: {:valid? :ok-fraction}. Valid when RunFacts.availability is unset;
// with `availability_total`, iff every invocation completed :ok; with a
// number a, iff ok-fraction >= a. An anomaly line gives the counts, the
// requirement and the first non-ok completions by index. Pure, O(n).
#ifndef HARNESS_CHECKERS_AVAILABILITY_CHECKER_H_
#define HARNESS_CHECKERS_AVAILABILITY_CHECKER_H_

#include "harness/checkers/analysis.h"
#include "harness/history/op.h"

namespace harness {

CheckResult CheckAvailability(const History& history, const RunFacts& facts);

}  // namespace harness

#endif  // HARNESS_CHECKERS_AVAILABILITY_CHECKER_H_
