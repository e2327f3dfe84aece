#include "harness/workloads/outcome.h"

#include "absl/strings/str_cat.h"
#include "harness/net/message.h"

namespace harness {

using nlohmann::json;

std::string ErrorCodeName(int64_t code) {
  switch (code) {
    case 0: return "timeout";
    case 1: return "node-not-found";
    case 10: return "not-supported";
    case 11: return "temporarily-unavailable";
    case 12: return "malformed-request";
    case 13: return "crash";
    case 14: return "abort";
    case 20: return "key-does-not-exist";
    case 21: return "key-already-exists";
    case 22: return "precondition-failed";
    case 30: return "txn-conflict";
    default: return "unknown";
  }
}

bool IsDefiniteErrorCode(int64_t code) {
  switch (code) {
    case 1: case 10: case 11: case 12: case 14: case 20: case 21: case 22: case 30:
      return true;
    default:
      return false;
  }
}

absl::Status ValidateReply(const ReplySchema& schema, const json& reply) {
  if (!reply.is_object()) return absl::InvalidArgumentError("body is not an object");
  auto type = reply.find("type");
  if (type == reply.end() || !type->is_string() || type->get<std::string>() != schema.type) {
    return absl::InvalidArgumentError(absl::StrCat("expected type \"", schema.type, "\""));
  }
  auto irt = reply.find("in_reply_to");
  if (irt == reply.end() || !irt->is_number_integer()) {
    return absl::InvalidArgumentError("in_reply_to is not an integer");
  }
  auto msg_id = reply.find("msg_id");
  if (msg_id != reply.end() && !msg_id->is_number_integer()) {
    return absl::InvalidArgumentError("msg_id is present but not an integer");
  }
  for (const auto& [name, kind] : schema.fields) {
    auto it = reply.find(name);
    if (it == reply.end()) return absl::InvalidArgumentError(absl::StrCat("missing field ", name));
    if (kind == ReplySchema::Kind::kInt && !it->is_number_integer()) {
      return absl::InvalidArgumentError(absl::StrCat(name, " is not an integer"));
    }
    if (kind == ReplySchema::Kind::kArray && !it->is_array()) {
      return absl::InvalidArgumentError(absl::StrCat(name, " is not an array"));
    }
    if (kind == ReplySchema::Kind::kObject && !it->is_object()) {
      return absl::InvalidArgumentError(absl::StrCat(name, " is not an object"));
    }
  }
  for (auto it = reply.begin(); it != reply.end(); ++it) {
    const std::string& key = it.key();
    if (key == "type" || key == "in_reply_to" || key == "msg_id") continue;
    bool known = false;
    for (const auto& field : schema.fields) known = known || field.first == key;
    if (!known) return absl::InvalidArgumentError(absl::StrCat("unexpected key ", key));
  }
  return absl::OkStatus();
}

namespace {

Completion Exception(const Invocation& op, const std::string& cls, const std::string& message) {
  Completion c;
  c.type = OpType::kInfo;
  c.value = op.value;
  c.exception = absl::StrCat(cls, ": ", message);
  c.error = Value::String(absl::StrCat("indeterminate: ", message));
  return c;
}

}  // namespace

std::optional<Completion> FailedStep(const Workload& workload, const Invocation& op,
                                     const std::optional<json>& reply,
                                     const ReplySchema& schema) {
  const bool idempotent = workload.IsIdempotent(op.f);
  if (!reply.has_value()) {
    if (!workload.uses_error_mapping()) {
      return Exception(op, "Timeout", "client timed out waiting for a reply");
    }
    Completion c;
    c.type = idempotent ? OpType::kFail : OpType::kInfo;
    c.value = op.value;
    c.error = Value::Keyword("net-timeout");
    return c;
  }
  const json& body = *reply;
  if (body.is_object() && body.contains("type") && body["type"] == "error") {
    auto code_it = body.find("code");
    int64_t code = (code_it != body.end() && code_it->is_number_integer())
                       ? code_it->get<int64_t>()
                       : -1;
    auto text_it = body.find("text");
    Value text = (text_it != body.end() && text_it->is_string())
                     ? Value::String(text_it->get<std::string>())
                     : Value();
    if (!workload.uses_error_mapping()) {
      return Exception(op, "RpcError",
                       absl::StrCat("error code ", code, " (", ErrorCodeName(code), "): ",
                                    Abbreviate(body.dump())));
    }
    Completion c;
    c.type = (IsDefiniteErrorCode(code) || idempotent) ? OpType::kFail : OpType::kInfo;
    c.value = op.value;
    c.error = Value::Vec({Value::Keyword(ErrorCodeName(code)), text});
    return c;
  }
  if (absl::Status s = ValidateReply(schema, body); !s.ok()) {
    return MalformedReply(op, absl::StrCat(s.message(), " in ", Abbreviate(body.dump())));
  }
  return std::nullopt;
}

Completion MalformedReply(const Invocation& op, const std::string& why) {
  return Exception(op, "MalformedReply", why);
}

Completion Complete(const Workload& workload, const Invocation& op,
                    const std::optional<json>& reply) {
  if (auto failed = FailedStep(workload, op, reply, workload.Schema(op))) return *failed;
  auto value = workload.OkValue(op, *reply);
  if (!value.ok()) {
    return MalformedReply(op, absl::StrCat(value.status().message(), " in ",
                                           Abbreviate(reply->dump())));
  }
  Completion c;
  c.type = OpType::kOk;
  c.value = std::move(*value);
  return c;
}

}  // namespace harness
