#include "harness/checkers/availability_checker.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "harness/checkers/checker_util.h"

namespace harness {
namespace {

constexpr size_t kQuotedOps = 5;

std::string Describe(const Op& op) {
  std::string text = absl::StrCat(op.index, " (:", std::string(OpTypeName(op.type)), " :", op.f);
  if (op.error) absl::StrAppend(&text, " ", op.error->ToEdn());
  return text + ")";
}

}  // namespace

CheckResult CheckAvailability(const History& history, const RunFacts& facts) {
  int64_t invokes = 0;
  int64_t oks = 0;
  std::vector<std::string> not_ok;  // the first few non-ok completions
  for (const Op& op : history) {
    if (!op.is_client()) continue;
    if (op.type == OpType::kInvoke) {
      ++invokes;
    } else if (op.type == OpType::kOk) {
      ++oks;
    } else if (not_ok.size() < kQuotedOps) {
      not_ok.push_back(Describe(op));
    }
  }
  const double ok_fraction =
      invokes == 0 ? 1.0 : static_cast<double>(oks) / static_cast<double>(invokes);
  CheckResult result;
  std::string requirement;
  if (facts.availability_total) {
    // Integer comparison: an exact requirement must not depend on rounding.
    if (oks < invokes) result.valid = Validity::kFalse;
    requirement = "total (every operation ok)";
  } else if (facts.availability) {
    if (ok_fraction < *facts.availability) result.valid = Validity::kFalse;
    requirement = absl::StrFormat("at least %g", *facts.availability);
  }
  if (result.valid == Validity::kFalse) {
    std::string line = absl::StrFormat(
        "%d of %d client operations ok (ok-fraction %.4f), required %s", oks, invokes,
        ok_fraction, requirement);
    if (!not_ok.empty())
      absl::StrAppend(&line, "; first not ok: ops ", absl::StrJoin(not_ok, ", "));
    result.anomalies.push_back(std::move(line));
  }
  result.details = MapBuilder()
                       .Add("valid?", ValidityValue(result.valid))
                       .Add("ok-fraction", Value::Double(ok_fraction))
                       .Build();
  return result;
}

}  // namespace harness
