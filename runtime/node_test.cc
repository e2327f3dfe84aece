// Proves the Node's contract (node.h) through an in-memory transport and a
// manual clock: init, dispatch, every error path, replies, RPC deadlines and
// the fate of late replies, timers, and messages held until init.
#include <catch2/catch.hpp>

#include "runtime/error.h"
#include "runtime/fields.h"
#include "runtime/test_support.h"

namespace runtime {
namespace {

TEST_CASE("init is answered by the runtime and sets the node's identity") {
  TestNode t;
  bool init_ran = false;
  t.node.OnInit([&] { init_ran = t.node.id() == "n2"; });
  t.node.ReceiveLine(
      R"({"id":0,"src":"c0","dest":"n2","body":{"type":"init","msg_id":1,"node_id":"n2","node_ids":["n1","n2","n3"]}})");
  auto sent = t.Sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].src == "n2");
  CHECK(sent[0].dest == "c0");
  CHECK(sent[0].type() == "init_ok");
  CHECK(sent[0].in_reply_to() == 1);
  CHECK(sent[0].msg_id().has_value());
  CHECK(init_ran);
  CHECK(t.node.node_ids() == std::vector<std::string>{"n1", "n2", "n3"});
  CHECK(t.node.peer_ids() == std::vector<std::string>{"n1", "n3"});
}

TEST_CASE("init without usable ids is refused with 12 and the node stays uninitialized") {
  TestNode t;
  t.node.Receive(Message{"c0", "n1", Json{{"type", "init"}, {"msg_id", 1}, {"node_id", 5}}});
  auto sent = t.Sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].body.at("code") == kMalformedRequest);
  CHECK_FALSE(t.node.initialized());
}

TEST_CASE("Requests reach their handler and replies carry in_reply_to and a fresh msg_id") {
  TestNode t;
  t.Init();
  t.node.On("echo", [&](const Message& req) {
    Json body = req.body;
    body["type"] = "echo_ok";
    t.node.Reply(req, std::move(body));
  });
  t.Deliver("c1", Json{{"type", "echo"}, {"msg_id", 5}, {"echo", "hi"}});
  t.Deliver("c1", Json{{"type", "echo"}, {"msg_id", 6}, {"echo", "ho"}});
  auto sent = t.Sent();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].body == Json{{"type", "echo_ok"}, {"echo", "hi"}, {"in_reply_to", 5}, {"msg_id", *sent[0].msg_id()}});
  CHECK(sent[1].in_reply_to() == 6);
  CHECK(sent[0].msg_id() != sent[1].msg_id());
}

TEST_CASE("Every failure in dispatch becomes the right error reply and the node keeps serving") {
  struct Case {
    std::string name;
    Json body;
    int code;
  };
  TestNode t;
  t.Init();
  t.node.On("strict", [&](const Message& req) {
    int64_t v = IntField(req.body, "value");
    t.node.Reply(req, Json{{"type", "strict_ok"}, {"value", v}});
  });
  t.node.On("lenient", [&](const Message& req) {
    t.node.Reply(req, Json{{"type", "lenient_ok"}, {"value", req.body.at("value").get<int64_t>()}});
  });
  t.node.On("boom", [](const Message&) -> void { throw std::runtime_error("disk on fire"); });
  t.node.On("refuse", [](const Message&) -> void { throw RpcError{Error::KeyDoesNotExist()}; });
  const std::vector<Case> cases = {
      {"unknown type", Json{{"type", "frobnicate"}, {"msg_id", 1}}, kNotSupported},
      {"no type", Json{{"msg_id", 2}}, kMalformedRequest},
      {"missing field", Json{{"type", "strict"}, {"msg_id", 3}}, kMalformedRequest},
      {"float for int", Json{{"type", "strict"}, {"msg_id", 4}, {"value", 1.5}}, kMalformedRequest},
      {"string for int", Json{{"type", "lenient"}, {"msg_id", 5}, {"value", "1"}}, kMalformedRequest},
      {"handler throws", Json{{"type", "boom"}, {"msg_id", 6}}, kCrash},
      {"handler refuses", Json{{"type", "refuse"}, {"msg_id", 7}}, kKeyDoesNotExist},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    t.Deliver("c1", c.body);
    auto sent = t.Sent();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].type() == "error");
    CHECK(sent[0].body.at("code") == c.code);
    CHECK(sent[0].in_reply_to() == c.body.at("msg_id"));
  }
  t.Deliver("c1", Json{{"type", "strict"}, {"msg_id", 9}, {"value", 3}});
  auto sent = t.Sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type() == "strict_ok");
}

TEST_CASE("The unknown-type error names the type") {
  TestNode t;
  t.Init();
  t.Deliver("c1", Json{{"type", "frobnicate"}, {"msg_id", 1}});
  CHECK(t.Sent()[0].body.at("text") == "unsupported message type frobnicate");
}

TEST_CASE("Malformed input lines are logged once each and skipped; nothing else is lost") {
  TestNode t;
  t.Init();
  int echoes = 0;
  t.node.On("echo", [&](const Message&) { ++echoes; });
  t.node.ReceiveLine("garbage");
  t.node.ReceiveLine(R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":1}})");
  t.node.ReceiveLine(R"({"src":"c1","dest":"n1","body":{"type":"echo")");
  t.node.ReceiveLine(R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":2}})");
  CHECK(echoes == 2);
  CHECK(t.node.malformed_line_count() == 2);
  REQUIRE(t.logs.size() == 2);
  CHECK(t.logs[0].find("garbage") != std::string::npos);
}

TEST_CASE("An RPC's callback gets the reply once; an error body becomes a typed Error") {
  TestNode t;
  t.Init();
  std::vector<Result<Message>> got;
  t.node.Rpc("n2", Json{{"type", "ping"}}, 1s, [&](Result<Message> r) { got.push_back(std::move(r)); });
  t.node.Rpc("n3", Json{{"type", "ping"}}, 1s, [&](Result<Message> r) { got.push_back(std::move(r)); });
  auto sent = t.Sent();
  REQUIRE(sent.size() == 2);
  int64_t first = *sent[0].msg_id();
  int64_t second = *sent[1].msg_id();
  t.Deliver("n2", Json{{"type", "pong"}, {"in_reply_to", first}});
  t.Deliver("n3", Json{{"type", "error"}, {"in_reply_to", second}, {"code", 22}, {"text", "no"}});
  t.Deliver("n2", Json{{"type", "pong"}, {"in_reply_to", first}});  // duplicate: dropped
  REQUIRE(got.size() == 2);
  CHECK(got[0].ok());
  CHECK(got[0]->type() == "pong");
  CHECK_FALSE(got[1].ok());
  CHECK(got[1].error().code == kPreconditionFailed);
  CHECK(got[1].error().definite());
  CHECK(t.node.pending_rpc_count() == 0);
  CHECK(t.node.dropped_reply_count() == 1);
  CHECK(t.Sent().empty());  // a stray reply is never answered
}

TEST_CASE("An RPC times out at its deadline, is forgotten, and a late reply is dropped") {
  TestNode t;
  t.Init();
  std::vector<Result<Message>> got;
  t.node.Rpc("n2", Json{{"type", "ping"}}, 500ms, [&](Result<Message> r) { got.push_back(std::move(r)); });
  int64_t id = *t.Sent()[0].msg_id();
  t.Advance(499ms);
  CHECK(got.empty());
  t.Advance(1ms);
  REQUIRE(got.size() == 1);
  CHECK(got[0].error().code == kTimeout);
  CHECK_FALSE(got[0].error().definite());
  CHECK(t.node.pending_rpc_count() == 0);
  t.Deliver("n2", Json{{"type", "pong"}, {"in_reply_to", id}});
  CHECK(got.size() == 1);
  CHECK(t.node.dropped_reply_count() == 1);
}

TEST_CASE("Messages that arrive before init are held and handled after it") {
  TestNode t;
  int seen = 0;
  t.node.On("gossip", [&](const Message&) { ++seen; });
  t.node.Receive(Message{"n2", "n1", Json{{"type", "gossip"}}});
  CHECK(seen == 0);
  t.Init();
  CHECK(seen == 1);
}

TEST_CASE("After and Every use the node's clock; Cancel stops a periodic timer") {
  TestNode t;
  t.Init();
  int once = 0, periodic = 0;
  t.node.After(100ms, [&] { ++once; });
  TimerId p = t.node.Every(30ms, [&] { ++periodic; });
  t.Advance(90ms);
  CHECK(periodic == 1);  // the manual clock jumped 90ms: one run, then re-armed from now
  t.Advance(30ms);
  CHECK(once == 1);
  CHECK(periodic == 2);
  t.node.Cancel(p);
  t.Advance(1s);
  CHECK(periodic == 2);
}

TEST_CASE("Reply to a request without msg_id is logged and dropped") {
  TestNode t;
  t.Init();
  t.node.On("note", [&](const Message& req) { t.node.Reply(req, Json{{"type", "note_ok"}}); });
  t.Deliver("n2", Json{{"type", "note"}});
  CHECK(t.Sent().empty());
  CHECK(t.logs.size() == 1);
}

}  // namespace
}  // namespace runtime
