// Real-time refutation of a register key, run before the search: a cheap,
// sound test that decides "not linearizable" at once when a value-needing op
// (a read of u, a cas expecting u) cannot see u because, in real time, every
// op that could have put u there is either separated from it by another
// write or was invoked only after it completed. It decides nothing else:
// when it finds no such op the search runs as before.
//
// Rule "no producer can be the last write" (argument also in README.md,
// "Real-time refutation"). In any sequential run of the register the value
// an op sees is the one installed by the last write or cas linearized before
// it, or the initial nil when there is none. Take a definite op r that needs
// u (a read of u, or a successful cas expecting u; a nil read that passes in
// any state needs nothing). Its producers P(u) are every write of u and
// every cas to u, definite or :info, plus the initial state when u is nil.
// Some p in P(u) must be the last write/cas before r. p is ruled out when
//   (a) r completed before p was invoked: p cannot precede r; or
//   (b) some definite write or cas w (so w is linearized) was invoked after
//       p completed and completed before r was invoked: then p < w < r in
//       every linearization, and w, another write/cas, follows p. For the
//       initial state, any definite w that completed before r was invoked.
// If every producer is ruled out (or there is none), r cannot be placed.
// Nothing here assumes unique values: a w that itself produces u is still
// a later write than p, and is judged as a producer on its own. Failed cas
// never reach the search (the partition drops them), and :info ops are
// producers but never separators, so neither can make the rule lie.
//
// Cost: definite writes/cas sorted by invocation with a suffix minimum of
// completions, so (b) is one binary search; readers whose value has more
// than kMaxProducers producers are skipped. O(n log n) per key.
#ifndef HARNESS_LINEARIZABILITY_REFUTE_H_
#define HARNESS_LINEARIZABILITY_REFUTE_H_

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "harness/linearizability/search_op.h"

namespace harness::lin {

struct RealTimeRefutation {
  int32_t reader = -1;  // the op that cannot see its value
  struct Excluded {
    int32_t producer = -1;    // op id, or -1 for the initial nil
    int32_t overwriter = -1;  // case (b): the separating write; -1 for case (a)
  };
  std::vector<Excluded> producers;  // every producer of the value, ruled out
  // Kv (RefuteKv): `reader` is a get, and one of these is set.
  int32_t missing_append = -1;  // an append the get must show but does not
  int32_t future_op = -1;       // a put/append the get shows, invoked after it
  // A get showing op first before op second, though second completed
  // before first was invoked; {-1, -1} otherwise.
  std::pair<int32_t, int32_t> reordered = {-1, -1};
};

inline constexpr size_t kMaxProducers = 8;

// The first refutable reader in completion order, or nothing.
std::optional<RealTimeRefutation> RefuteRegister(const std::vector<SearchOp>& ops,
                                                 const RegisterModel& model);

// Kv rule "a get shows every append pinned before it". Only when the key's
// put and append strings are non-empty, distinct and none is a prefix of
// another (a prefix code: every string splits into them in at most one
// way, each piece naming its op), as for the append-order pruning rule.
// The string a get g sees is the last put before it (or "") followed by
// the appends linearized after that put, in order; that is a split of g's
// value, so it is THE split. Hence:
//   - future op: a piece of g's value names an op invoked after g
//     completed; that op cannot precede g. Refuted.
//   - reordered: the pieces appear in linearization order, so a piece
//     whose op completed before an earlier piece's op was invoked cannot
//     be. Refuted.
//   - missing append: by uniqueness of the split, the last put q before g
//     is g's first piece when that is a put, and no put precedes g
//     otherwise. A definite append a that completed before g was invoked,
//     and was invoked after q completed (any a, when there is no q; none,
//     when q crashed), lies between q and g in every linearization, so it
//     is among g's pieces; if it is not, g cannot be placed.
// Cost: the appends in g's window are counted with a Fenwick tree (gets by
// invocation, appends added by completion, indexed by invocation) and
// compared with the count of g's pieces in the window: O(n log n + total
// value length).
std::optional<RealTimeRefutation> RefuteKv(const std::vector<SearchOp>& ops,
                                           const StringTable& table);

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_REFUTE_H_
