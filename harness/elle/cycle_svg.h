// CycleSvg: a picture of one anomaly's cycle (txn_check.h's
// TxnCycleDrawing): the txns as boxes on a circle, arrows between them
// labelled with the relation (ww, wr, rw, process, realtime; "(rt)" marks
// an edge inferred from real time), the anomaly's name as the title.
// Self-contained SVG text; pure function; labels are XML-escaped.
#ifndef HARNESS_ELLE_CYCLE_SVG_H_
#define HARNESS_ELLE_CYCLE_SVG_H_

#include <string>

#include "harness/elle/txn_check.h"

namespace harness::elle {

std::string CycleSvg(const TxnCycleDrawing& cycle);

}  // namespace harness::elle

#endif  // HARNESS_ELLE_CYCLE_SVG_H_
