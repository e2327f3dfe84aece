// Proves coroutine flows: an async handler that awaits RPCs and sleeps reads
// top to bottom and finishes when replies and timers arrive; its failures
// become error replies; spawned tasks run to completion; Retry backs off and
// stops at its deadline.
#include <catch2/catch.hpp>

#include "runtime/fields.h"
#include "runtime/retry.h"
#include "runtime/test_support.h"

namespace runtime {
namespace {

TEST_CASE("An async handler awaits an RPC, sleeps, then replies") {
  TestNode t;
  t.Init();
  t.node.OnAsync("relay", [&](Message req) -> Task<void> {
    Json ask = {{"type", "ask"}};  // built outside co_await: see task.h on g++ 12
    Result<Message> r = co_await t.node.Call("n2", std::move(ask), 1s);
    co_await t.node.Sleep(50ms);
    t.node.Reply(req, Json{{"type", "relay_ok"}, {"answer", r.ok() ? r->body.at("answer") : Json()}});
  });
  t.Deliver("c1", Json{{"type", "relay"}, {"msg_id", 3}});
  auto asked = t.Sent();
  REQUIRE(asked.size() == 1);
  CHECK(asked[0].dest == "n2");
  t.Deliver("n2", Json{{"type", "ask_ok"}, {"in_reply_to", *asked[0].msg_id()}, {"answer", 42}});
  CHECK(t.Sent().empty());  // still sleeping
  t.Advance(50ms);
  auto replies = t.Sent();
  REQUIRE(replies.size() == 1);
  CHECK(replies[0].body.at("answer") == 42);
  CHECK(replies[0].in_reply_to() == 3);
}

TEST_CASE("An async handler's exception after a co_await becomes an error reply") {
  TestNode t;
  t.Init();
  t.node.OnAsync("fragile", [&](Message req) -> Task<void> {
    co_await t.node.Sleep(10ms);
    (void)IntField(req.body, "missing");
  });
  t.Deliver("c1", Json{{"type", "fragile"}, {"msg_id", 4}});
  t.Advance(10ms);
  auto sent = t.Sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].body.at("code") == kMalformedRequest);
}

Task<int> AddLater(Node& node, int a, int b) {
  co_await node.Sleep(5ms);
  co_return a + b;
}

TEST_CASE("Tasks compose and spawned tasks run to the end") {
  TestNode t;
  t.Init();
  int result = 0;
  t.node.Spawn([&]() -> Task<void> {
    int x = co_await AddLater(t.node, 1, 2);
    int y = co_await AddLater(t.node, x, 10);
    result = y;
  });
  t.Advance(5ms);
  CHECK(result == 0);
  t.Advance(5ms);
  CHECK(result == 13);
}

TEST_CASE("A spawned task's exception is logged, not lost") {
  TestNode t;
  t.Init();
  t.node.Spawn([&]() -> Task<void> {
    co_await t.node.Sleep(1ms);
    throw std::runtime_error("oops");
  });
  t.Advance(1ms);
  REQUIRE(t.logs.size() == 1);
  CHECK(t.logs[0].find("oops") != std::string::npos);
}

TEST_CASE("Retry backs off between attempts and returns the last error at its deadline") {
  TestNode t;
  t.Init();
  int attempts = 0;
  std::optional<Result<int>> out;
  t.node.Spawn([&]() -> Task<void> {
    out = co_await Retry<int>(t.node, t.node.Now() + 100ms, Backoff{.initial = 10ms, .max = 40ms, .jitter = 0},
                              [&]() -> Task<Result<int>> {
                                ++attempts;
                                co_return Error::Unavailable("not yet");
                              });
  });
  for (int i = 0; i < 20 && !out; ++i) t.Advance(10ms);
  REQUIRE(out.has_value());
  CHECK(out->error().code == kTemporarilyUnavailable);
  // Attempts at 0, 10, 30 and 70 ms; the next sleep (40 ms) would end past 100 ms.
  CHECK(attempts == 4);
}

TEST_CASE("Retry returns a definite error at once and a success as soon as it comes") {
  TestNode t;
  t.Init();
  int attempts = 0;
  std::optional<Result<int>> out;
  t.node.Spawn([&]() -> Task<void> {
    out = co_await Retry<int>(t.node, t.node.Now() + 1s, Backoff{}, [&]() -> Task<Result<int>> {
      ++attempts;
      if (attempts < 3) co_return Error::Timeout();
      co_return Error::PreconditionFailed("stale");
    });
  });
  for (int i = 0; i < 100 && !out; ++i) t.Advance(10ms);
  REQUIRE(out.has_value());
  CHECK(out->error().code == kPreconditionFailed);
  CHECK(attempts == 3);
}

}  // namespace
}  // namespace runtime
