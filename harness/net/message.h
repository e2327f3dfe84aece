// NetMessage: one message on the simulated network, and the envelope rules
// for lines that nodes print.
//
// A node's stdout line must be a JSON object with string "src", string
// "dest", a "body", optionally an integer "id", and no other key
// (harness/docs/protocol.md). ParseEnvelope turns a line into (src, dest, body)
// or an error saying exactly what is wrong; it never throws. JSON nested
// deeper than kMaxJsonDepth is refused (everything downstream recurses).
//
// A body a node printed travels as its JSON text (`body_text`), byte for
// byte as the node wrote it: the bench validates it but never builds a tree
// for it or prints it again, which is most of the cost of routing a large
// message. Bodies the bench makes (clients, services) travel as trees
// (`body`). The network parses a text body for an endpoint that reads
// bodies (network.h); DeliveryLine writes either form.
#ifndef HARNESS_NET_MESSAGE_H_
#define HARNESS_NET_MESSAGE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace harness {

struct NetMessage {
  int64_t id = 0;  // global sequence number, from 0 in order of sending
  std::string src;
  std::string dest;
  // The body is `body_text` when that is non-empty (valid JSON, as a node
  // printed it), else `body`.
  nlohmann::json body;
  std::string body_text;
  int64_t sent_ns = 0;      // scheduler time of the send
  int64_t deadline_ns = 0;  // earliest delivery time

  bool has_body_text() const { return !body_text.empty(); }
  // Parses body_text into body (once). REQUIRES: body_text is valid JSON.
  void ParseBodyText();
};

struct Envelope {
  std::string src;
  std::string dest;
  // As in NetMessage: body_text when non-empty, else body.
  nlohmann::json body;
  std::string body_text;
};

inline constexpr int kMaxJsonDepth = 256;

// Parses node lines. Keeps its buffers between lines, so one parser per
// reader avoids an allocation per line. Not thread-safe.
class EnvelopeParser {
 public:
  EnvelopeParser();
  ~EnvelopeParser();
  EnvelopeParser(const EnvelopeParser&) = delete;
  EnvelopeParser& operator=(const EnvelopeParser&) = delete;

  // On success the envelope with body_text set (or, for the rare line only
  // the reference parser accepts, body); on failure InvalidArgument with
  // the reason ("not well-formed JSON", "missing src", "unexpected
  // top-level key \"foo\"", ...). Accepts and refuses exactly the lines
  // ParseEnvelopeTree does: any line the fast path does not accept as
  // plainly valid is judged by ParseEnvelopeTree.
  absl::StatusOr<Envelope> Parse(std::string_view line);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// EnvelopeParser::Parse with a parser per thread.
absl::StatusOr<Envelope> ParseEnvelope(std::string_view line);

// The reference rules, on a full nlohmann tree (body set, body_text
// empty): slower, and the judge of every line the fast path declines.
absl::StatusOr<Envelope> ParseEnvelopeTree(std::string_view line);

// The line delivered to a node: {"id":..,"src":..,"dest":..,"body":..}.
std::string DeliveryLine(const NetMessage& m);
// Appends DeliveryLine(m) to `out`.
void AppendDeliveryLine(const NetMessage& m, std::string* out);

// `text` cut to at most `max_chars` with "..." appended when cut; used to
// quote node output in reports without flooding them.
std::string Abbreviate(std::string_view text, size_t max_chars = 200);

}  // namespace harness

#endif  // HARNESS_NET_MESSAGE_H_
