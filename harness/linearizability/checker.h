// CheckHistory: linearizability of a whole history against one model, key by
// key, merged in the shape of Jepsen's independent checker (which Maelstrom's
// lin-kv uses):
//   {:valid? v :results {key {:valid? v :linearizable {...}}} :failures [keys]
//    :model :cas-register :key-count n ...}
// :failures lists the keys found not linearizable. A key whose search ran out
// of budget, or whose ops are malformed, is :unknown (never guessed); the
// merged :valid? is the worst of all keys (false > unknown > true).
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
  // For the whole history, all keys together.
  std::chrono::milliseconds time_limit{60'000};
  size_t memory_limit_bytes = size_t{2} << 30;
};

CheckResult CheckHistory(const History& history, const CheckOptions& options);

// Removes every :linear-svg from result->details and returns them as
// (key, svg text) pairs in key order. Keys are EDN values (nil for a
// non-independent history).
std::vector<std::pair<Value, std::string>> TakeLinearSvgs(CheckResult* result);

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_CHECKER_H_
