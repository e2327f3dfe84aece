// CheckExceptions: Jepsen's unhandled-exceptions summary. Every :info op that
// carries an exception is grouped by its class, the text of Op::exception
// before the first ':' (the whole text when there is none).
//
// Output: {:valid? true} when there is no such op, else {:valid? true
// :exceptions [{:class "C" :count n :example op-map} ...]}, most frequent
// class first (ties: first seen first); :example is the group's first op.
// Always valid: exceptions are reported, and their ops are judged by the
// other checkers. Pure, O(n + C log C).
#ifndef HARNESS_CHECKERS_EXCEPTIONS_CHECKER_H_
#define HARNESS_CHECKERS_EXCEPTIONS_CHECKER_H_

#include <string>
#include <string_view>

#include "harness/checkers/analysis.h"
#include "harness/history/op.h"

namespace harness {

CheckResult CheckExceptions(const History& history);

// "java.net.SocketTimeoutException: Read timed out" -> its class.
std::string ExceptionClass(std::string_view exception);

}  // namespace harness

#endif  // HARNESS_CHECKERS_EXCEPTIONS_CHECKER_H_
