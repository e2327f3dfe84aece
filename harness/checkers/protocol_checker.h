// CheckProtocol: the bench's own result for protocol discipline, reported
// under :protocol. Maelstrom keeps running when a node prints a malformed
// line; our bench is stricter on purpose (harness/docs/protocol.md), so any
// recorded violation makes the run invalid. Late replies (a reply reaching a
// client that had already timed out) are counted but never invalid: they are
// what a slow, correct node produces.
//
// Output: {:valid? :violations [strings] :late-replies n}. Pure function.
#ifndef HARNESS_CHECKERS_PROTOCOL_CHECKER_H_
#define HARNESS_CHECKERS_PROTOCOL_CHECKER_H_

#include "harness/checkers/analysis.h"

namespace harness {

CheckResult CheckProtocol(const RunFacts& facts);

}  // namespace harness

#endif  // HARNESS_CHECKERS_PROTOCOL_CHECKER_H_
