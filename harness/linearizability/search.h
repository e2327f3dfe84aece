// Search: the Wing-Gong linearizability search with Lowe's memoisation, the
// algorithm Porcupine implements, plus pruning rules that read what values
// reveal (prune_rules.h). The ops of one partition (one key) become a doubly
// linked list of call and return entries in event order; the search
// repeatedly "lifts" the first call whose op is legal in the current model
// state (removing its call and return), and backtracks when it meets a
// return entry, i.e. an op that had to take effect before any remaining op
// but cannot. A cache of (set of linearized ops, model state) prunes every
// configuration already explored, and the rules refuse a lift whose
// configuration provably has no completion.
//
// Indefinite ops (:info) complete at kNeverReturns and need not be lifted:
// the search succeeds as soon as every definite op is linearized.
//
// Budgets count work, never wall-clock time, so the same history gets the
// same verdict on an idle or a loaded machine: a KeySearch advances by a
// given number of steps (one step is one call or return entry visited) and
// can be resumed, which lets the checker interleave many keys
// deterministically. Exceeding a budget ends in kUnknown, never a guess.
//
// A KeySearch reads its ops (and the kv string table) by reference; they
// must outlive it. One KeySearch is used by one thread at a time.
#ifndef HARNESS_LINEARIZABILITY_SEARCH_H_
#define HARNESS_LINEARIZABILITY_SEARCH_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/linearizability/refute.h"
#include "harness/linearizability/search_op.h"

namespace harness::lin {

enum class Verdict { kLinearizable, kNotLinearizable, kUnknown };

struct Budget {
  int64_t max_steps = int64_t{1} << 31;
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
  int64_t steps = 0;          // entries visited
  int64_t cache_entries = 0;  // configurations memoised
  int64_t pruned = 0;         // lifts refused by a pruning rule
  // Set when the real-time refutation (refute.h) decided the key before any
  // search step: then `stuck_op` is its reader, `prefix` is "writer,
  // overwriter" when that is a legal run (else empty), and `candidates` the
  // reader with the other producers and separating writes named.
  std::optional<RealTimeRefutation> refutation;
};

class KeySearch {
 public:
  virtual ~KeySearch() = default;
  // Runs at most `steps` more steps. Returns true once the verdict is
  // decided (linearizable or not); false when the steps ran out first.
  virtual bool Advance(int64_t steps) = 0;
  virtual bool decided() const = 0;
  // Memory held now: the configuration cache, the stack, the model's memo.
  virtual size_t memory_bytes() const = 0;
  // The verdict so far (kUnknown until decided, with an empty reason) and
  // the counters; for kNotLinearizable, the dead end.
  virtual SearchResult Result() const = 0;
};

// REQUIRES: for every op, call_pos < return_pos; positions of all calls and
// definite returns are distinct (checked).
std::unique_ptr<KeySearch> NewRegisterSearch(const std::vector<SearchOp>& ops,
                                             RegisterModel model);
// REQUIRES as above, and every string id of the ops is in `table`.
std::unique_ptr<KeySearch> NewKvSearch(const std::vector<SearchOp>& ops,
                                       const StringTable* table);

// A search first asks RefuteRegister or RefuteKv (refute.h); when it
// refutes, the search is decided before its first step.
// Runs one search until decided or out of budget (then kUnknown, with
// "step budget exceeded" or "memory budget exceeded").
SearchResult RunSearch(KeySearch& search, const Budget& budget);
SearchResult Search(const std::vector<SearchOp>& ops, const RegisterModel& model,
                    const Budget& budget);
SearchResult Search(const std::vector<SearchOp>& ops, const StringTable& table,
                    const Budget& budget);

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_SEARCH_H_
