// CheckHistory: linearizability of a whole history against one model, key by
// key, merged in the shape of Jepsen's independent checker (which Maelstrom's
// lin-kv uses):
//   {:valid? v :results {key {:valid? v :linearizable {...}}} :failures [keys]
//    :model :cas-register :key-count n ...}
// :failures lists the keys found not linearizable. A key whose search ran out
// of budget, or whose ops are malformed, is :unknown (never guessed); the
// merged :valid? is the worst of all keys (false > unknown > true).
//
// Keys are searched interleaved, deterministically: in rounds, each key not
// yet decided advances by the round's slice of steps (doubling every round,
// so a cheap key is decided after a few rounds whatever the key order). When
// a round ends with a key found not linearizable and stop_at_first_failure
// is set, the check ends there: every key got the same steps, every decided
// key is reported, and the others are :unknown naming the steps they got.
// Each per-key map carries :steps; the details carry :budget.
//
// Pictures: for every key found not linearizable, the per-key result map
// carries :linear-svg, an SVG timeline of the window that cannot be ordered
// (one row per process, bars from invocation to completion, the stuck ops
// highlighted). The runner moves it into independent/<key>/linear.svg with
// TakeLinearSvgs, which also removes it from the details, keeping
// results.edn small.
//
// Pure function of its inputs; thread-safe.
#ifndef HARNESS_LINEARIZABILITY_CHECKER_H_
#define HARNESS_LINEARIZABILITY_CHECKER_H_

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "harness/checkers/analysis.h"
#include "harness/history/op.h"
#include "harness/linearizability/partition.h"

namespace harness::lin {

struct CheckOptions {
  ModelKind model = ModelKind::kCasRegister;
  // Knossos's cas-register (and so Maelstrom) lets a nil read pass in any
  // state; off, a nil read asserts "no value" (Porcupine's etcd model).
  bool nil_read_passes = true;
  // Unset: detect from the values (LooksIndependent).
  std::optional<bool> independent;
  // The work budget of each key, in search steps (one step is one call or
  // return entry visited; roughly 0.1-1 us each). Counting steps rather than
  // time makes the verdict the same on an idle and on a loaded machine.
  int64_t max_steps_per_key = int64_t{1} << 30;
  // All keys' searches together, checked between slices of steps.
  size_t memory_limit_bytes = size_t{2} << 30;
  // An outer guard only: when the whole check has run this long, keys not
  // yet decided are :unknown with a reason that names the guard, so that a
  // verdict reached under it still depends on steps alone.
  std::chrono::milliseconds time_limit{60'000};
  // A definite violation on any key ends the check after the current round
  // (see CheckHistory); off, every key is searched to its own end.
  bool stop_at_first_failure = true;
};

CheckResult CheckHistory(const History& history, const CheckOptions& options);

// Removes every :linear-svg from result->details and returns them as
// (key, svg text) pairs in key order. Keys are EDN values (nil for a
// non-independent history).
std::vector<std::pair<Value, std::string>> TakeLinearSvgs(CheckResult* result);

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_CHECKER_H_
