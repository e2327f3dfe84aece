// Micro-operations of a Maelstrom txn request, parsed and checked before any
// of them runs.
//
// A txn is a JSON array of micro-ops (workloads.md section 8):
//   ["r", k, null]       read k (the request's third element is ignored)
//   ["w", k, v]          txn-rw-register: write v to k
//   ["append", k, v]     txn-list-append: append v to k's list
// Keys and values are 64-bit integers. ParseTxn checks the whole array
// first, so a bad micro-op anywhere refuses the txn before any effect:
// error 10 (not-supported) names an unknown function ("cas"), error 12
// (malformed-request) anything else (not an array, wrong arity, a key or
// value that is not an integer). Pure functions; no state.
#ifndef NODES_TXN_MICRO_OP_H_
#define NODES_TXN_MICRO_OP_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/message.h"
#include "runtime/result.h"

namespace txn {

enum class OpKind { kRead, kWrite, kAppend };

struct MicroOp {
  OpKind kind = OpKind::kRead;
  int64_t key = 0;
  int64_t value = 0;  // kWrite / kAppend only
  bool operator==(const MicroOp&) const = default;
};

// "r", "w", "append".
std::string_view OpName(OpKind kind);

// At most this many micro-ops in one txn (Maelstrom's default is 4): a bound
// on the work and the reply of one request.
inline constexpr size_t kMaxTxnOps = 4096;

runtime::Result<std::vector<MicroOp>> ParseTxn(const runtime::Json& txn);

}  // namespace txn

#endif  // NODES_TXN_MICRO_OP_H_
