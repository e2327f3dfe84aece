// NetMessage: one message on the simulated network, and the envelope rules
// for lines that nodes print.
//
// A node's stdout line must be a JSON object with string "src", string
// "dest", a "body", optionally an integer "id", and no other key
// (protocol.md section 2). ParseEnvelope turns a line into (src, dest, body)
// or an error saying exactly what is wrong; it never throws. JSON nested
// deeper than kMaxJsonDepth is refused (everything downstream recurses).
#ifndef HARNESS_NET_MESSAGE_H_
#define HARNESS_NET_MESSAGE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace harness {

struct NetMessage {
  int64_t id = 0;  // global sequence number, from 0 in order of sending
  std::string src;
  std::string dest;
  nlohmann::json body;
  int64_t sent_ns = 0;      // scheduler time of the send
  int64_t deadline_ns = 0;  // earliest delivery time
};

struct Envelope {
  std::string src;
  std::string dest;
  nlohmann::json body;
};

inline constexpr int kMaxJsonDepth = 256;

// On success the parsed envelope; on failure InvalidArgument with the reason
// ("not valid JSON", "missing string field src", "unexpected key foo", ...).
absl::StatusOr<Envelope> ParseEnvelope(std::string_view line);

// The line delivered to a node: {"id":..,"src":..,"dest":..,"body":..}.
std::string DeliveryLine(const NetMessage& m);

// `text` cut to at most `max_chars` with "..." appended when cut; used to
// quote node output in reports without flooding them.
std::string Abbreviate(std::string_view text, size_t max_chars = 200);

}  // namespace harness

#endif  // HARNESS_NET_MESSAGE_H_
