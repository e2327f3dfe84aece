#include "runtime/message.h"

#include "absl/strings/str_cat.h"
#include "runtime/json_codec.h"

namespace runtime {
namespace {

std::optional<int64_t> IntField(const Json& body, const char* name) {
  if (!body.is_object()) return std::nullopt;
  auto it = body.find(name);
  if (it == body.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

}  // namespace

std::string_view Message::type() const {
  auto it = body.find("type");
  if (it == body.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

std::optional<int64_t> Message::msg_id() const { return IntField(body, "msg_id"); }
std::optional<int64_t> Message::in_reply_to() const { return IntField(body, "in_reply_to"); }

Result<Message> ParseMessage(std::string_view line) {
  if (line.size() > kMaxLineBytes) {
    return Error::Malformed(absl::StrCat("line of ", line.size(), " bytes exceeds the limit"));
  }
  std::optional<Json> parsed = ParseJson(line);
  if (!parsed) return Error::Malformed("not valid JSON (or nested deeper than 256)");
  Json& j = *parsed;
  if (!j.is_object()) return Error::Malformed("not a JSON object");
  Message m;
  for (const char* field : {"src", "dest"}) {
    auto it = j.find(field);
    if (it == j.end() || !it->is_string()) {
      return Error::Malformed(absl::StrCat("missing string field ", field));
    }
  }
  auto body = j.find("body");
  if (body == j.end() || !body->is_object()) return Error::Malformed("missing object field body");
  m.src = std::move(j["src"].get_ref<std::string&>());
  m.dest = std::move(j["dest"].get_ref<std::string&>());
  m.body = std::move(*body);
  return m;
}

std::string SerializeMessage(const Message& message) {
  std::string out;
  AppendMessage(message, out);
  return out;
}

void AppendMessage(const Message& message, std::string& out) {
  // Built around the body so the body is never copied into an envelope.
  out += "{\"src\":";
  AppendJson(message.src, out);
  out += ",\"dest\":";
  AppendJson(message.dest, out);
  out += ",\"body\":";
  AppendJson(message.body, out);
  out += '}';
}

}  // namespace runtime
