#include "harness/checkers/protocol_checker.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "harness/checkers/checker_util.h"

namespace harness {
namespace {
constexpr size_t kMaxAnomalyLines = 32;
}  // namespace

CheckResult CheckProtocol(const RunFacts& facts) {
  CheckResult out;
  std::vector<Value> violations;
  for (const std::string& v : facts.protocol_violations) {
    violations.push_back(Value::String(v));
    if (out.anomalies.size() < kMaxAnomalyLines) out.anomalies.push_back(v);
  }
  if (facts.protocol_violations.size() > kMaxAnomalyLines) {
    out.anomalies.push_back(absl::StrCat(facts.protocol_violations.size() - kMaxAnomalyLines,
                                         " more violations not listed"));
  }
  out.valid = violations.empty() ? Validity::kTrue : Validity::kFalse;
  out.details = MapBuilder()
                    .Add("valid?", ValidityValue(out.valid))
                    .Add("violations", Value::Vec(std::move(violations)))
                    .Add("late-replies", Value::Int(facts.late_replies))
                    .Build();
  return out;
}

}  // namespace harness
