// Proves the line codec accepts Maelstrom envelopes and refuses every kind of
// malformed line with a reason, without throwing or crashing.
#include <catch2/catch.hpp>

#include "runtime/message.h"

namespace runtime {
namespace {

TEST_CASE("ParseMessage reads an envelope and its body fields") {
  auto m = ParseMessage(R"({"id":17,"src":"c3","dest":"n1","body":{"type":"echo","msg_id":1,"echo":"hi"}})");
  REQUIRE(m.ok());
  CHECK(m->src == "c3");
  CHECK(m->dest == "n1");
  CHECK(m->type() == "echo");
  CHECK(m->msg_id() == 1);
  CHECK_FALSE(m->in_reply_to().has_value());
  CHECK(m->body.at("echo") == "hi");
}

TEST_CASE("ParseMessage refuses malformed lines with a reason") {
  struct Case {
    std::string line;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"", "not valid JSON (or nested deeper than 256)"},
      {"not json", "not valid JSON (or nested deeper than 256)"},
      {R"({"src":"c1","dest":"n1","body":{"type":"echo")", "not valid JSON (or nested deeper than 256)"},  // truncated
      {"[1,2,3]", "not a JSON object"},
      {R"({"dest":"n1","body":{}})", "missing string field src"},
      {R"({"src":1,"dest":"n1","body":{}})", "missing string field src"},
      {R"({"src":"c1","body":{}})", "missing string field dest"},
      {R"({"src":"c1","dest":"n1"})", "missing object field body"},
      {R"({"src":"c1","dest":"n1","body":"x"})", "missing object field body"},
      {std::string(100000, '['), "not valid JSON (or nested deeper than 256)"},
      {"{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"t\":\"\xff\xfe\"}}", "not valid JSON (or nested deeper than 256)"},
  };
  for (const Case& c : cases) {
    INFO(c.line.substr(0, 80));
    auto m = ParseMessage(c.line);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().code == kMalformedRequest);
    CHECK(m.error().text == c.reason);
  }
}

TEST_CASE("ParseMessage refuses a line over the size bound before parsing it") {
  std::string huge(kMaxLineBytes + 1, ' ');
  auto m = ParseMessage(huge);
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().text.find("exceeds the limit") != std::string::npos);
}

TEST_CASE("SerializeMessage writes one compact line that parses back") {
  Message m{"n1", "c2", Json{{"type", "echo_ok"}, {"echo", "a\nb"}, {"in_reply_to", 3}}};
  std::string line = SerializeMessage(m);
  CHECK(line.find('\n') == std::string::npos);
  auto back = ParseMessage(line);
  REQUIRE(back.ok());
  CHECK(back->src == "n1");
  CHECK(back->dest == "c2");
  CHECK(back->body == m.body);
}

TEST_CASE("SerializeMessage survives invalid UTF-8 in a string") {
  Message m{"n1", "c2", Json{{"type", "x"}, {"s", std::string("\xff")}}};
  CHECK(ParseMessage(SerializeMessage(m)).ok());
}

}  // namespace
}  // namespace runtime
