// Proves the echo node answers with exactly the payload it was sent and only
// the fields Maelstrom's closed reply schema allows.
#include <catch2/catch.hpp>

#include "nodes/echo/echo.h"
#include "runtime/test_support.h"

namespace echo {
namespace {

using runtime::Json;

TEST_CASE("echo_ok carries the same payload of any JSON type and nothing else") {
  for (const Json& payload : {Json("Please echo 35"), Json(42), Json::array({1, "x"}), Json(nullptr)}) {
    runtime::TestNode t;
    Install(t.node);
    t.Init();
    t.Deliver("c1", Json{{"type", "echo"}, {"msg_id", 9}, {"echo", payload}, {"extra", true}});
    auto sent = t.Sent();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].dest == "c1");
    CHECK(sent[0].body.at("echo") == payload);
    CHECK(sent[0].body.at("type") == "echo_ok");
    CHECK(sent[0].body.at("in_reply_to") == 9);
    CHECK(sent[0].body.size() == 4);  // type, echo, in_reply_to, msg_id
  }
}

TEST_CASE("echo without a payload is a malformed request") {
  runtime::TestNode t;
  Install(t.node);
  t.Init();
  t.Deliver("c1", Json{{"type", "echo"}, {"msg_id", 1}});
  CHECK(t.Sent()[0].body.at("code") == runtime::kMalformedRequest);
}

}  // namespace
}  // namespace echo
