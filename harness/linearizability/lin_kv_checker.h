// CheckLinKv: Maelstrom's lin-kv checker. Splits a history by key (each op's
// value is [key v]), checks every key independently for linearizability
// against a compare-and-set register whose initial value is nil, and merges
// the per-key verdicts as Maelstrom's independent checker does:
//   {:valid? v :results {key {:valid? v :linearizable {...}}} :failures [keys]}
// Keys are searched interleaved (checker.h), so a violation on any key is
// found whatever the key order. A key whose search exceeds its budget (2^30
// search steps per key, 2 GiB for all keys; 60 s for the whole history as
// an outer guard only) is :unknown, never a guess.
//
// Each key found not linearizable carries, in its :results map, the report
// under :linearizable (the stuck op, the ops concurrent with it, the longest
// linearizable prefix's final state) and an SVG timeline under :linear-svg.
// The runner calls harness::lin::TakeLinearSvgs (checker.h) to remove the
// pictures from the details and write each to independent/<key>/linear.svg.
//
// Pure function of the history; safe to call from several threads at once.
#ifndef HARNESS_LINEARIZABILITY_LIN_KV_CHECKER_H_
#define HARNESS_LINEARIZABILITY_LIN_KV_CHECKER_H_

#include "harness/checkers/analysis.h"
#include "harness/history/op.h"

namespace harness {

// Returns the merged verdict; malformed ops (a value that is not [key v], a
// cas that is not [k [from to]]) make their key, or the whole result,
// :unknown with an error naming their :index. Never aborts on bad input.
CheckResult CheckLinKv(const History& history);

}  // namespace harness

#endif  // HARNESS_LINEARIZABILITY_LIN_KV_CHECKER_H_
