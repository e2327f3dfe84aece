// CycleSvg: a picture of one anomaly's cycle (txn_check.h's
// TxnCycleDrawing): the txns as boxes in a column, T1 on top, arrows
// between them labelled with the relation (ww, wr, rw, process, realtime; "(rt)" marks
// an edge inferred from real time), the anomaly's name as the title.
// Self-contained SVG text; pure function; labels are XML-escaped.
#ifndef HARNESS_ELLE_CYCLE_SVG_H_
#define HARNESS_ELLE_CYCLE_SVG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/elle/txn_check.h"

namespace harness::elle {

std::string CycleSvg(const TxnCycleDrawing& cycle);

// For a stored txn run (`workload` txn-rw-register or txn-list-append; any
// other workload does nothing): re-checks `history` against `models` (the
// --consistency-models text) and, when anomalies have cycles, writes
// DIR/elle/<anomaly>.svg for the first cycle of each class and returns
// their paths. A write failure is an error; the verdict never depends on it.
absl::StatusOr<std::vector<std::string>> WriteTxnCycleSvgs(const std::string& dir,
                                                           const History& history,
                                                           const std::string& workload,
                                                           const std::string& models);

}  // namespace harness::elle

#endif  // HARNESS_ELLE_CYCLE_SVG_H_
