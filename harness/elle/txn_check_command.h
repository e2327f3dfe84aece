// `harness check --model txn-rw-register|txn-list-append FILE...`: Elle's
// txn analysis (txn_check.h) of histories from elsewhere: a Jepsen/Elle EDN
// history, one op map a line or one vector of op maps (:f :txn, :value
// [[:r 1 nil] [:w 1 2]]), or a run's store directory (its history.edn).
//
// Flags: --consistency-models M (comma-separated, default
// strict-serializable), --max-steps N (cycle-search budget), --svg-dir DIR
// (a picture of each anomaly's cycle). Prints one verdict line per file and
// the anomaly lines. Exit: 0 valid, 1 invalid, 2 unknown (worst over files),
// 254 on a usage error.
#ifndef HARNESS_ELLE_TXN_CHECK_COMMAND_H_
#define HARNESS_ELLE_TXN_CHECK_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace harness::elle {

// True when `args` ask for a txn model (--model txn-...).
bool IsTxnCheck(const std::vector<std::string>& args);
int RunTxnCheckCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace harness::elle

#endif  // HARNESS_ELLE_TXN_CHECK_COMMAND_H_
