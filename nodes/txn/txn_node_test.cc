// Proves node-txn's contract (txn_node.h, replicator.h) message by message
// on one TestNode (replies, bad input answered 10/12 while the node keeps
// serving, batches to peers, acks that stop resends and free the log,
// malformed peer messages dropped whole), and end to end in TxnClusterSim:
// under random partitions and reordering every txn is answered ok, reads
// of a pair of registers always written together never come apart (no
// fractured read), every list read is a prefix of the key's final list,
// and after the heal all replicas hold the same data and no log keeps
// anything.
#include <catch2/catch.hpp>

#include <random>

#include "nodes/txn/txn_cluster_sim.h"
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

// A random workload on a cluster: register keys 0..4, one pair of keys
// (10, 11) that every writer of either writes together with one value,
// and list keys 20..24. Values are unique per key.
struct Workload {
  std::mt19937_64 random;
  int64_t next_value = 1;
  std::map<int64_t, std::vector<std::vector<int64_t>>> list_reads;
  int64_t fractured = 0;
  int64_t txns = 0;
  int64_t not_ok = 0;

  explicit Workload(uint64_t seed) : random(seed) {}

  Json Make() {
    Json txn = Json::array();
    int length = 1 + int(random() % 4);
    for (int i = 0; i < length; ++i) {
      int what = int(random() % 6);
      int64_t k = int64_t(random() % 5);
      if (what == 0) txn.push_back(Json::array({"r", k, nullptr}));
      if (what == 1) txn.push_back(Json::array({"w", k, next_value++}));
      if (what == 2) txn.push_back(Json::array({"r", 20 + k, nullptr}));
      if (what == 3) txn.push_back(Json::array({"append", 20 + k, next_value++}));
      if (what == 4) {
        int64_t v = next_value++;
        txn.push_back(Json::array({"w", 10, v}));
        txn.push_back(Json::array({"w", 11, v}));
      }
      if (what == 5) {
        txn.push_back(Json::array({"r", 10, nullptr}));
        txn.push_back(Json::array({"r", 11, nullptr}));
      }
    }
    return txn;
  }

  void Check(const Json& reply) {
    ++txns;
    if (reply.at("type") != "txn_ok") {
      ++not_ok;
      return;
    }
    Json pair10, pair11;
    bool wrote_pair = false;
    for (const Json& op : reply.at("txn")) {
      int64_t k = op[1].get<int64_t>();
      if (op[0] == "w" && k >= 10 && k <= 11) wrote_pair = true;
      if (op[0] != "r") continue;
      if (k >= 20) list_reads[k].push_back(op[2].is_null() ? std::vector<int64_t>{} : op[2].get<std::vector<int64_t>>());
      if (k == 10) pair10 = op[2];
      if (k == 11) pair11 = op[2];
    }
    // A read of the pair after the txn's own write of it sees that write;
    // any other read must see one writer's value on both keys.
    if (!wrote_pair && !pair10.is_null() && !pair11.is_null() && pair10 != pair11) ++fractured;
  }
};

void RunCluster(int n, uint64_t seed) {
  INFO("nodes " << n << " seed " << seed);
  TxnClusterSim sim(n, Options{}, seed);
  Workload w(seed + 99);
  std::mt19937_64 faults(seed + 7);
  for (int round = 0; round < 8; ++round) {
    if (round % 2 == 0) {
      std::vector<int> a, b;
      for (int i = 0; i < n; ++i) (faults() % 2 ? a : b).push_back(i);
      sim.Partition(a, b);
    } else {
      sim.Heal();
    }
    for (int i = 0; i < 200; ++i) {
      w.Check(sim.Txn(int(faults() % uint64_t(n)), w.Make()));
      sim.Run(5ms);
    }
  }
  sim.Heal();
  sim.Run(10s);

  CHECK(w.not_ok == 0);
  CHECK(w.fractured == 0);
  for (int i = 0; i < n; ++i) CHECK(sim.logic(i).replicator()->log_size() == 0);
  for (int64_t k : {0, 1, 2, 3, 4, 10, 11}) {
    for (int i = 1; i < n; ++i) CHECK(sim.logic(i).store()->Register(k) == sim.logic(0).store()->Register(k));
  }
  CHECK(sim.logic(0).store()->Register(10) == sim.logic(0).store()->Register(11));
  for (int64_t k = 20; k < 25; ++k) {
    const std::vector<int64_t> final_list = sim.logic(0).store()->List(k, false);
    for (int i = 0; i < n; ++i) {
      CHECK(sim.logic(i).store()->List(k, false) == final_list);
      CHECK(sim.logic(i).store()->List(k, true) == final_list);  // everything is stable after the heal
    }
    for (const std::vector<int64_t>& r : w.list_reads[k]) {
      INFO("key " << k << " read " << Json(r).dump() << " final " << Json(final_list).dump());
      REQUIRE(r.size() <= final_list.size());
      CHECK(std::equal(r.begin(), r.end(), final_list.begin()));
    }
  }
  // At most one message per peer per tick, whatever the load: 8 s of
  // rounds plus 10 s after the heal at the default 25 ms tick.
  CHECK(sim.server_messages() <= int64_t(n) * (n - 1) * (18000 / 25 + 1));
}

TEST_CASE("Cluster: all ok under partitions, no fractured reads, list reads are prefixes, replicas converge") {
  for (uint64_t seed : {1, 2, 3}) {
    RunCluster(2, seed);
    RunCluster(3, seed);
    RunCluster(5, seed);
  }
}

}  // namespace
}  // namespace txn
