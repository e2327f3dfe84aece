// Consistency models and the anomalies each prohibits (workloads.md section
// 8's table, read from Elle 0.2.2's model graph as Maelstrom uses it), for
// the six models Maelstrom's txn workloads name:
//   read-uncommitted     G0 duplicate-elements cyclic-versions
//   read-committed       + G1a G1b G1c dirty-update incompatible-order future-read
//   repeatable-read      read-committed + G-single G-nonadjacent G2-item lost-update
//   snapshot-isolation   read-committed + internal lost-update G-single G-nonadjacent
//   serializable         both rows above (so + G2-item)
//   strict-serializable  serializable + the -process and -realtime variants of
//                        G0 G1c G-single G-nonadjacent G2-item
// All our cycles are over items (no predicates), so Elle's -item names
// (G-single-item, G-nonadjacent-item) are the same anomalies as the names
// used here. Pure functions over constant tables.
#ifndef HARNESS_ELLE_TXN_MODELS_H_
#define HARNESS_ELLE_TXN_MODELS_H_

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace harness::elle {

// The model names, weakest first.
const std::vector<std::string>& TxnModelNames();

// The comma-separated --consistency-models list as names; an unknown or
// empty name is an error that lists the known ones.
absl::StatusOr<std::vector<std::string>> ParseTxnModels(const std::string& list);

// Every anomaly any of `models` prohibits. REQUIRES: known names.
std::set<std::string> ProhibitedAnomalies(const std::vector<std::string>& models);

// Elle's :not (the weakest models the anomalies rule out) and :also-not
// (the stronger models that are ruled out because a weaker one is).
std::pair<std::set<std::string>, std::set<std::string>> RuledOutModels(
    const std::set<std::string>& anomalies);

}  // namespace harness::elle

#endif  // HARNESS_ELLE_TXN_MODELS_H_
