#include "harness/workloads/counter_workload.h"

namespace harness {

using nlohmann::json;

Invocation CounterWorkload::NextOp(int thread, int64_t process, Rng& rng) {
  for (;;) {
    if (!rng.Coin()) return {"read", Value()};
    int64_t delta = rng.UniformInt(-5, 5);
    if (grow_only_ && delta < 0) continue;  // dropped and redrawn
    return {"add", Value::Int(delta)};
  }
}

std::optional<Invocation> CounterWorkload::FinalOp(int thread) {
  return Invocation{"read", Value(), /*final=*/true};
}

json CounterWorkload::Request(const Invocation& op) const {
  if (op.f == "add") return json{{"type", "add"}, {"delta", op.value.as_int()}};
  return json{{"type", "read"}};
}

ReplySchema CounterWorkload::Schema(const Invocation& op) const {
  if (op.f == "add") return {"add_ok", {}};
  return {"read_ok", {{"value", ReplySchema::Kind::kInt}}};
}

absl::StatusOr<Value> CounterWorkload::OkValue(const Invocation& op, const json& reply) const {
  if (op.f == "add") return op.value;
  return Value::Int(reply.at("value").get<int64_t>());
}

}  // namespace harness
