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
  Message m;
  bool has_src = false, has_dest = false, has_body = false, bad_src = false, bad_dest = false,
       bad_body = false;
  ObjectParse parsed = ParseJsonObjectMembers(line, [&](std::string_view key, Json&& value) {
    // A repeated member wins as in nlohmann's parser: the last one counts.
    if (key == "src") {
      has_src = true;
      bad_src = !value.is_string();
      if (!bad_src) m.src = std::move(value.get_ref<std::string&>());
    } else if (key == "dest") {
      has_dest = true;
      bad_dest = !value.is_string();
      if (!bad_dest) m.dest = std::move(value.get_ref<std::string&>());
    } else if (key == "body") {
      has_body = true;
      bad_body = !value.is_object();
      if (!bad_body) m.body = std::move(value);
    }
  });
  if (parsed == ObjectParse::kNotJson) return Error::Malformed("not valid JSON (or nested deeper than 256)");
  if (parsed == ObjectParse::kNotObject) return Error::Malformed("not a JSON object");
  if (!has_src || bad_src) return Error::Malformed("missing string field src");
  if (!has_dest || bad_dest) return Error::Malformed("missing string field dest");
  if (!has_body || bad_body) return Error::Malformed("missing object field body");
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
