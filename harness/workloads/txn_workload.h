// txn-rw-register and txn-list-append (workloads.md section 8): Maelstrom's
// transactional workloads, with Elle's generator.
//
// Keys are integers. A pool of `key_count` active keys; slot i (0 is the
// oldest) is chosen with probability 2^i / (2^K - 1), as kafka's. A txn has
// 1..max_txn_length micro-ops (uniform); each is a read or a write (an
// append in list-append) 50/50. Written values per key are 1, 2, 3, ...
// (unique per key); a key that reached max_writes_per_key writes is retired
// and its slot takes the next unused key. No final phase; nothing is
// idempotent, so a timeout is :info.
//
// Request {"type":"txn","txn":[["r",1,null],["w",1,6]]}; the reply
// {"type":"txn_ok","txn":[...]} must return the same micro-ops in the same
// order (same function, key and written value) with reads filled in: an
// integer or null (rw-register), a list of integers or null (list-append).
// Anything else is a malformed reply (:info). History values are
// [[:r 1 nil] [:w 1 6]] / [[:append 1 6] [:r 1 [3 6]]].
//
// Single-threaded (the runner's loop); deterministic given the Rng.
#ifndef HARNESS_WORKLOADS_TXN_WORKLOAD_H_
#define HARNESS_WORKLOADS_TXN_WORKLOAD_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/workloads/workload.h"

namespace harness {

class TxnWorkload : public Workload {
 public:
  static constexpr int kDefaultKeyCount = 10;

  // REQUIRES: key_count > 0, max_txn_length > 0, max_writes_per_key > 0.
  TxnWorkload(bool list_append, int key_count, int max_txn_length, int max_writes_per_key);

  Invocation NextOp(int thread, int64_t process, Rng& rng) override;
  nlohmann::json Request(const Invocation& op) const override;
  ReplySchema Schema(const Invocation& op) const override;
  absl::StatusOr<Value> OkValue(const Invocation& op, const nlohmann::json& reply) const override;

 private:
  int64_t PickKey(Rng& rng, int* slot);

  bool list_append_;
  int key_count_;
  int max_txn_length_;
  int max_writes_per_key_;
  std::vector<int64_t> slots_;  // active keys, oldest first
  int64_t next_key_;
  std::map<int64_t, int64_t> writes_;  // writes generated per key
};

}  // namespace harness

#endif  // HARNESS_WORKLOADS_TXN_WORKLOAD_H_
