#include "harness/workloads/lin_kv_workload.h"

#include <algorithm>

#include "harness/run/check.h"

namespace harness {

using nlohmann::json;

LinKvWorkload::LinKvWorkload(int node_count, int64_t latency_ms)
    : node_count_(node_count), timeout_ms_(std::max<int64_t>(10 * latency_ms, 1000)) {
  HARNESS_CHECK(node_count_ > 0);
}

Invocation LinKvWorkload::NextOp(int thread, int64_t process, Rng& rng) {
  const int group_size = 2 * node_count_;
  const size_t g = static_cast<size_t>(thread / group_size);
  if (groups_.size() <= g) groups_.resize(g + 1);
  Group& group = groups_[g];
  if (!group.has_key ||
      (!group.processes.contains(process) && group.processes.size() >= kProcessLimit)) {
    group.has_key = true;
    group.key = next_key_++;
    group.processes.clear();
  }
  group.processes.insert(process);
  Value key = Value::Int(group.key);
  if (thread % group_size < node_count_) return {"read", Value::Vec({key, Value()})};
  if (rng.UniformInt(0, 3) == 0) return {"write", Value::Vec({key, Value::Int(rng.UniformInt(0, 5))})};
  return {"cas", Value::Vec({key, Value::Vec({Value::Int(rng.UniformInt(0, 5)),
                                              Value::Int(rng.UniformInt(0, 5))})})};
}

json LinKvWorkload::Request(const Invocation& op) const {
  const auto& kv = op.value.items();
  json key = kv[0].ToJson();
  if (op.f == "read") return json{{"type", "read"}, {"key", key}};
  if (op.f == "write") return json{{"type", "write"}, {"key", key}, {"value", kv[1].ToJson()}};
  const auto& from_to = kv[1].items();
  return json{{"type", "cas"}, {"key", key}, {"from", from_to[0].ToJson()},
              {"to", from_to[1].ToJson()}};
}

ReplySchema LinKvWorkload::Schema(const Invocation& op) const {
  if (op.f == "read") return {"read_ok", {{"value", ReplySchema::Kind::kAny}}};
  if (op.f == "write") return {"write_ok", {}};
  return {"cas_ok", {}};
}

absl::StatusOr<Value> LinKvWorkload::OkValue(const Invocation& op, const json& reply) const {
  if (op.f != "read") return op.value;
  return Value::Vec({op.value.items()[0], Value::FromJson(reply.at("value"))});
}

}  // namespace harness
