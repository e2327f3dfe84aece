// CheckTxn: Elle's analysis of a txn-rw-register or txn-list-append history
// (workloads.md section 8): a dependency graph of committed txns, its
// cycles by anomaly class, the non-cycle anomalies, and validity against
// the consistency models asked for (txn_models.h).
//
// Graph nodes are :ok txns and :info txns (possibly committed; only their
// writes are known, so they close no cycle unless someone read them).
// :fail txns are not nodes: reading one of their writes is G1a.
// Edges: ww, wr, rw from the version orders (txn_versions.h); process
// (successive txns of one process) and realtime (a txn completed before
// another was invoked, transitively reduced) only when a model checked
// prohibits a -process or -realtime anomaly.
//
// Anomalies, by Elle's names, each with its txns:
//   cycles   G0 G1c G-single G-nonadjacent G2-item and their -process and
//            -realtime variants, shortest per class and strongly connected
//            component, with Elle's "Let: T1 = ... Then: T1 < T2, because"
//            explanation; only the classes some model checked prohibits
//            are searched
//   G1a G1b internal lost-update cyclic-versions
//   list-append only: duplicate-elements incompatible-order dirty-update
//            future-read
//   unknown: empty-transaction-graph (no :ok txn), cycle-search-timeout
//            (the step budget ran out; cycles found before stay)
// :valid? false when any anomaly a model prohibits was found; otherwise
// :unknown when an unknown anomaly was (both workloads: this bench keeps a
// cycle-search timeout :unknown where Maelstrom's rw-register wrapper drops
// it), except that txn-rw-register counts an empty transaction graph as
// false, as Maelstrom's wrapper does; else true. Details as Elle's:
// {:valid? :anomaly-types [...] :anomalies {name [...]} :not #{...}
// :also-not #{...}} (at most 32 anomalies kept per type) plus
// :anomaly-counts {name n}, :models, :txn-count, :graph and :malformed-ops.
// Pure function; near-linear in the history plus the bounded cycle search.
#ifndef HARNESS_ELLE_TXN_CHECK_H_
#define HARNESS_ELLE_TXN_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "harness/checkers/analysis.h"
#include "harness/history/op.h"

namespace harness::elle {

struct TxnCheckOptions {
  bool list_append = false;
  std::vector<std::string> models = {"strict-serializable"};  // REQUIRES: known names
  int64_t max_steps = 5'000'000;  // cycle search budget (BFS state visits)
};

// One reported cycle, for pictures: each txn as a short label, and the
// relation that leads from it to the next ("ww", "wr", "rw", "process",
// "realtime"; an edge inferred from real time is "ww (rt)" or "rw (rt)").
struct TxnCycleDrawing {
  std::string anomaly;
  std::vector<std::string> txns;
  std::vector<std::string> edges;
};

struct TxnCheckOutput {
  CheckResult result;
  std::vector<TxnCycleDrawing> cycles;  // the first cycle of each class found
};

TxnCheckOutput CheckTxn(const History& history, const TxnCheckOptions& options);

}  // namespace harness::elle

#endif  // HARNESS_ELLE_TXN_CHECK_H_
