#include "harness/workloads/simple_workloads.h"

#include "absl/strings/str_cat.h"

namespace harness {

using nlohmann::json;

Invocation EchoWorkload::NextOp(int thread, int64_t process, Rng& rng) {
  return {"echo", Value::String(absl::StrCat("Please echo ", rng.UniformInt(0, 128)))};
}

json EchoWorkload::Request(const Invocation& op) const {
  return json{{"type", "echo"}, {"echo", op.value.as_string()}};
}

ReplySchema EchoWorkload::Schema(const Invocation& op) const {
  return {"echo_ok", {{"echo", ReplySchema::Kind::kAny}}};
}

absl::StatusOr<Value> EchoWorkload::OkValue(const Invocation& op, const json& reply) const {
  return BodyValue(reply);
}

Invocation UniqueIdsWorkload::NextOp(int thread, int64_t process, Rng& rng) {
  return {"generate", Value()};
}

json UniqueIdsWorkload::Request(const Invocation& op) const { return json{{"type", "generate"}}; }

ReplySchema UniqueIdsWorkload::Schema(const Invocation& op) const {
  return {"generate_ok", {{"id", ReplySchema::Kind::kAny}}};
}

absl::StatusOr<Value> UniqueIdsWorkload::OkValue(const Invocation& op, const json& reply) const {
  return Value::FromJson(reply.at("id"));
}

}  // namespace harness
