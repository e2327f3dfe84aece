// Message: one Maelstrom network message, and its one-line JSON codec.
//
// A message is {"src":..,"dest":..,"body":{..}} (Maelstrom may add "id").
// ParseMessage never throws and never crashes on hostile input: any line that
// is not such an object comes back as an error naming what is wrong, so the
// caller can report it and go on with the next line.
//
// Example:
//   auto m = ParseMessage(R"({"src":"c1","dest":"n1","body":{"type":"echo"}})");
//   m.ok() && m->type() == "echo"
//   std::string line = SerializeMessage(*m);  // no trailing newline
#ifndef RUNTIME_MESSAGE_H_
#define RUNTIME_MESSAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nlohmann/json.hpp"
#include "runtime/result.h"

namespace runtime {

using Json = nlohmann::json;

// Lines longer than this are refused before parsing (a bound on memory).
inline constexpr size_t kMaxLineBytes = 16 << 20;

struct Message {
  std::string src;
  std::string dest;
  Json body = Json::object();

  // body.type, or "" when absent or not a string.
  std::string_view type() const;
  // body.msg_id / body.in_reply_to when present and integers.
  std::optional<int64_t> msg_id() const;
  std::optional<int64_t> in_reply_to() const;
};

// Parses one line (without its newline). On failure the error is
// kMalformedRequest with a short description ("not JSON at byte 12",
// "missing string field src", ...).
Result<Message> ParseMessage(std::string_view line);

// Compact one-line JSON, no newline. Invalid UTF-8 in strings is replaced
// (U+FFFD) rather than refused: output must never stop a node.
std::string SerializeMessage(const Message& message);
// The same, appended to `out` (no allocation when `out` has room).
void AppendMessage(const Message& message, std::string& out);

}  // namespace runtime

#endif  // RUNTIME_MESSAGE_H_
