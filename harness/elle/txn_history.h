// TxnHistory: a Jepsen txn history (rw-register or list-append) read into
// transactions with integer keys and values, the form the txn checker
// (txn_check.h) analyses.
//
// Each client :txn invocation is paired with its process's next completion.
// An :ok txn takes its micro-ops from the completion (reads filled in); a
// :fail or :info txn from the invocation (its writes are what it may have
// done; its reads are unknown). A txn whose value is not a vector of
// [:r k v] / [:w k v] / [:append k v] micro-ops with integer keys and
// values (reads: nil, an integer, or a vector of integers) is left out and
// counted in `malformed`, with the first reasons kept; bad input never
// stops the checker. Plain data; pure functions.
#ifndef HARNESS_ELLE_TXN_HISTORY_H_
#define HARNESS_ELLE_TXN_HISTORY_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "harness/history/op.h"

namespace harness::elle {

enum class MopKind : uint8_t { kRead, kWrite, kAppend };

struct Mop {
  MopKind kind = MopKind::kRead;
  bool nil = false;  // a read of nil (unknown for :fail/:info reads)
  int64_t key = 0;
  int64_t value = 0;          // written / appended value; rw-register read
  std::vector<int64_t> list;  // list-append read
};

struct Txn {
  int64_t index = 0;  // the completion's :index (the invocation's if none)
  int64_t invoke_index = 0;
  int64_t process = 0;
  int64_t invoke_ns = 0;
  int64_t complete_ns = std::numeric_limits<int64_t>::max();  // max unless :ok/:fail
  OpType type = OpType::kInfo;
  std::vector<Mop> mops;
  const Value* value = nullptr;  // the op's value as recorded (in the History)
};

struct TxnHistory {
  std::vector<Txn> txns;  // in invocation order
  int64_t malformed = 0;
  std::vector<std::string> malformed_reasons;  // at most 8
};

// REQUIRES: `history` outlives the result (txns point at its values).
TxnHistory ReadTxnHistory(const History& history);

}  // namespace harness::elle

#endif  // HARNESS_ELLE_TXN_HISTORY_H_
