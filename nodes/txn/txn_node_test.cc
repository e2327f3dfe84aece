// Proves node-txn's contract (txn_node.h, replicator.h) message by message
// on one TestNode (replies, bad input answered 10/12 while the node keeps
// serving, batches to peers, acks that stop resends and free the log,
// malformed peer messages dropped whole). The cluster properties are in
// txn_cluster_test.cc, on the bench's simulator.
#include <catch2/catch.hpp>

#include "nodes/txn/txn_node.h"
#include "nodes/txn/wire.h"
#include "runtime/test_support.h"

namespace txn {
namespace {

using runtime::Json;
using runtime::Message;
using namespace std::chrono_literals;

Json TxnBody(int64_t msg_id, Json txn) { return Json{{"type", "txn"}, {"msg_id", msg_id}, {"txn", std::move(txn)}}; }

std::vector<Message> OfType(const std::vector<Message>& sent, std::string_view type) {
  std::vector<Message> out;
  for (const Message& m : sent) {
    if (m.type() == type) out.push_back(m);
  }
  return out;
}

TEST_CASE("Bad input gets error 10 or 12, and the node keeps serving") {
  runtime::TestNode t;
  TxnNode node(t.node, Options{});
  t.Init("n0", {"n0", "n1"});
  struct Case {
    Json body;
    int code;
  };
  const Case cases[] = {
      {Json{{"type", "txn"}, {"msg_id", 1}}, 12},                                       // no txn
      {TxnBody(2, Json::parse(R"([["cas",1,[1,2]]])")), 10},                            // unknown micro-op
      {TxnBody(3, Json::parse(R"([["r","k",null]])")), 12},                             // non-integer key
      {TxnBody(4, Json::parse(R"({"r":1})")), 12},                                      // malformed txn
      {TxnBody(5, Json::parse(R"([["w",1,1],["append",1,2]])")), 12},                   // register and list
      {Json{{"type", "frobnicate"}, {"msg_id", 6}}, 10},                                // unknown type
  };
  for (const Case& c : cases) {
    INFO(c.body.dump());
    t.Deliver("c1", c.body);
    std::vector<Message> sent = t.Sent();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].body.at("type") == "error");
    CHECK(sent[0].body.at("code") == c.code);
  }
  t.Deliver("c1", TxnBody(7, Json::parse(R"([["w",1,5],["r",1,null],["r",2,null]])")));
  std::vector<Message> sent = t.Sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].body.at("type") == "txn_ok");
  CHECK(sent[0].body.at("in_reply_to") == 7);
  CHECK(sent[0].body.at("txn") == Json::parse(R"([["w",1,5],["r",1,5],["r",2,null]])"));
  CHECK(node.store()->Register(1) == 5);
}

TEST_CASE("Records go to each peer in a batch at the next tick, again after the resend timeout, until acked") {
  Options options;
  options.tick = 25ms;
  options.resend = 500ms;
  runtime::TestNode t;
  TxnNode node(t.node, options);
  t.Init("n0", {"n0", "n1"});
  t.Deliver("n1", EncodeSync(SyncMessage{}));  // n1 is heard from: live
  t.Deliver("c1", TxnBody(1, Json::parse(R"([["w",1,5],["w",2,6]])")));
  t.Deliver("c1", TxnBody(2, Json::parse(R"([["w",1,7]])")));
  CHECK(OfType(t.Sent(), "txn_ok").size() == 2);  // answered before any replication

  t.Advance(25ms);
  std::vector<Message> syncs = OfType(t.Sent(), kSyncType);
  REQUIRE(syncs.size() == 1);
  CHECK(syncs[0].dest == "n1");
  runtime::Result<SyncMessage> batch = DecodeSync(syncs[0].body, 2);
  REQUIRE(batch.ok());
  REQUIRE(batch->records.size() == 2);  // both txns in one message
  CHECK(batch->records[0].writes.size() == 2);
  CHECK(batch->upto == 2);
  CHECK(node.replicator()->log_size() == 2);

  // Lost. Nothing more until the resend timeout, then from the first unacked.
  for (int i = 0; i < 5; ++i) t.Advance(25ms);
  for (const Message& m : OfType(t.Sent(), kSyncType)) {
    runtime::Result<SyncMessage> s = DecodeSync(m.body, 2);
    REQUIRE(s.ok());
    CHECK(s->records.empty());
  }
  t.Deliver("n1", EncodeSync(SyncMessage{}));  // still live, acks nothing
  for (int i = 0; i < 16; ++i) t.Advance(25ms);
  bool resent = false;
  for (const Message& m : OfType(t.Sent(), kSyncType)) {
    runtime::Result<SyncMessage> s = DecodeSync(m.body, 2);
    REQUIRE(s.ok());
    if (!s->records.empty() && s->records[0].seq == 1) resent = true;
  }
  CHECK(resent);

  SyncMessage ack;
  ack.ack = 2;
  t.Deliver("n1", EncodeSync(ack));
  CHECK(node.replicator()->acked(1) == 2);
  CHECK(node.replicator()->log_size() == 0);  // acknowledged by every peer: freed
  for (int i = 0; i < 80; ++i) t.Advance(25ms);
  for (const Message& m : OfType(t.Sent(), kSyncType)) {
    runtime::Result<SyncMessage> s = DecodeSync(m.body, 2);
    REQUIRE(s.ok());
    CHECK(s->records.empty());  // heartbeats only
  }
}

TEST_CASE("Peer records are applied and acked; malformed or foreign sync messages are dropped whole") {
  runtime::TestNode t;
  TxnNode node(t.node, Options{});
  t.Init("n1", {"n0", "n1"});
  SyncMessage m;
  m.clock = 3;
  m.upto = 1;
  m.records.push_back(Record{1, 3, {0, 0}, {{OpKind::kWrite, 1, 10}, {OpKind::kWrite, 2, 20}}});
  Json good = EncodeSync(m);
  Json bad = good;
  bad["recs"][0][3].push_back(Json::array({"w", "x", 1}));  // one bad write spoils the message
  t.Deliver("n0", bad);
  t.Deliver("n7", good);  // not a member
  CHECK_FALSE(node.store()->Register(1).has_value());
  CHECK(t.Sent().empty());  // no reply to peers, no crash

  t.Deliver("n0", good);
  CHECK(node.store()->Register(1) == 10);
  CHECK(node.store()->Register(2) == 20);
  CHECK(node.store()->clock() == 3);
  t.Advance(25ms);
  std::vector<Message> syncs = OfType(t.Sent(), kSyncType);
  REQUIRE(syncs.size() == 1);
  CHECK(syncs[0].body.at("ack") == 1);
  t.Deliver("c1", TxnBody(9, Json::parse(R"([["r",1,null]])")));
  CHECK(t.Sent().at(0).body.at("txn") == Json::parse(R"([["r",1,10]])"));
}

TEST_CASE("Records that arrive early wait in the buffer and apply once what they follow or need is here") {
  runtime::TestNode t;
  TxnNode node(t.node, Options{});
  t.Init("n1", {"n0", "n1", "n2"});
  auto one = [](int64_t seq, int64_t lamport, std::vector<int64_t> deps, int64_t key, int64_t value) {
    SyncMessage m;
    m.clock = lamport;
    m.upto = seq;
    m.records.push_back(Record{seq, lamport, std::move(deps), {{OpKind::kWrite, key, value}}});
    return EncodeSync(m);
  };
  t.Deliver("n0", one(2, 5, {1, 0, 1}, 1, 12));  // past a gap, and needs n2's record 1
  t.Deliver("n0", one(1, 4, {0, 0, 1}, 2, 11));  // the gap: needs n2's record 1 too
  CHECK_FALSE(node.store()->Register(1).has_value());
  CHECK_FALSE(node.store()->Register(2).has_value());
  CHECK(node.replicator()->pending_count() == 2);
  t.Deliver("n2", one(1, 3, {0, 0, 0}, 3, 30));  // unblocks both, in order
  CHECK(node.store()->Register(3) == 30);
  CHECK(node.store()->Register(2) == 11);
  CHECK(node.store()->Register(1) == 12);
  CHECK(node.store()->applied(0) == 2);
  CHECK(node.replicator()->pending_count() == 0);
  t.Deliver("n0", one(1, 4, {0, 0, 1}, 2, 99));  // a late duplicate changes nothing
  CHECK(node.store()->Register(2) == 11);
}

}  // namespace
}  // namespace txn
