// echo and unique-ids (harness/docs/workloads.md): one request type
// each, no setup, no final phase.
//
//   echo        {:f :echo :value "Please echo k"}, k uniform in 0..127; the
//               :ok value is the whole reply body; clients not reusable.
//   unique-ids  {:f :generate}; the :ok value is the reply's id; clients
//               reusable.
#ifndef HARNESS_WORKLOADS_SIMPLE_WORKLOADS_H_
#define HARNESS_WORKLOADS_SIMPLE_WORKLOADS_H_

#include "harness/workloads/workload.h"

namespace harness {

class EchoWorkload : public Workload {
 public:
  Invocation NextOp(int thread, int64_t process, Rng& rng) override;
  nlohmann::json Request(const Invocation& op) const override;
  ReplySchema Schema(const Invocation& op) const override;
  absl::StatusOr<Value> OkValue(const Invocation& op, const nlohmann::json& reply) const override;
};

class UniqueIdsWorkload : public Workload {
 public:
  bool reusable_clients() const override { return true; }
  Invocation NextOp(int thread, int64_t process, Rng& rng) override;
  nlohmann::json Request(const Invocation& op) const override;
  ReplySchema Schema(const Invocation& op) const override;
  absl::StatusOr<Value> OkValue(const Invocation& op, const nlohmann::json& reply) const override;
};

}  // namespace harness

#endif  // HARNESS_WORKLOADS_SIMPLE_WORKLOADS_H_
