// CheckEcho: Maelstrom's echo checker. Every invocation paired with an :ok
// or :fail completion must get back the invoked value as the reply's echo
// field; :info completions (timeouts, crashes) are indeterminate and never
// errors, exactly as Knossos' pair-index leaves them unpaired in Maelstrom.
// A :fail therefore counts as an error: it carries no echo.
//
// Output: {:valid? (no errors) :errors [["Expected a message with :echo" v
// "But received" completion-value] ...]}. Pure function, O(n).
#ifndef HARNESS_CHECKERS_ECHO_CHECKER_H_
#define HARNESS_CHECKERS_ECHO_CHECKER_H_

#include "harness/checkers/analysis.h"
#include "harness/history/op.h"

namespace harness {

// The reply may be recorded as the whole body map (key "echo" or :echo) or
// as the echoed value itself.
CheckResult CheckEcho(const History& history);

}  // namespace harness

#endif  // HARNESS_CHECKERS_ECHO_CHECKER_H_
