// Search: the Wing-Gong linearizability search with Lowe's memoisation, the
// algorithm Porcupine implements. The ops of one partition (one key) become a
// doubly linked list of call and return entries in event order; the search
// repeatedly "lifts" the first call whose op is legal in the current model
// state (removing its call and return), and backtracks when it meets a return
// entry, i.e. an op that had to take effect before any remaining op but
// cannot. A cache of (set of linearized ops, model state) prunes every
// configuration already explored.
//
// Indefinite ops (:info) complete at kNeverReturns and need not be lifted:
// the search succeeds as soon as every definite op is linearized.
//
// The search is bounded by a deadline and a memory budget (the cache and the
// stack); exceeding either ends it with kUnknown. Pure: the ops are read only,
// the model is used by this call alone. Thread-compatible.
#ifndef HARNESS_LINEARIZABILITY_SEARCH_H_
#define HARNESS_LINEARIZABILITY_SEARCH_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/linearizability/search_op.h"

namespace harness::lin {

enum class Verdict { kLinearizable, kNotLinearizable, kUnknown };

struct Budget {
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  size_t memory_bytes = size_t{1} << 30;
};

struct SearchResult {
  Verdict verdict = Verdict::kUnknown;
  std::string unknown_reason;  // set for kUnknown: which budget ran out
  // For kNotLinearizable, the deepest dead end of the search: `prefix` is a
  // linearization (op ids in order) of as many ops as the search could ever
  // order; after it, `stuck_op` (the first op whose completion comes before
  // any legal continuation) cannot be placed; `candidates` are the
  // unlinearized ops invoked before stuck_op completed (stuck_op included),
  // none of which can be linearized next.
  std::vector<int32_t> prefix;
  int32_t stuck_op = -1;
  std::vector<int32_t> candidates;
  int64_t steps = 0;          // model steps tried
  int64_t cache_entries = 0;  // configurations memoised
};

// REQUIRES: for every op, call_pos < return_pos; positions of all calls and
// definite returns are distinct (checked).
SearchResult Search(const std::vector<SearchOp>& ops, const RegisterModel& model,
                    const Budget& budget);
SearchResult Search(const std::vector<SearchOp>& ops, KvModel& model, const Budget& budget);

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_SEARCH_H_
