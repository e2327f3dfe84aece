// CheckStats: Jepsen's stats checker as Maelstrom runs it. It counts the
// completions (:ok, :fail, :info) of client operations, overall and per :f;
// invocations and nemesis ops are not counted.
//
// Output: {:valid? :count :ok-count :fail-count :info-count :by-f {f {:valid?
// :count :ok-count :fail-count :info-count}}} with :by-f sorted by f. An f is
// valid iff it has at least one :ok; the whole is false if any f is not (an
// empty history is vacuously valid), except :crash and
// :debug-topic-partitions (kafka's client crashes, always :info), as
// Maelstrom's kafka stats wrapper has it. Each anomaly line names an f that never
// succeeded and its first completions. Pure function, O(n log F).
#ifndef HARNESS_CHECKERS_STATS_CHECKER_H_
#define HARNESS_CHECKERS_STATS_CHECKER_H_

#include "harness/checkers/analysis.h"
#include "harness/history/op.h"

namespace harness {

CheckResult CheckStats(const History& history);

}  // namespace harness

#endif  // HARNESS_CHECKERS_STATS_CHECKER_H_
