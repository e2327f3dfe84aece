#include "harness/linearizability/checker.h"

#include <memory>

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

// One key's search as the scheduler drives it.
struct KeyRun {
  const KeyPartition* part = nullptr;
  std::unique_ptr<KeySearch> search;  // null once finished
  int64_t steps_given = 0;
  SearchResult result;
  std::string unknown_reason;  // set when the key ended undecided
};

KeyOutcome Summarize(const History& history, const KeyRun& run, const Partitions& parts,
                     const CheckOptions& options, std::vector<std::string>& anomalies) {
  const KeyPartition& part = *run.part;
  KeyOutcome out;
  if (part.error) {
    out.valid = Validity::kUnknown;
    out.result = Value::Map({{Kw("valid?"), Kw("unknown")}, {Kw("error"), Value::String(*part.error)}});
    anomalies.push_back(absl::StrCat("key ", part.key.ToEdn(), ": not checked: ", *part.error));
    return out;
  }
  const SearchResult& search = run.result;
  const Value op_count = Value::Int(static_cast<int64_t>(part.ops.size()));
  const Value steps = Value::Int(search.steps);
  switch (search.verdict) {
    case Verdict::kLinearizable:
      out.result = Value::Map({
          {Kw("valid?"), Value::Bool(true)},
          {Kw("linearizable"), Value::Map({{Kw("valid?"), Value::Bool(true)},
                                           {Kw("analyzer"), Kw("wgl")},
                                           {Kw("op-count"), op_count},
                                           {Kw("steps"), steps},
                                           {Kw("configs-explored"), Value::Int(search.cache_entries)}})},
      });
      return out;
    case Verdict::kUnknown: {
      out.valid = Validity::kUnknown;
      const std::string why = absl::StrCat(run.unknown_reason, " after ", search.steps,
                                           " steps and ", search.cache_entries, " configurations");
      out.result = Value::Map({
          {Kw("valid?"), Kw("unknown")},
          {Kw("linearizable"), Value::Map({{Kw("valid?"), Kw("unknown")},
                                           {Kw("analyzer"), Kw("wgl")},
                                           {Kw("op-count"), op_count},
                                           {Kw("steps"), steps},
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
      {Kw("steps"), steps},
      {Kw("linear-svg"), Value::String(std::move(report.svg))},
  });
  anomalies.insert(anomalies.end(), report.anomalies.begin(), report.anomalies.end());
  return out;
}

void Finish(KeyRun& run, std::string unknown_reason) {
  run.result = run.search->Result();
  run.unknown_reason = std::move(unknown_reason);
  run.search.reset();
}

// Drives every key's search in rounds (see checker.h). Returns why the check
// stopped early, or "" when every key ran to its own end.
std::string Schedule(std::vector<KeyRun>& runs, const CheckOptions& options,
                     std::chrono::steady_clock::time_point start) {
  constexpr int64_t kFirstSlice = 1 << 10;
  const auto active = [&] {
    std::vector<KeyRun*> out;
    for (KeyRun& r : runs) {
      if (r.search) out.push_back(&r);
    }
    return out;
  };
  for (int64_t slice = kFirstSlice; !active().empty(); slice = std::min(slice * 2, int64_t{1} << 40)) {
    std::string refuted;
    for (KeyRun* r : active()) {
      const int64_t give = std::min(slice, options.max_steps_per_key - r->steps_given);
      r->search->Advance(give);
      r->steps_given += give;
      if (r->search->decided()) {
        Finish(*r, "");
        if (r->result.verdict == Verdict::kNotLinearizable && refuted.empty()) {
          refuted = r->part->key.ToEdn();
        }
      } else if (r->steps_given >= options.max_steps_per_key) {
        Finish(*r, absl::StrCat("step budget of ", options.max_steps_per_key, " exceeded"));
      }
      if (std::chrono::steady_clock::now() - start > options.time_limit) {
        const std::string why = absl::StrCat("outer time guard (--time-limit-s) of ",
                                             options.time_limit.count() / 1000.0, " s reached");
        for (KeyRun* rest : active()) Finish(*rest, why);
        return why;
      }
    }
    // Memory is counted, not timed: drop the largest searches until the
    // rest fit, largest first so one hard key does not starve the others.
    while (true) {
      std::vector<KeyRun*> live = active();
      size_t total = 0;
      KeyRun* largest = nullptr;
      for (KeyRun* r : live) {
        total += r->search->memory_bytes();
        if (largest == nullptr || r->search->memory_bytes() > largest->search->memory_bytes()) largest = r;
      }
      if (total <= options.memory_limit_bytes || largest == nullptr) break;
      Finish(*largest, absl::StrCat("memory budget of ", options.memory_limit_bytes >> 20,
                                    " MiB (all keys) exceeded"));
    }
    if (!refuted.empty() && options.stop_at_first_failure && !active().empty()) {
      const std::string why = absl::StrCat("search stopped: key ", refuted,
                                           " was found not linearizable first");
      for (KeyRun* rest : active()) Finish(*rest, why);
      return why;
    }
  }
  return "";
}

}  // namespace

CheckResult CheckHistory(const History& history, const CheckOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const bool independent = options.independent.value_or(LooksIndependent(history));
  const Partitions parts = PartitionHistory(history, options.model, independent);

  std::vector<KeyRun> runs(parts.keys.size());
  for (size_t i = 0; i < parts.keys.size(); ++i) {
    const KeyPartition& part = parts.keys[i];
    runs[i].part = &part;
    if (part.error) continue;
    runs[i].search = options.model == ModelKind::kCasRegister
                         ? NewRegisterSearch(part.ops, RegisterModel{options.nil_read_passes})
                         : NewKvSearch(part.ops, &parts.tables->strings);
  }
  const std::string stopped = Schedule(runs, options, start);

  CheckResult result;
  std::vector<std::pair<Value, Value>> per_key;
  std::vector<Value> failures;
  for (const KeyRun& run : runs) {
    KeyOutcome key = Summarize(history, run, parts, options, result.anomalies);
    result.valid = Worse(result.valid, key.valid);
    if (key.valid == Validity::kFalse) failures.push_back(run.part->key);
    per_key.emplace_back(run.part->key, std::move(key.result));
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
      {Kw("budget"), Value::Map({{Kw("max-steps-per-key"), Value::Int(options.max_steps_per_key)},
                                 {Kw("memory-limit-bytes"),
                                  Value::Int(static_cast<int64_t>(options.memory_limit_bytes))},
                                 {Kw("time-guard-ms"), Value::Int(options.time_limit.count())}})},
      {Kw("check-time-ms"), Value::Double(static_cast<double>(elapsed.count()) / 1000.0)},
  };
  if (!stopped.empty()) details.emplace_back(Kw("stopped"), Value::String(stopped));
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
