#include "harness/linearizability/lin_kv_checker.h"

#include "harness/linearizability/checker.h"

namespace harness {

CheckResult CheckLinKv(const History& history) {
  // Maelstrom's lin-kv: independent keys, Knossos's cas-register with nil reads passing.
  lin::CheckOptions options;
  options.model = lin::ModelKind::kCasRegister;
  options.nil_read_passes = true;
  options.independent = true;
  return lin::CheckHistory(history, options);
}

}  // namespace harness
