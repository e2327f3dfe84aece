#include "harness/linearizability/checker.h"

#include "absl/strings/str_cat.h"
#include "harness/linearizability/failure_report.h"
#include "harness/linearizability/search.h"

namespace harness::lin {
namespace {

Value Kw(std::string name) { return Value::Keyword(std::move(name)); }

// Local copies of the Validity helpers: harness_checkers links this library,
// so linking it back would be a cycle.
Validity Worse(Validity a, Validity b) { return static_cast<int>(a) > static_cast<int>(b) ? a : b; }
Value ValidityEdn(Validity v) {
  switch (v) {
    case Validity::kTrue: return Value::Bool(true);
    case Validity::kFalse: return Value::Bool(false);
    case Validity::kUnknown: break;
  }
  return Kw("unknown");
}

Value Strings(const std::vector<std::string>& lines) {
  std::vector<Value> out;
  for (const std::string& s : lines) out.push_back(Value::String(s));
  return Value::Vec(std::move(out));
}

struct KeyOutcome {
  Validity valid = Validity::kTrue;
  Value result;  // the per-key map
};

KeyOutcome CheckKey(const History& history, const KeyPartition& part, const Partitions& parts,
                    const CheckOptions& options, const Budget& budget,
                    std::vector<std::string>& anomalies) {
  KeyOutcome out;
  if (part.error) {
    out.valid = Validity::kUnknown;
    out.result = Value::Map({{Kw("valid?"), Kw("unknown")}, {Kw("error"), Value::String(*part.error)}});
    anomalies.push_back(absl::StrCat("key ", part.key.ToEdn(), ": not checked: ", *part.error));
    return out;
  }
  SearchResult search;
  if (options.model == ModelKind::kCasRegister) {
    search = Search(part.ops, RegisterModel{options.nil_read_passes}, budget);
  } else {
    KvModel model(&parts.tables->strings);
    search = Search(part.ops, model, budget);
  }
  const Value op_count = Value::Int(static_cast<int64_t>(part.ops.size()));
  switch (search.verdict) {
    case Verdict::kLinearizable:
      out.result = Value::Map({
          {Kw("valid?"), Value::Bool(true)},
          {Kw("linearizable"), Value::Map({{Kw("valid?"), Value::Bool(true)},
                                           {Kw("analyzer"), Kw("wgl")},
                                           {Kw("op-count"), op_count},
                                           {Kw("configs-explored"), Value::Int(search.cache_entries)}})},
      });
      return out;
    case Verdict::kUnknown: {
      out.valid = Validity::kUnknown;
      const std::string why = absl::StrCat(search.unknown_reason, " after ", search.steps,
                                           " steps and ", search.cache_entries, " configurations");
      out.result = Value::Map({
          {Kw("valid?"), Kw("unknown")},
          {Kw("linearizable"), Value::Map({{Kw("valid?"), Kw("unknown")},
                                           {Kw("analyzer"), Kw("wgl")},
                                           {Kw("op-count"), op_count},
                                           {Kw("error"), Value::String(why)}})},
      });
      anomalies.push_back(absl::StrCat("key ", part.key.ToEdn(), ": unknown: ", why));
      return out;
    }
    case Verdict::kNotLinearizable:
      break;
  }
  FailureReport report = ExplainFailure(history, part, *parts.tables, options.model,
                                        options.nil_read_passes, search);
  out.valid = Validity::kFalse;
  out.result = Value::Map({
      {Kw("valid?"), Value::Bool(false)},
      {Kw("linearizable"), report.linearizable},
      {Kw("linear-svg"), Value::String(std::move(report.svg))},
  });
  anomalies.insert(anomalies.end(), report.anomalies.begin(), report.anomalies.end());
  return out;
}

}  // namespace

CheckResult CheckHistory(const History& history, const CheckOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  Budget budget;
  budget.deadline = start + options.time_limit;
  budget.memory_bytes = options.memory_limit_bytes;
  const bool independent = options.independent.value_or(LooksIndependent(history));
  const Partitions parts = PartitionHistory(history, options.model, independent);

  CheckResult result;
  std::vector<std::pair<Value, Value>> per_key;
  std::vector<Value> failures;
  for (const KeyPartition& part : parts.keys) {
    KeyOutcome key = CheckKey(history, part, parts, options, budget, result.anomalies);
    result.valid = Worse(result.valid, key.valid);
    if (key.valid == Validity::kFalse) failures.push_back(part.key);
    per_key.emplace_back(part.key, std::move(key.result));
  }
  for (const std::string& e : parts.errors) result.anomalies.push_back(absl::StrCat("bad input: ", e));
  if (!parts.errors.empty()) result.valid = Worse(result.valid, Validity::kUnknown);

  const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
  std::vector<std::pair<Value, Value>> details = {
      {Kw("valid?"), ValidityEdn(result.valid)},
      {Kw("model"), Kw(options.model == ModelKind::kCasRegister ? "cas-register" : "kv")},
      {Kw("key-count"), Value::Int(static_cast<int64_t>(parts.keys.size()))},
      {Kw("results"), Value::Map(std::move(per_key))},
      {Kw("failures"), Value::Vec(std::move(failures))},
      {Kw("dropped-failed-ops"), Value::Int(parts.dropped_failed)},
      {Kw("dropped-indeterminate-reads"), Value::Int(parts.dropped_indeterminate_reads)},
      {Kw("check-time-ms"), Value::Double(static_cast<double>(elapsed.count()) / 1000.0)},
  };
  if (!parts.errors.empty()) details.emplace_back(Kw("errors"), Strings(parts.errors));
  if (!parts.warnings.empty()) details.emplace_back(Kw("warnings"), Strings(parts.warnings));
  result.details = Value::Map(std::move(details));
  return result;
}

std::vector<std::pair<Value, std::string>> TakeLinearSvgs(CheckResult* result) {
  std::vector<std::pair<Value, std::string>> svgs;
  const Value& details = result->details;
  if (!details.is_map()) return svgs;
  std::vector<std::pair<Value, Value>> top;
  for (size_t i = 0; i < details.map_size(); ++i) {
    const Value& k = details.map_key(i);
    const Value& v = details.map_value(i);
    if (!(k == Kw("results")) || !v.is_map()) {
      top.emplace_back(k, v);
      continue;
    }
    std::vector<std::pair<Value, Value>> keys;
    for (size_t j = 0; j < v.map_size(); ++j) {
      const Value& key_result = v.map_value(j);
      if (!key_result.is_map()) {
        keys.emplace_back(v.map_key(j), key_result);
        continue;
      }
      std::vector<std::pair<Value, Value>> fields;
      for (size_t m = 0; m < key_result.map_size(); ++m) {
        const Value& field = key_result.map_key(m);
        const Value& content = key_result.map_value(m);
        if (field == Kw("linear-svg") && content.is_string()) {
          svgs.emplace_back(v.map_key(j), content.as_string());
        } else {
          fields.emplace_back(field, content);
        }
      }
      keys.emplace_back(v.map_key(j), Value::Map(std::move(fields)));
    }
    top.emplace_back(k, Value::Map(std::move(keys)));
  }
  result->details = Value::Map(std::move(top));
  std::sort(svgs.begin(), svgs.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return svgs;
}

}  // namespace harness::lin
