#include "harness/services/kv_model.h"

#include "absl/strings/str_cat.h"

namespace harness {

namespace {

using nlohmann::json;

json ErrorBody(int code, std::string text) {
  return json{{"type", "error"}, {"code", code}, {"text", std::move(text)}};
}

absl::StatusOr<const json*> Field(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) {
    return absl::InvalidArgumentError(absl::StrCat("request has no ", name));
  }
  return &*it;
}

}  // namespace

std::string CanonicalJson(const json& v) {
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

absl::StatusOr<KvOutcome> ApplyKv(const KvMap& state, const json& body,
                                  bool honor_create_if_not_exists) {
  if (!body.is_object()) return absl::InvalidArgumentError("body is not an object");
  auto type_it = body.find("type");
  if (type_it == body.end() || !type_it->is_string()) {
    return absl::InvalidArgumentError("request has no string type");
  }
  const std::string type = type_it->get<std::string>();
  auto key = Field(body, "key");
  if (!key.ok()) return key.status();
  const std::string k = CanonicalJson(**key);
  auto current = state.find(k);
  KvOutcome out;
  if (type == "read") {
    if (current == state.end()) {
      out.reply = ErrorBody(20, "key does not exist");
    } else {
      out.reply = json{{"type", "read_ok"}, {"value", current->second}};
    }
    return out;
  }
  if (type == "write") {
    auto value = Field(body, "value");
    if (!value.ok()) return value.status();
    out.reply = json{{"type", "write_ok"}};
    if (current == state.end() || CanonicalJson(current->second) != CanonicalJson(**value)) {
      out.new_state = state;
      (*out.new_state)[k] = **value;
    }
    return out;
  }
  if (type == "cas") {
    auto from = Field(body, "from");
    if (!from.ok()) return from.status();
    auto to = Field(body, "to");
    if (!to.ok()) return to.status();
    auto create = body.find("create_if_not_exists");
    bool create_flag = create != body.end() && create->is_boolean() && create->get<bool>();
    if (current == state.end()) {
      if (honor_create_if_not_exists && create_flag) {
        out.reply = json{{"type", "cas_ok"}};
        out.new_state = state;
        (*out.new_state)[k] = **to;
      } else {
        out.reply = ErrorBody(20, "key does not exist");
      }
      return out;
    }
    if (CanonicalJson(current->second) != CanonicalJson(**from)) {
      out.reply = ErrorBody(22, absl::StrCat("current value ", CanonicalJson(current->second),
                                             " is not ", CanonicalJson(**from)));
      return out;
    }
    out.reply = json{{"type", "cas_ok"}};
    if (CanonicalJson(current->second) != CanonicalJson(**to)) {
      out.new_state = state;
      (*out.new_state)[k] = **to;
    }
    return out;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown request type ", type));
}

}  // namespace harness
