// FailureReport: explains a refuted key in words, as EDN, and as a picture.
// Given the search's deepest dead end (the longest linearizable prefix found
// and the ops none of which can come next), it names the window of ops that
// cannot be ordered: the stuck op, the ops concurrent with it, and the last
// ops of the prefix that overlap them, with the model state the prefix
// leaves.
//
// Pure functions; thread-safe.
#ifndef HARNESS_LINEARIZABILITY_FAILURE_REPORT_H_
#define HARNESS_LINEARIZABILITY_FAILURE_REPORT_H_

#include <string>
#include <vector>

#include "harness/history/op.h"
#include "harness/linearizability/partition.h"
#include "harness/linearizability/search.h"

namespace harness::lin {

struct FailureReport {
  Value linearizable;                 // the :linearizable map (:valid? false ...)
  std::vector<std::string> anomalies;  // one line per fact, naming :index values
  std::string svg;                    // timeline of the window
};

// REQUIRES: search.verdict == kNotLinearizable and search refers to
// part.ops (checked).
FailureReport ExplainFailure(const History& history, const KeyPartition& part,
                             const ValueTables& tables, ModelKind model, bool nil_read_passes,
                             const SearchResult& search);

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_FAILURE_REPORT_H_
