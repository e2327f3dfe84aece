// Proves the service clients send Maelstrom's request bodies and map every
// reply, error code and timeout to the right typed result.
#include <catch2/catch.hpp>

#include "runtime/kv_client.h"
#include "runtime/test_support.h"

namespace runtime {
namespace {

TEST_CASE("KV requests have Maelstrom's shapes") {
  TestNode t;
  t.Init();
  KvClient kv(t.node, KvClient::kSeqKv);
  kv.Read("k", [](Result<Json>) {});
  kv.Write("k", 3, [](Result<void>) {});
  kv.Cas("k", 3, 4, true, [](Result<void>) {});
  kv.Cas("k", 4, 5, false, [](Result<void>) {});
  auto sent = t.Sent();
  REQUIRE(sent.size() == 4);
  for (const auto& m : sent) CHECK(m.dest == "seq-kv");
  CHECK(sent[0].body == Json{{"type", "read"}, {"key", "k"}, {"msg_id", *sent[0].msg_id()}});
  CHECK(sent[1].body == Json{{"type", "write"}, {"key", "k"}, {"value", 3}, {"msg_id", *sent[1].msg_id()}});
  CHECK(sent[2].body.at("create_if_not_exists") == true);
  CHECK_FALSE(sent[3].body.contains("create_if_not_exists"));
}

TEST_CASE("Replies and errors map to typed results") {
  struct Case {
    std::string name;
    Json reply;  // nullptr = no reply (timeout)
    bool ok;
    int code;
  };
  const std::vector<Case> cases = {
      {"cas ok", Json{{"type", "cas_ok"}}, true, 0},
      {"missing key", Json{{"type", "error"}, {"code", 20}, {"text", "key does not exist"}}, false, kKeyDoesNotExist},
      {"exists", Json{{"type", "error"}, {"code", 21}}, false, kKeyAlreadyExists},
      {"mismatch", Json{{"type", "error"}, {"code", 22}, {"text", "current value 6 is not 4"}}, false,
       kPreconditionFailed},
      {"wrong type", Json{{"type", "write_ok"}}, false, kCrash},
      {"error without code", Json{{"type", "error"}}, false, kCrash},
      {"timeout", nullptr, false, kTimeout},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    TestNode t;
    t.Init();
    KvClient kv(t.node, KvClient::kLinKv, 1s);
    std::optional<Result<void>> got;
    kv.Cas("k", 1, 2, false, [&](Result<void> r) { got = std::move(r); });
    auto sent = t.Sent();
    if (c.reply.is_null()) {
      t.Advance(1s);
    } else {
      Json reply = c.reply;
      reply["in_reply_to"] = *sent[0].msg_id();
      t.node.Receive(Message{"lin-kv", "n1", reply});
    }
    REQUIRE(got.has_value());
    CHECK(got->ok() == c.ok);
    if (!c.ok) CHECK(got->error().code == c.code);
  }
}

TEST_CASE("A read returns the value; a coroutine read-cas loop reads top to bottom") {
  TestNode t;
  t.Init();
  KvClient kv(t.node, KvClient::kSeqKv);
  std::optional<Result<void>> done;
  t.node.Spawn([&]() -> Task<void> {
    Result<Json> v = co_await kv.Read("ctr");
    int64_t current = v.ok() ? v->get<int64_t>() : 0;
    done = co_await kv.Cas("ctr", current, current + 5, true);
  });
  auto read = t.Sent();
  REQUIRE(read.size() == 1);
  t.node.Receive(Message{"seq-kv", "n1", Json{{"type", "read_ok"}, {"value", 10}, {"in_reply_to", *read[0].msg_id()}}});
  auto cas = t.Sent();
  REQUIRE(cas.size() == 1);
  CHECK(cas[0].body.at("from") == 10);
  CHECK(cas[0].body.at("to") == 15);
  t.node.Receive(Message{"seq-kv", "n1", Json{{"type", "cas_ok"}, {"in_reply_to", *cas[0].msg_id()}}});
  REQUIRE(done.has_value());
  CHECK(done->ok());
}

TEST_CASE("lin-tso timestamps decode and malformed ones are errors") {
  TestNode t;
  t.Init();
  TsoClient tso(t.node);
  std::vector<Result<int64_t>> got;
  tso.Next([&](Result<int64_t> r) { got.push_back(std::move(r)); });
  tso.Next([&](Result<int64_t> r) { got.push_back(std::move(r)); });
  auto sent = t.Sent();
  CHECK(sent[0].dest == "lin-tso");
  CHECK(sent[0].type() == "ts");
  t.node.Receive(Message{"lin-tso", "n1", Json{{"type", "ts_ok"}, {"ts", 7}, {"in_reply_to", *sent[0].msg_id()}}});
  t.node.Receive(Message{"lin-tso", "n1", Json{{"type", "ts_ok"}, {"ts", "x"}, {"in_reply_to", *sent[1].msg_id()}}});
  REQUIRE(got.size() == 2);
  CHECK(*got[0] == 7);
  CHECK(got[1].error().code == kCrash);
}

}  // namespace
}  // namespace runtime
