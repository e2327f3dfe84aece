// broadcast and g-set (harness/docs/workloads.md): a 50/50 mix of adds
// of 0, 1, 2, ... (in emission order) and reads, then one final read per
// worker thread. Both are checked by set-full.
//
//   broadcast  topology setup; {"type":"broadcast","message":v}; reads return
//              "messages"; error mapping on, read idempotent; final reads
//              carry :final? true.
//   g-set      {"type":"add","element":v}; reads return "value"; no error
//              mapping; final reads carry no :final? flag (as Maelstrom).
#ifndef HARNESS_WORKLOADS_SET_WORKLOADS_H_
#define HARNESS_WORKLOADS_SET_WORKLOADS_H_

#include <string>
#include <vector>

#include "harness/workloads/topology.h"
#include "harness/workloads/workload.h"

namespace harness {

class BroadcastWorkload : public Workload {
 public:
  explicit BroadcastWorkload(Topology topology) : topology_(std::move(topology)) {}
  bool IsIdempotent(const std::string& f) const override { return f == "read"; }
  bool has_final_phase() const override { return true; }
  std::optional<nlohmann::json> SetupRequest(const std::string& node) const override;
  std::string setup_reply_type() const override { return "topology_ok"; }
  Invocation NextOp(int thread, int64_t process, Rng& rng) override;
  std::optional<Invocation> FinalOp(int thread) override;
  nlohmann::json Request(const Invocation& op) const override;
  ReplySchema Schema(const Invocation& op) const override;
  absl::StatusOr<Value> OkValue(const Invocation& op, const nlohmann::json& reply) const override;

 private:
  Topology topology_;
  int64_t next_value_ = 0;
};

class GSetWorkload : public Workload {
 public:
  bool uses_error_mapping() const override { return false; }
  bool has_final_phase() const override { return true; }
  Invocation NextOp(int thread, int64_t process, Rng& rng) override;
  std::optional<Invocation> FinalOp(int thread) override;
  nlohmann::json Request(const Invocation& op) const override;
  ReplySchema Schema(const Invocation& op) const override;
  absl::StatusOr<Value> OkValue(const Invocation& op, const nlohmann::json& reply) const override;

 private:
  int64_t next_value_ = 0;
};

}  // namespace harness

#endif  // HARNESS_WORKLOADS_SET_WORKLOADS_H_
