// Analyze: every checker of a run, merged into Maelstrom's results map.
//
// A checker is a pure function from what a run recorded (history, journal,
// run facts) to a CheckResult; nothing here reads a node's internals, so a
// stored run re-checks to the same verdict (`harness analyze`). The merged
// validity is the worst of all checkers: false beats unknown beats true.
#ifndef HARNESS_CHECKERS_ANALYSIS_H_
#define HARNESS_CHECKERS_ANALYSIS_H_

#include <optional>
#include <string>
#include <vector>

#include "harness/history/journal.h"
#include "harness/history/op.h"
#include "harness/history/value.h"

namespace harness {

// Inline so that checkers living in other libraries (lin-kv) can use them
// without linking harness_checkers.
enum class Validity { kTrue, kUnknown, kFalse };  // ordered best to worst
inline Validity WorstOf(Validity a, Validity b) { return a > b ? a : b; }
// true, :unknown, false
inline Value ValidityValue(Validity v) {
  switch (v) {
    case Validity::kTrue: return Value::Bool(true);
    case Validity::kUnknown: return Value::Keyword("unknown");
    case Validity::kFalse: return Value::Bool(false);
  }
  return Value::Keyword("unknown");
}
// Maelstrom's exit codes: 0 valid, 2 unknown, 1 invalid.
inline int ExitStatusFor(Validity v) {
  switch (v) {
    case Validity::kTrue: return 0;
    case Validity::kUnknown: return 2;
    case Validity::kFalse: return 1;
  }
  return 2;
}

struct CheckResult {
  Validity valid = Validity::kTrue;
  Value details;  // an EDN map that includes :valid?
  // Human-readable anomaly lines for the end-of-run report, each naming the
  // operations (by :index) that show it. Empty when valid.
  std::vector<std::string> anomalies;
};

// What the analysis needs to know about a run besides history and journal.
struct RunFacts {
  std::string workload;  // "echo", "broadcast", "lin-kv", ...
  // --availability: unset = no requirement; 1.0 with `total`.
  std::optional<double> availability;
  bool availability_total = false;
  // Replies that reached a client which had already given up (dropped).
  int64_t late_replies = 0;
  // Protocol violations seen while running: malformed stdout lines, bad
  // destinations. Any makes the run invalid (our bench is stricter than
  // Maelstrom here, on purpose: see protocol.md section 6).
  std::vector<std::string> protocol_violations;
};

struct Analysis {
  Validity valid = Validity::kTrue;
  Value results;                    // the results.edn map (:workload, :net, ...)
  std::vector<std::string> report;  // anomaly lines of every invalid checker
};

// Runs every checker and merges them. results holds, in this order, :perf
// and :timeline (notes only: no plots here; the store draws timeline.html),
// :exceptions :stats :availability :net :workload (dispatched on
// facts.workload: echo, unique-ids, broadcast, g-set, g-counter, pn-counter,
// lin-kv, kafka; any other name gives {:valid? :unknown :error "no checker for
// workload X"}), :protocol (our stricter entry: invalid on any protocol
// violation; counts late replies) and :valid?. report holds the anomaly lines
// of every checker that is not valid, each prefixed with its results key
// ("workload: lost: element 17 ..."). Never fails: a checker that throws
// becomes {:valid? :unknown :error ...}. Linear or n log n in the history
// and journal (about 0.3 s for a 40k-op broadcast history whose reads hold
// 5M elements in all).
Analysis Analyze(const History& history, const Journal& journal, const RunFacts& facts);

}  // namespace harness

#endif  // HARNESS_CHECKERS_ANALYSIS_H_
