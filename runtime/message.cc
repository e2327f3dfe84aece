#include "runtime/message.h"

#include "absl/strings/str_cat.h"

namespace runtime {
namespace {

std::optional<int64_t> IntField(const Json& body, const char* name) {
  if (!body.is_object()) return std::nullopt;
  auto it = body.find(name);
  if (it == body.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

// Depth is bounded before the parser sees the line: nlohmann's parser is
// iterative, but destroying and printing a value recurse, so a line of a
// million '[' would otherwise blow the stack later.
constexpr int kMaxDepth = 256;

bool DepthWithinBound(std::string_view line) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
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
  if (!DepthWithinBound(line)) {
    return Error::Malformed(absl::StrCat("JSON nested deeper than ", kMaxDepth));
  }
  Json j = Json::parse(line, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Error::Malformed("not valid JSON");
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
  // Built by hand around the body's dump so the body is never copied.
  // Invalid UTF-8 is replaced rather than thrown on: output must never stop
  // a node.
  constexpr auto kReplace = Json::error_handler_t::replace;
  std::string out = "{\"src\":";
  out += Json(message.src).dump(-1, ' ', false, kReplace);
  out += ",\"dest\":";
  out += Json(message.dest).dump(-1, ' ', false, kReplace);
  out += ",\"body\":";
  out += message.body.dump(-1, ' ', false, kReplace);
  out += '}';
  return out;
}

}  // namespace runtime
