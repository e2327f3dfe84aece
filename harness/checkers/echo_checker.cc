#include "harness/checkers/echo_checker.h"

#include <vector>

#include "absl/strings/str_format.h"
#include "harness/checkers/checker_util.h"

namespace harness {
namespace {

constexpr size_t kMaxAnomalyLines = 32;

// The echoed value of a completion, or nullptr when it has none.
const Value* EchoOf(const Op& completion) {
  const Value& v = completion.value;
  if (v.is_map()) {
    if (const Value* e = v.Find(Value::String("echo"))) return e;
    return v.FindKeyword("echo");
  }
  // A failed op keeps its invocation's value; it echoed nothing.
  if (completion.type == OpType::kFail) return nullptr;
  return &v;
}

}  // namespace

CheckResult CheckEcho(const History& h) {
  std::vector<int64_t> partner = PairOps(h);
  CheckResult out;
  std::vector<Value> errors;
  for (size_t i = 0; i < h.size(); ++i) {
    const Op& inv = h[i];
    if (!inv.is_client() || inv.type != OpType::kInvoke || partner[i] < 0) continue;
    const Op& done = h[partner[i]];
    if (done.type == OpType::kInfo) continue;
    const Value* echo = EchoOf(done);
    if (echo != nullptr && *echo == inv.value) continue;
    errors.push_back(Value::Vec({Value::String("Expected a message with :echo"), inv.value,
                                 Value::String("But received"), done.value}));
    if (out.anomalies.size() < kMaxAnomalyLines) {
      out.anomalies.push_back(absl::StrFormat(
          "echo: op %d (process %d, t=%s) sent %s; its completion op %d (:%s) returned %s",
          inv.index, inv.process, Seconds(inv.time_ns), inv.value.ToEdn(), done.index,
          OpTypeName(done.type), echo == nullptr ? "no echo" : echo->ToEdn()));
    }
  }
  if (errors.size() > kMaxAnomalyLines) {
    out.anomalies.push_back(
        absl::StrFormat("echo: %d more wrong echoes not listed", errors.size() - kMaxAnomalyLines));
  }
  out.valid = errors.empty() ? Validity::kTrue : Validity::kFalse;
  out.details = MapBuilder()
                    .Add("valid?", ValidityValue(out.valid))
                    .Add("errors", Value::Vec(std::move(errors)))
                    .Build();
  return out;
}

}  // namespace harness
