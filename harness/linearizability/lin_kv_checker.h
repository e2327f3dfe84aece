// CheckLinKv: Maelstrom's lin-kv checker. Splits a history by key (each op's
// value is [key v]), checks every key independently for linearizability
// against a compare-and-set register whose initial value is nil, and merges
// the per-key verdicts as Maelstrom's independent checker does:
//   {:valid? v :results {key {:valid? v :linearizable {...}}} :failures [keys]}
// A key whose search exceeds its budget is :unknown, never a guess.
//
// Pure function of the history; safe to call from several threads at once.
#ifndef HARNESS_LINEARIZABILITY_LIN_KV_CHECKER_H_
#define HARNESS_LINEARIZABILITY_LIN_KV_CHECKER_H_

#include "harness/checkers/analysis.h"
#include "harness/history/op.h"

namespace harness {

// On success returns the merged verdict; malformed ops (a value that is not
// [key v]) make the result :unknown with an :error naming their :index.
CheckResult CheckLinKv(const History& history);

}  // namespace harness

#endif  // HARNESS_LINEARIZABILITY_LIN_KV_CHECKER_H_
