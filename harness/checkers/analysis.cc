// Analyze: runs every checker of a run and merges them into Maelstrom's
// results map. Each checker is called behind a guard so that one that throws
// (it should not; it would be a bug) becomes {:valid? :unknown :error ...}, as
// Jepsen's compose does, instead of losing the whole analysis.
#include "harness/checkers/analysis.h"

#include <exception>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "harness/checkers/availability_checker.h"
#include "harness/checkers/checker_util.h"
#include "harness/checkers/counter_checker.h"
#include "harness/checkers/echo_checker.h"
#include "harness/checkers/exceptions_checker.h"
#include "harness/checkers/kafka_checker.h"
#include "harness/checkers/net_checker.h"
#include "harness/checkers/protocol_checker.h"
#include "harness/checkers/set_full_checker.h"
#include "harness/checkers/stats_checker.h"
#include "harness/checkers/unique_ids_checker.h"
#include "harness/linearizability/lin_kv_checker.h"

namespace harness {
namespace {

CheckResult Guarded(const std::function<CheckResult()>& check) {
  try {
    return check();
  } catch (const std::exception& e) {
    return UnknownResult(absl::StrCat("checker threw: ", e.what()));
  }
}

CheckResult CheckWorkload(const History& h, const std::string& workload) {
  if (workload == "echo") return CheckEcho(h);
  if (workload == "unique-ids") return CheckUniqueIds(h);
  if (workload == "broadcast") return CheckSetFull(h, "broadcast");
  if (workload == "g-set") return CheckSetFull(h, "add");
  if (workload == "g-counter" || workload == "pn-counter") return CheckCounter(h);
  if (workload == "lin-kv") return CheckLinKv(h);
  if (workload == "kafka") return CheckKafka(h);
  return UnknownResult(absl::StrCat("no checker for workload ", workload));
}

// Plots are not produced by this bench, and timeline.html is drawn by the
// store, not here; the entries keep Maelstrom's shape and say so plainly.
CheckResult NotProduced(std::string note, bool perf) {
  CheckResult r;
  MapBuilder b;
  if (perf) {
    b.Add("latency-graph", MapBuilder().Add("valid?", Value::Bool(true)).Build())
        .Add("rate-graph", MapBuilder().Add("valid?", Value::Bool(true)).Build());
  }
  b.Add("valid?", Value::Bool(true)).Add("note", Value::String(std::move(note)));
  r.details = b.Build();
  return r;
}

}  // namespace

Analysis Analyze(const History& history, const Journal& journal, const RunFacts& facts) {
  std::vector<std::pair<std::string, CheckResult>> parts;
  parts.emplace_back("perf", NotProduced("not produced: this bench draws no latency or rate plots",
                                         /*perf=*/true));
  parts.emplace_back("timeline",
                     NotProduced("timeline.html is written by the store (first 10000 ops)", false));
  parts.emplace_back("exceptions", Guarded([&] { return CheckExceptions(history); }));
  parts.emplace_back("stats", Guarded([&] { return CheckStats(history); }));
  parts.emplace_back("availability", Guarded([&] { return CheckAvailability(history, facts); }));
  parts.emplace_back("net", Guarded([&] { return CheckNet(history, journal); }));
  parts.emplace_back("workload", Guarded([&] { return CheckWorkload(history, facts.workload); }));
  parts.emplace_back("protocol", Guarded([&] { return CheckProtocol(facts); }));

  Analysis out;
  MapBuilder results;
  for (auto& [name, r] : parts) {
    // The map's :valid? is what readers of results.edn see; trust it over
    // the struct field if a checker let the two disagree.
    const Value* valid = r.details.FindKeyword("valid?");
    const Validity v = valid != nullptr ? WorstOf(r.valid, ValidityOf(*valid)) : r.valid;
    out.valid = WorstOf(out.valid, v);
    if (v != Validity::kTrue) {
      if (r.anomalies.empty()) {
        out.report.push_back(absl::StrCat(name, ": :valid? ", ValidityValue(v).ToEdn()));
      }
      for (std::string& line : r.anomalies) out.report.push_back(absl::StrCat(name, ": ", line));
    }
    results.Add(name, std::move(r.details));
  }
  results.Add("valid?", ValidityValue(out.valid));
  out.results = results.Build();
  return out;
}

}  // namespace harness
