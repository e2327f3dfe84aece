// g-counter and pn-counter (harness/docs/workloads.md): a 50/50 mix of adds
// (delta uniform in [-5, 4]) and reads; g-counter drops negative adds and
// redraws, so about a third of its ops are adds of [0, 4]. Final phase: one
// read per worker thread with :final? true. No error mapping: every error
// and timeout is an :info with an exception; clients are not reusable.
#ifndef HARNESS_WORKLOADS_COUNTER_WORKLOAD_H_
#define HARNESS_WORKLOADS_COUNTER_WORKLOAD_H_

#include "harness/workloads/workload.h"

namespace harness {

class CounterWorkload : public Workload {
 public:
  explicit CounterWorkload(bool grow_only) : grow_only_(grow_only) {}
  bool uses_error_mapping() const override { return false; }
  bool has_final_phase() const override { return true; }
  Invocation NextOp(int thread, int64_t process, Rng& rng) override;
  std::optional<Invocation> FinalOp(int thread) override;
  nlohmann::json Request(const Invocation& op) const override;
  ReplySchema Schema(const Invocation& op) const override;
  absl::StatusOr<Value> OkValue(const Invocation& op, const nlohmann::json& reply) const override;

 private:
  bool grow_only_;
};

}  // namespace harness

#endif  // HARNESS_WORKLOADS_COUNTER_WORKLOAD_H_
