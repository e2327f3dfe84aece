#include "harness/checkers/unique_ids_checker.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "harness/checkers/checker_util.h"

namespace harness {
namespace {

constexpr size_t kMaxDuplicatedShown = 48;
constexpr size_t kMaxAnomalyLines = 32;

// Clojure's compare accepts numbers with numbers, strings with strings, and
// so on; it throws across groups. -1 marks ids it would throw on.
int ComparableGroup(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kInt:
    case Value::Kind::kDouble: return 0;
    case Value::Kind::kString: return 1;
    case Value::Kind::kKeyword: return 2;
    case Value::Kind::kBool: return 3;
    default: return -1;
  }
}

double AsNumber(const Value& v) {
  return v.is_int() ? static_cast<double>(v.as_int()) : v.as_double();
}

// Numbers compare by magnitude (1 < 1.5 < 2) as in Clojure; other groups use
// Value's own order, which matches Clojure within a group.
bool IdLess(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) return a.as_int() < b.as_int();
  if (ComparableGroup(a) == 0 && ComparableGroup(b) == 0) {
    double x = AsNumber(a), y = AsNumber(b);
    if (x != y) return x < y;
  }
  return a < b;
}

struct Dup {
  Value id;
  int64_t count;
  std::vector<int64_t> op_indices;  // ok ops that returned it, first few
};

bool ById(const Dup& a, const Dup& b) { return IdLess(a.id, b.id); }

}  // namespace

CheckResult CheckUniqueIds(const History& h) {
  int64_t attempted = 0, acknowledged = 0;
  absl::flat_hash_map<Value, Dup, ValueHash> seen;
  std::optional<Value> low, high;
  int group = -2;  // not yet known
  std::optional<std::string> incomparable;
  for (const Op& op : h) {
    if (!op.is_client() || op.f != "generate") continue;
    if (op.type == OpType::kInvoke) ++attempted;
    if (op.type != OpType::kOk) continue;
    ++acknowledged;
    const int g = ComparableGroup(op.value);
    if (!incomparable && (g < 0 || (group != -2 && g != group))) {
      incomparable = absl::StrFormat("id %s of op %d cannot be compared with the other ids",
                                     op.value.ToEdn(), op.index);
    }
    group = g;
    if (!incomparable) {
      if (!low || IdLess(op.value, *low)) low = op.value;
      if (!high || IdLess(*high, op.value)) high = op.value;
    }
    Dup& d = seen[op.value];
    if (d.count == 0) d.id = op.value;
    ++d.count;
    if (d.op_indices.size() < 4) d.op_indices.push_back(op.index);
  }
  if (incomparable) return UnknownResult(*incomparable);

  std::vector<Dup> dups;
  for (auto& [id, d] : seen) {
    if (d.count > 1) dups.push_back(std::move(d));
  }
  // Jepsen: (sort-by val) over an id-sorted map, reversed, first 48, then
  // back into id order. Ties in count therefore keep the larger ids.
  std::sort(dups.begin(), dups.end(), ById);
  std::stable_sort(dups.begin(), dups.end(),
                   [](const Dup& a, const Dup& b) { return a.count < b.count; });
  std::reverse(dups.begin(), dups.end());
  CheckResult out;
  for (const Dup& d : dups) {
    if (out.anomalies.size() >= kMaxAnomalyLines) break;
    std::string ops;
    for (int64_t i : d.op_indices) ops += absl::StrFormat("%s%d", ops.empty() ? "" : ", ", i);
    out.anomalies.push_back(absl::StrFormat("duplicate id: %s returned %d times (ok ops %s%s)",
                                            d.id.ToEdn(), d.count, ops,
                                            d.count > 4 ? ", ..." : ""));
  }
  const int64_t dup_count = static_cast<int64_t>(dups.size());
  if (dups.size() > kMaxDuplicatedShown) dups.resize(kMaxDuplicatedShown);
  std::sort(dups.begin(), dups.end(), ById);
  std::vector<std::pair<Value, Value>> shown;
  for (Dup& d : dups) shown.emplace_back(std::move(d.id), Value::Int(d.count));

  out.valid = dup_count == 0 ? Validity::kTrue : Validity::kFalse;
  out.details = MapBuilder()
                    .Add("valid?", ValidityValue(out.valid))
                    .Add("attempted-count", Value::Int(attempted))
                    .Add("acknowledged-count", Value::Int(acknowledged))
                    .Add("duplicated-count", Value::Int(dup_count))
                    .Add("duplicated", Value::Map(std::move(shown)))
                    .Add("range", Value::Vec({low.value_or(Value()), high.value_or(Value())}))
                    .Build();
  return out;
}

}  // namespace harness
