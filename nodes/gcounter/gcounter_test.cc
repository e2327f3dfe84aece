// Proves the g-counter node's contract (gcounter.h): step by step on one
// TestNode (the cas it sends, coalescing, retrying the same cas when in
// doubt, resolving a failed cas by reading, the scratch write before a
// read, malformed adds). The end-to-end properties against the bench's
// stale seq-kv are in gcounter_cluster_test.cc.
#include <catch2/catch.hpp>

#include <map>
#include <memory>

#include "nodes/gcounter/gcounter.h"
#include "runtime/test_support.h"

namespace gcounter {
namespace {

using runtime::Json;
using runtime::Message;
using namespace std::chrono_literals;

// Like TestNode::Init, but keeps what the node sends during init (the
// recovery's scratch write) and drops only the init_ok.
void InitKeepingOutput(runtime::TestNode& t, const std::string& id, const std::vector<std::string>& ids) {
  t.node.Receive(Message{"c0", id, Json{{"type", "init"}, {"msg_id", 1}, {"node_id", id}, {"node_ids", ids}}});
  for (Message& m : t.Sent()) {
    if (m.body.value("type", "") != "init_ok") t.transport.sent.push_back(std::move(m));
  }
}

// One node whose seq-kv traffic the test answers by hand.
struct Single {
  runtime::TestNode t;
  GCounterNode g{t.node, Options{}};

  // Init, then answer the recovery (scratch write, read of our key).
  explicit Single(std::optional<int64_t> stored = std::nullopt) {
    InitKeepingOutput(t, "n1", {"n0", "n1", "n2"});
    auto sync = t.Sent();
    REQUIRE(sync.size() == 1);
    CHECK(sync[0].body.at("type") == "write");
    CHECK(sync[0].body.at("key") == "scratch-n1");
    Answer(sync[0], Json{{"type", "write_ok"}});
    auto read = t.Sent();
    REQUIRE(read.size() == 1);
    CHECK(read[0].body.at("key") == "counter-n1");
    Answer(read[0], stored ? Json{{"type", "read_ok"}, {"value", *stored}} : Json{{"type", "error"}, {"code", 20}});
    REQUIRE(g.recovered());
  }
  void Answer(const Message& request, Json reply) {
    reply["in_reply_to"] = request.body.at("msg_id");
    t.Deliver("seq-kv", std::move(reply));
  }
  void Add(int64_t msg_id, int64_t delta) {
    t.Deliver("c1", Json{{"type", "add"}, {"msg_id", msg_id}, {"delta", delta}});
  }
  Message OnlySent() {
    auto sent = t.Sent();
    REQUIRE(sent.size() == 1);
    return sent[0];
  }
};

TEST_CASE("An add becomes a cas on the node's own key; add_ok only once it applied") {
  Single s(/*stored=*/10);
  s.Add(1, 3);
  Message cas = s.OnlySent();
  CHECK(cas.dest == "seq-kv");
  CHECK(cas.body.at("type") == "cas");
  CHECK(cas.body.at("key") == "counter-n1");
  CHECK(cas.body.at("from") == 10);
  CHECK(cas.body.at("to") == 13);
  CHECK(cas.body.at("create_if_not_exists") == true);
  s.Answer(cas, Json{{"type", "cas_ok"}});
  Message ok = s.OnlySent();
  CHECK(ok.dest == "c1");
  CHECK(ok.body.at("type") == "add_ok");
  CHECK(ok.body.at("in_reply_to") == 1);
  CHECK(s.g.stored_total() == 13);
}

TEST_CASE("Adds arriving during a write are coalesced into the next one") {
  Single s;
  s.Add(1, 1);
  Message first = s.OnlySent();
  s.Add(2, 2);
  s.Add(3, 4);
  CHECK(s.t.Sent().empty());  // one write in flight at a time
  s.Answer(first, Json{{"type", "cas_ok"}});
  auto sent = s.t.Sent();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].body.at("type") == "add_ok");
  CHECK(sent[1].body.at("from") == 1);
  CHECK(sent[1].body.at("to") == 7);
  s.Answer(sent[1], Json{{"type", "cas_ok"}});
  sent = s.t.Sent();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].body.at("in_reply_to") == 2);
  CHECK(sent[1].body.at("in_reply_to") == 3);
}

TEST_CASE("A cas in doubt is retried with the same from and to, even when more adds arrived") {
  Single s(/*stored=*/5);
  s.Add(1, 2);
  Message cas = s.OnlySent();
  s.Add(2, 100);
  s.t.Advance(1001ms);  // the kv timeout: in doubt
  s.t.Advance(60ms);    // the retry delay
  Message again = s.OnlySent();
  CHECK(again.body.at("type") == "cas");
  CHECK(again.body.at("from") == 5);
  CHECK(again.body.at("to") == 7);
}

TEST_CASE("A failed cas is resolved by reading the key: commit if it holds `to`, else the same cas again") {
  struct Case {
    const char* what;
    Json read_reply;
    bool committed;
  };
  std::vector<Case> cases = {
      {"an earlier copy applied", Json{{"type", "read_ok"}, {"value", 7}}, true},
      {"stale state: still `from`", Json{{"type", "read_ok"}, {"value", 5}}, false},
      {"read timed out as error", Json{{"type", "error"}, {"code", 0}}, false},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    Single s(/*stored=*/5);
    s.Add(1, 2);
    Message cas = s.OnlySent();
    s.Answer(cas, Json{{"type", "error"}, {"code", 22}});
    Message read = s.OnlySent();
    CHECK(read.body.at("type") == "read");
    CHECK(read.body.at("key") == "counter-n1");
    s.Answer(read, c.read_reply);
    if (c.committed) {
      CHECK(s.OnlySent().body.at("type") == "add_ok");
      CHECK(s.g.stored_total() == 7);
    } else {
      CHECK(s.t.Sent().empty());
      s.t.Advance(60ms);
      Message again = s.OnlySent();
      CHECK(again.body.at("from") == 5);
      CHECK(again.body.at("to") == 7);
    }
  }
}

TEST_CASE("A read writes a fresh scratch value first, then sums the others' keys and its own total") {
  Single s(/*stored=*/4);
  s.t.Deliver("c1", Json{{"type", "read"}, {"msg_id", 9}});
  Message sync = s.OnlySent();
  CHECK(sync.body.at("type") == "write");
  CHECK(sync.body.at("key") == "scratch-n1");
  CHECK(sync.body.at("value") != Json("n1"));  // not some fixed value
  s.Answer(sync, Json{{"type", "write_ok"}});
  auto reads = s.t.Sent();
  REQUIRE(reads.size() == 2);
  CHECK(reads[0].body.at("key") == "counter-n0");
  CHECK(reads[1].body.at("key") == "counter-n2");
  s.Answer(reads[0], Json{{"type", "read_ok"}, {"value", 30}});
  s.Answer(reads[1], Json{{"type", "error"}, {"code", 20}});  // never written: 0
  Message reply = s.OnlySent();
  CHECK(reply.body.at("type") == "read_ok");
  CHECK(reply.body.at("value") == 34);
  CHECK(reply.body.size() == 4);  // type, value, in_reply_to, msg_id
  // The next read's scratch value differs.
  s.t.Deliver("c1", Json{{"type", "read"}, {"msg_id", 10}});
  CHECK(s.OnlySent().body.at("value") != sync.body.at("value"));
}

TEST_CASE("Malformed adds get error 12 and write nothing") {
  for (const Json& body : {Json{{"type", "add"}, {"msg_id", 1}},
                           Json{{"type", "add"}, {"msg_id", 1}, {"delta", "3"}},
                           Json{{"type", "add"}, {"msg_id", 1}, {"delta", 2.5}}}) {
    Single s;
    s.t.Deliver("c1", body);
    Message reply = s.OnlySent();
    CHECK(reply.body.at("code") == runtime::kMalformedRequest);
    CHECK_FALSE(s.g.write_in_flight());
  }
}

}  // namespace
}  // namespace gcounter
