// Partition: turns a History into the integer SearchOps of each key, ready
// for Search. Pairs every invocation with its process's next completion,
// drops :fail ops (they did not happen) and indeterminate reads (a read that
// never completed constrains nothing), makes :info writes and cas
// indefinite, and interns values so model steps compare integers.
//
// With `independent`, each op's value is [key v] (lin-kv, and the kv data as
// read by history_files.h) and keys are checked separately
// (P-compositionality); otherwise the whole history is one key, nil.
//
// Pure; the returned Partitions owns its tables. Thread-compatible.
#ifndef HARNESS_LINEARIZABILITY_PARTITION_H_
#define HARNESS_LINEARIZABILITY_PARTITION_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/history/op.h"
#include "harness/linearizability/search_op.h"

namespace harness::lin {

enum class ModelKind { kCasRegister, kKv };

// One operation as the history recorded it: positions in the History vector.
struct PairedOp {
  size_t invoke = 0;
  std::optional<size_t> completion;  // absent: never completed
  OpType outcome = OpType::kInfo;    // kOk, kFail or kInfo
};

struct KeyPartition {
  Value key;                      // nil when the history is not independent
  std::vector<SearchOp> ops;      // in invocation order
  std::vector<PairedOp> sources;  // parallel to ops
  // Set when an op of this key is malformed (names its :index); the key is
  // then not searched and its verdict is :unknown.
  std::optional<std::string> error;
};

// Register values and kv strings by id, for the report.
struct ValueTables {
  std::map<Value, int64_t> register_ids;
  std::vector<Value> register_values;  // id -> value; kNil is nil
  StringTable strings;

  int64_t InternRegister(const Value& v);
  Value RegisterValue(State s) const;  // nil for kNil
};

struct Partitions {
  std::vector<KeyPartition> keys;  // sorted by key
  std::unique_ptr<ValueTables> tables = std::make_unique<ValueTables>();
  // Ops that belong to no key (unpaired completions, values without a key),
  // each naming its :index. They make the overall verdict :unknown.
  std::vector<std::string> errors;
  std::vector<std::string> warnings;  // harmless oddities, e.g. ops of other :f
  int64_t dropped_failed = 0;
  int64_t dropped_indeterminate_reads = 0;
};

// True when the ops look like lin-kv's [key v] values rather than a single
// register's (a read or write whose value is a vector, or a cas whose value
// is [k [from to]]).
bool LooksIndependent(const History& history);

Partitions PartitionHistory(const History& history, ModelKind model, bool independent);

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_PARTITION_H_
