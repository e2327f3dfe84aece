// CheckUniqueIds: Jepsen's unique-ids checker as Maelstrom uses it.
//
// Over :f :generate ops: :attempted-count (invocations), :acknowledged-count
// (:ok completions), :duplicated-count (ids returned by more than one ok),
// :duplicated (the 48 most frequent duplicates, id -> count, in id order) and
// :range [lowest highest] ([nil nil] when nothing was acknowledged). Valid iff no
// id repeats. Equality is structural (1, 1.0 and "1" differ). As in Jepsen the
// ids must be mutually comparable: all numbers, all strings, all keywords or
// all booleans; anything else (maps, mixed kinds, nil) gives :unknown with an
// :error, as Jepsen's throwing comparison does. Pure function, O(n log n).
#ifndef HARNESS_CHECKERS_UNIQUE_IDS_CHECKER_H_
#define HARNESS_CHECKERS_UNIQUE_IDS_CHECKER_H_

#include "harness/checkers/analysis.h"
#include "harness/history/op.h"

namespace harness {

CheckResult CheckUniqueIds(const History& history);

}  // namespace harness

#endif  // HARNESS_CHECKERS_UNIQUE_IDS_CHECKER_H_
