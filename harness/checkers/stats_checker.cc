#include "harness/checkers/stats_checker.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/checkers/checker_util.h"

namespace harness {
namespace {

// How many completions an anomaly line quotes by index.
constexpr size_t kQuotedOps = 5;

struct Counts {
  int64_t ok = 0;
  int64_t fail = 0;
  int64_t info = 0;
  std::vector<int64_t> first_indices;  // up to kQuotedOps completions

  int64_t total() const { return ok + fail + info; }

  void Count(const Op& op) {
    switch (op.type) {
      case OpType::kOk:
        ++ok;
        break;
      case OpType::kFail:
        ++fail;
        break;
      case OpType::kInfo:
        ++info;
        break;
      case OpType::kInvoke:
        CheckOrDie(false, "Counts::Count of an invocation");
        break;
    }
    if (first_indices.size() < kQuotedOps) first_indices.push_back(op.index);
  }

  // {:valid? :count :ok-count :fail-count :info-count}, key order as Jepsen's.
  MapBuilder ToMap(bool valid) const {
    MapBuilder b;
    b.Add("valid?", Value::Bool(valid))
        .Add("count", Value::Int(total()))
        .Add("ok-count", Value::Int(ok))
        .Add("fail-count", Value::Int(fail))
        .Add("info-count", Value::Int(info));
    return b;
  }
};

}  // namespace

CheckResult CheckStats(const History& history) {
  Counts all;
  std::map<std::string, Counts> by_f;  // sorted by f, as Jepsen's sorted-map
  for (const Op& op : history) {
    if (!op.is_client() || op.type == OpType::kInvoke) continue;
    all.Count(op);
    by_f[op.f].Count(op);
  }
  CheckResult result;
  std::vector<std::pair<Value, Value>> by_f_entries;
  for (const auto& [f, counts] : by_f) {
    bool valid = counts.ok > 0;
    // Maelstrom's kafka wraps stats (jepsen.tests.kafka/stats-checker) so
    // that :crash ops, which always end :info, do not fail it; their
    // :by-f entry still says false.
    const bool ignored = f == "crash" || f == "debug-topic-partitions";
    if (!valid && !ignored) {
      result.valid = Validity::kFalse;
      result.anomalies.push_back(absl::StrCat("stats: no :", f, " operation succeeded (",
                                              counts.total(), " completions: ", counts.fail,
                                              " :fail, ", counts.info, " :info; first at ops ",
                                              absl::StrJoin(counts.first_indices, ", "), ")"));
    }
    by_f_entries.emplace_back(Kw(f), counts.ToMap(valid).Build());
  }
  result.details = all.ToMap(result.valid == Validity::kTrue)
                       .Add("by-f", Value::Map(std::move(by_f_entries)))
                       .Build();
  return result;
}

}  // namespace harness
