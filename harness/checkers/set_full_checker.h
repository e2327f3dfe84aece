// CheckSetFull: Jepsen's set-full checker (non-linearizable mode), which
// Maelstrom uses for broadcast (adds are :f :broadcast) and g-set (:f :add).
//
// Per element (one per add invocation, keyed by the added value):
//   known        the add's :ok completion or the first ok read containing it,
//                whichever comes first in the history;
//   last-present / last-absent
//                the latest-invoked ok read (completed after the add was
//                invoked) that contains / misses it;
//   stable       seen, and never missed by a read invoked after one that saw it;
//   lost         known, and missed by a read invoked after every read that saw
//                it and after it became known;
//   never-read   neither.
// Valid is false if any element is lost, else :unknown if none is stable,
// else true. Latencies in the result are ms; history times are ns.
//
// Runs in O(n log n + total size of the read values). Pure function.
#ifndef HARNESS_CHECKERS_SET_FULL_CHECKER_H_
#define HARNESS_CHECKERS_SET_FULL_CHECKER_H_

#include <string_view>

#include "harness/checkers/analysis.h"
#include "harness/history/op.h"

namespace harness {

// `add_f` names the add operation ("broadcast" or "add"); reads are :f :read
// whose :ok value is the sequence of elements read. An ok read whose value is
// not a vector or set makes the result :unknown with an :error naming it.
CheckResult CheckSetFull(const History& history, std::string_view add_f);

}  // namespace harness

#endif  // HARNESS_CHECKERS_SET_FULL_CHECKER_H_
