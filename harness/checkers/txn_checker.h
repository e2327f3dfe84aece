// CheckTxnWorkload: the :workload checker of txn-rw-register and
// txn-list-append runs, Elle's analysis (elle/txn_check.h) against the
// run's --consistency-models (a comma-separated list; an unknown name gives
// {:valid? :unknown :error ...}). Pure function.
#ifndef HARNESS_CHECKERS_TXN_CHECKER_H_
#define HARNESS_CHECKERS_TXN_CHECKER_H_

#include <string>

#include "harness/checkers/analysis.h"
#include "harness/history/op.h"

namespace harness {

// REQUIRES: workload is "txn-rw-register" or "txn-list-append".
CheckResult CheckTxnWorkload(const History& history, const std::string& workload,
                             const std::string& consistency_models);

}  // namespace harness

#endif  // HARNESS_CHECKERS_TXN_CHECKER_H_
