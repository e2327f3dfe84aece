#include "harness/linearizability/lin_kv_checker.h"

namespace harness {

CheckResult CheckLinKv(const History& history) {
  // Placeholder until the search lands; :unknown is the only honest answer.
  CheckResult result;
  result.valid = Validity::kUnknown;
  result.details = Value::Map({
      {Value::Keyword("valid?"), Value::Keyword("unknown")},
      {Value::Keyword("error"), Value::String("not yet implemented")},
  });
  return result;
}

}  // namespace harness
