#include "harness/checkers/checker_util.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"

namespace harness {

void CheckOrDie(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "harness checkers: check failed: %s\n", what);
  std::abort();
}

Value OpToValue(const Op& op) {
  MapBuilder b;
  b.Add("index", Value::Int(op.index))
      .Add("time", Value::Int(op.time_ns))
      .Add("type", Kw(OpTypeName(op.type)))
      .Add("process", op.is_client() ? Value::Int(op.process) : Kw("nemesis"))
      .Add("f", Kw(op.f))
      .Add("value", op.value);
  if (op.error) b.Add("error", *op.error);
  if (op.exception) b.Add("exception", Value::String(*op.exception));
  if (op.final) b.Add("final?", Value::Bool(true));
  return b.Build();
}

std::vector<int64_t> PairOps(const History& history) {
  std::vector<int64_t> partner(history.size(), -1);
  absl::flat_hash_map<int64_t, int64_t> open;  // process -> invocation position
  for (size_t i = 0; i < history.size(); ++i) {
    const Op& op = history[i];
    if (!op.is_client()) continue;
    if (op.type == OpType::kInvoke) {
      // A second invoke without a completion leaves the first one unpaired,
      // as a process that crashed mid-op would.
      open[op.process] = static_cast<int64_t>(i);
      continue;
    }
    auto it = open.find(op.process);
    if (it == open.end()) continue;
    partner[i] = it->second;
    partner[it->second] = static_cast<int64_t>(i);
    open.erase(it);
  }
  return partner;
}

size_t ValueHash::operator()(const Value& v) const {
  using K = Value::Kind;
  size_t seed = static_cast<size_t>(v.kind()) * 0x9E3779B97F4A7C15ull;
  auto mix = [&seed](size_t h) { seed ^= h + 0x9E3779B97F4A7C15ull + (seed << 6) + (seed >> 2); };
  switch (v.kind()) {
    case K::kNil: break;
    case K::kBool: mix(v.as_bool()); break;
    case K::kInt: mix(std::hash<int64_t>()(v.as_int())); break;
    case K::kDouble: {
      double d = v.as_double();
      // Equal doubles must hash equal: 0.0 == -0.0 and every NaN is equal.
      if (d == 0) d = 0;
      if (std::isnan(d)) d = NAN;
      mix(std::isnan(d) ? 1 : std::hash<double>()(d));
      break;
    }
    case K::kString:
    case K::kKeyword: mix(std::hash<std::string>()(v.as_string())); break;
    case K::kVector:
    case K::kSet:
      for (const Value& item : v.items()) mix((*this)(item));
      break;
    case K::kMap: {
      size_t sum = 0;  // order-independent, as map equality is
      for (size_t i = 0; i < v.map_size(); ++i) {
        sum += (*this)(v.map_key(i)) * 31 + (*this)(v.map_value(i));
      }
      mix(sum);
      break;
    }
  }
  // Swiss tables take the group from the high bits and a tag from the low
  // ones; a splitmix64 finish spreads sequential ids over both.
  uint64_t z = seed + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return static_cast<size_t>(z ^ (z >> 31));
}

Value Quantiles(std::vector<int64_t> values) {
  CheckOrDie(!values.empty(), "Quantiles of no values");
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  auto at = [&](double q) {
    size_t idx = static_cast<size_t>(std::floor(static_cast<double>(n) * q));
    return Value::Int(values[std::min(n - 1, idx)]);
  };
  return Value::Map({{Value::Int(0), at(0)},
                     {Value::Double(0.5), at(0.5)},
                     {Value::Double(0.95), at(0.95)},
                     {Value::Double(0.99), at(0.99)},
                     {Value::Int(1), at(1)}});
}

std::string Seconds(int64_t time_ns) {
  return absl::StrFormat("%.2fs", static_cast<double>(time_ns) / 1e9);
}

Validity ValidityOf(const Value& valid) {
  if (valid.kind() != Value::Kind::kBool) return Validity::kUnknown;
  return valid.as_bool() ? Validity::kTrue : Validity::kFalse;
}

CheckResult UnknownResult(std::string error) {
  CheckResult r;
  r.valid = Validity::kUnknown;
  r.anomalies.push_back("unknown: " + error);
  r.details = MapBuilder()
                  .Add("valid?", ValidityValue(Validity::kUnknown))
                  .Add("error", Value::String(std::move(error)))
                  .Build();
  return r;
}

}  // namespace harness
