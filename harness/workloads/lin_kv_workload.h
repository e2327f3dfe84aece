// lin-kv (harness/docs/workloads.md): independent registers, one key per
// group of 2N worker threads at a time (N = node count). In each group the
// first N threads read, the other N write and cas in a 1:2 ratio; values
// are integers 0-4. A group moves to the next unused key (0, 1, 2, ... in
// the order groups ask) once more than 20 distinct processes would have
// touched its key. History values are [key v]: read [k nil] -> [k value],
// write [k v], cas [k [from to]]. Reads are idempotent; clients reusable;
// timeout max(10 * latency, 1000) ms.
//
// REQUIRES: concurrency is a multiple of 2N (the runner checks it first).
#ifndef HARNESS_WORKLOADS_LIN_KV_WORKLOAD_H_
#define HARNESS_WORKLOADS_LIN_KV_WORKLOAD_H_

#include <vector>

#include "absl/container/flat_hash_set.h"
#include "harness/workloads/workload.h"

namespace harness {

class LinKvWorkload : public Workload {
 public:
  static constexpr size_t kProcessLimit = 20;
  LinKvWorkload(int node_count, int64_t latency_ms);
  bool reusable_clients() const override { return true; }
  bool IsIdempotent(const std::string& f) const override { return f == "read"; }
  int64_t timeout_ms() const override { return timeout_ms_; }
  Invocation NextOp(int thread, int64_t process, Rng& rng) override;
  nlohmann::json Request(const Invocation& op) const override;
  ReplySchema Schema(const Invocation& op) const override;
  absl::StatusOr<Value> OkValue(const Invocation& op, const nlohmann::json& reply) const override;

 private:
  struct Group {
    bool has_key = false;
    int64_t key = 0;
    absl::flat_hash_set<int64_t> processes;
  };
  int node_count_;
  int64_t timeout_ms_;
  int64_t next_key_ = 0;
  std::vector<Group> groups_;
};

}  // namespace harness

#endif  // HARNESS_WORKLOADS_LIN_KV_WORKLOAD_H_
