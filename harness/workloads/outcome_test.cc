// Proves the outcome table of harness/docs/protocol.md and harness/docs/workloads.md: definite vs
// indefinite codes, idempotent :f, timeouts, the
// no-mapping workloads (exceptions), and closed-schema validation of
// replies (extra keys, wrong types, msg_id null -> :info with exception).
#include "harness/workloads/outcome.h"

#include <catch2/catch.hpp>

#include "harness/workloads/counter_workload.h"
#include "harness/workloads/set_workloads.h"
#include "harness/workloads/simple_workloads.h"

namespace harness {
namespace {

using nlohmann::json;

TEST_CASE("error replies and timeouts with the error mapping (broadcast)") {
  BroadcastWorkload w({});
  Invocation bcast{"broadcast", Value::Int(3)};
  Invocation read{"read", Value()};
  struct Case {
    const Invocation* op;
    std::optional<json> reply;
    OpType type;
    std::string error;
  } cases[] = {
      {&bcast, json{{"type", "error"}, {"in_reply_to", 1}, {"code", 11}, {"text", "busy"}},
       OpType::kFail, "[:temporarily-unavailable \"busy\"]"},
      {&bcast, json{{"type", "error"}, {"in_reply_to", 1}, {"code", 13}}, OpType::kInfo,
       "[:crash nil]"},
      {&bcast, json{{"type", "error"}, {"in_reply_to", 1}, {"code", 1000}, {"text", "x"}},
       OpType::kInfo, "[:unknown \"x\"]"},
      {&read, json{{"type", "error"}, {"in_reply_to", 1}, {"code", 13}, {"text", "x"}},
       OpType::kFail, "[:crash \"x\"]"},
      {&bcast, std::nullopt, OpType::kInfo, ":net-timeout"},
      {&read, std::nullopt, OpType::kFail, ":net-timeout"},
  };
  for (const auto& c : cases) {
    INFO(c.error);
    Completion r = Complete(w, *c.op, c.reply);
    CHECK(r.type == c.type);
    REQUIRE(r.error.has_value());
    CHECK(r.error->ToEdn() == c.error);
    CHECK_FALSE(r.exception.has_value());
  }
}

TEST_CASE("no-mapping workloads turn every error and timeout into :info with an exception") {
  CounterWorkload w(/*grow_only=*/true);
  Invocation add{"add", Value::Int(2)};
  for (const auto& reply : {std::optional<json>(), std::optional<json>(json{
                                                       {"type", "error"}, {"code", 22}})}) {
    Completion r = Complete(w, add, reply);
    CHECK(r.type == OpType::kInfo);
    CHECK(r.exception.has_value());
    CHECK(r.value == Value::Int(2));
  }
}

TEST_CASE("replies are checked against a closed schema") {
  CounterWorkload w(/*grow_only=*/false);
  Invocation read{"read", Value()};
  struct Case {
    json reply;
    bool ok;
  } cases[] = {
      {{{"type", "read_ok"}, {"in_reply_to", 1}, {"value", 4}}, true},
      {{{"type", "read_ok"}, {"in_reply_to", 1}, {"value", 4}, {"msg_id", 9}}, true},
      {{{"type", "read_ok"}, {"in_reply_to", 1}, {"value", 4}, {"msg_id", nullptr}}, false},
      {{{"type", "read_ok"}, {"in_reply_to", 1}, {"value", 4}, {"extra", 1}}, false},
      {{{"type", "read_ok"}, {"in_reply_to", 1}, {"value", "4"}}, false},
      {{{"type", "read_ok"}, {"in_reply_to", 1}, {"value", 4.0}}, false},
      {{{"type", "read_ok"}, {"in_reply_to", 1}}, false},
      {{{"type", "add_ok"}, {"in_reply_to", 1}, {"value", 4}}, false},
      {{{"type", "read_ok"}, {"in_reply_to", "1"}, {"value", 4}}, false},
  };
  for (const auto& c : cases) {
    INFO(c.reply.dump());
    Completion r = Complete(w, read, c.reply);
    CHECK((r.type == OpType::kOk) == c.ok);
    if (c.ok) CHECK(r.value == Value::Int(4));
    if (!c.ok) CHECK(r.exception.has_value());
  }
}

TEST_CASE("echo's ok value is the reply body with keyword keys") {
  EchoWorkload w;
  Invocation op{"echo", Value::String("Please echo 5")};
  Completion r =
      Complete(w, op, json{{"type", "echo_ok"}, {"in_reply_to", 1}, {"echo", "Please echo 5"}});
  REQUIRE(r.type == OpType::kOk);
  REQUIRE(r.value.FindKeyword("echo") != nullptr);
  CHECK(*r.value.FindKeyword("echo") == Value::String("Please echo 5"));
}

}  // namespace
}  // namespace harness
