#include "harness/workloads/set_workloads.h"

namespace harness {

using nlohmann::json;

std::optional<json> BroadcastWorkload::SetupRequest(const std::string& node) const {
  json topo = json::object();
  for (const auto& [n, nbrs] : topology_) topo[n] = nbrs;
  return json{{"type", "topology"}, {"topology", topo}};
}

Invocation BroadcastWorkload::NextOp(int thread, int64_t process, Rng& rng) {
  if (rng.Coin()) return {"broadcast", Value::Int(next_value_++)};
  return {"read", Value()};
}

std::optional<Invocation> BroadcastWorkload::FinalOp(int thread) {
  return Invocation{"read", Value(), /*final=*/true};
}

json BroadcastWorkload::Request(const Invocation& op) const {
  if (op.f == "broadcast") return json{{"type", "broadcast"}, {"message", op.value.as_int()}};
  return json{{"type", "read"}};
}

ReplySchema BroadcastWorkload::Schema(const Invocation& op) const {
  if (op.f == "broadcast") return {"broadcast_ok", {}};
  return {"read_ok", {{"messages", ReplySchema::Kind::kArray}}};
}

absl::StatusOr<Value> BroadcastWorkload::OkValue(const Invocation& op, const json& reply) const {
  if (op.f == "broadcast") return op.value;
  return Value::FromJson(reply.at("messages"));
}

Invocation GSetWorkload::NextOp(int thread, int64_t process, Rng& rng) {
  if (rng.Coin()) return {"add", Value::Int(next_value_++)};
  return {"read", Value()};
}

std::optional<Invocation> GSetWorkload::FinalOp(int thread) {
  return Invocation{"read", Value(), /*final=*/false};
}

json GSetWorkload::Request(const Invocation& op) const {
  if (op.f == "add") return json{{"type", "add"}, {"element", op.value.as_int()}};
  return json{{"type", "read"}};
}

ReplySchema GSetWorkload::Schema(const Invocation& op) const {
  if (op.f == "add") return {"add_ok", {}};
  return {"read_ok", {{"value", ReplySchema::Kind::kArray}}};
}

absl::StatusOr<Value> GSetWorkload::OkValue(const Invocation& op, const json& reply) const {
  if (op.f == "add") return op.value;
  return Value::FromJson(reply.at("value"));
}

}  // namespace harness
