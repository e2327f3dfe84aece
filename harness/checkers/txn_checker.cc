#include "harness/checkers/txn_checker.h"

#include "harness/checkers/checker_util.h"
#include "harness/elle/txn_check.h"
#include "harness/elle/txn_models.h"

namespace harness {

CheckResult CheckTxnWorkload(const History& history, const std::string& workload,
                             const std::string& consistency_models) {
  auto models = elle::ParseTxnModels(consistency_models);
  if (!models.ok()) return UnknownResult(std::string(models.status().message()));
  elle::TxnCheckOptions options;
  options.list_append = workload == "txn-list-append";
  options.models = *models;
  return elle::CheckTxn(history, options).result;
}

}  // namespace harness
