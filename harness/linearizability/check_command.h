// RunCheckCommand: `harness check`, the linearizability checker on history
// files from anywhere (a stored run, a Jepsen log, Porcupine's test data).
//
//   harness check --model cas-register|kv [--nil-reads pass|strict]
//                 [--time-limit-s N] [--svg-dir DIR] FILE...
//
// FILE is a Jepsen log (jepsen.util lines), an EDN history (op maps, or one
// vector or list of them, read as a stream whatever the line breaks), or a
// run's store directory (its history.edn). EDN that cannot be read whole
// makes the file unknown with the reason. Budgets count search steps
// (checker.h); --time-limit-s (default 60) is an outer guard on the whole
// check, reported as such when it fires. For each file it
// prints one verdict line, then for a failure the report lines; with
// --svg-dir it writes each failing key's timeline to DIR/<file>-<key>.svg.
// Returns 0 when every file is linearizable, 1 when any is not, 2 when the
// worst is unknown (budget exhausted, unreadable file, malformed ops, or no
// op the model reads: --model kv on a lin-kv history checks nothing), and
// 254 with a usage message naming the flag for bad flags.
//
// Writes to the given streams only; safe to call from tests.
#ifndef HARNESS_LINEARIZABILITY_CHECK_COMMAND_H_
#define HARNESS_LINEARIZABILITY_CHECK_COMMAND_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace harness {

// `args` are the words after "check".
int RunCheckCommand(const std::vector<std::string>& args);
int RunCheckCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace harness

#endif  // HARNESS_LINEARIZABILITY_CHECK_COMMAND_H_
