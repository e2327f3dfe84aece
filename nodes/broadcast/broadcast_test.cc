// Proves the broadcast node's contract (broadcast.h) message by message on
// one TestNode (delivery to every peer, acks stop resends, resend after a
// timeout with backoff, reads, topology, malformed requests). The cluster
// properties (partitions then heal, message cost) are in
// broadcast_cluster_test.cc, on the bench's simulator.
#include <catch2/catch.hpp>

#include "nodes/broadcast/broadcast.h"
#include "runtime/test_support.h"

namespace broadcast {
namespace {

using runtime::Json;
using runtime::Message;
using namespace std::chrono_literals;

const std::vector<std::string> kFive = {"n0", "n1", "n2", "n3", "n4"};

std::vector<Message> Gossip(const std::vector<Message>& sent) {
  std::vector<Message> out;
  for (const Message& m : sent) {
    if (m.type() == "gossip") out.push_back(m);
  }
  return out;
}

Json GossipBody(int64_t ack, int64_t seq, std::vector<int64_t> vals) {
  return Json{{"type", "gossip"}, {"ack", ack}, {"seq", seq}, {"vals", vals}};
}

TEST_CASE("fanout: a client value goes to every peer at once, one message each") {
  runtime::TestNode t;
  BroadcastNode b(t.node, Options{});
  t.Init("n0", kFive);
  t.Deliver("c1", Json{{"type", "broadcast"}, {"msg_id", 1}, {"message", 7}});
  auto sent = t.Sent();
  REQUIRE(sent.size() == 5);
  CHECK(sent[0].dest == "c1");  // the client's ack does not wait for peers
  CHECK(sent[0].body.at("type") == "broadcast_ok");
  std::vector<std::string> dests;
  for (const Message& m : Gossip(sent)) {
    dests.push_back(m.dest);
    CHECK(m.body.at("vals") == Json::array({7}));
    CHECK(m.body.at("seq") == 0);
  }
  CHECK(dests == std::vector<std::string>{"n1", "n2", "n3", "n4"});
  // A value from a peer is not forwarded: its origin reaches everyone.
  t.Deliver("n1", GossipBody(0, 0, {8}));
  CHECK(t.Sent().empty());
  // Broadcasting a known value again sends nothing new.
  t.Deliver("c1", Json{{"type", "broadcast"}, {"msg_id", 2}, {"message", 7}});
  CHECK(t.Sent().size() == 1);
}

TEST_CASE("A value is resent after the timeout, with backoff, until acknowledged; the ack stops it") {
  Options options;
  options.resend = 1000ms;
  runtime::TestNode t;
  BroadcastNode b(t.node, options);
  t.Init("n0", {"n0", "n1"});
  t.Deliver("c1", Json{{"type", "broadcast"}, {"msg_id", 1}, {"message", 5}});
  CHECK(Gossip(t.Sent()).size() == 1);  // lost, say

  t.Advance(975ms);
  CHECK(Gossip(t.Sent()).empty());
  t.Advance(50ms);
  auto resent = Gossip(t.Sent());
  REQUIRE(resent.size() == 1);
  CHECK(resent[0].body.at("seq") == 0);
  CHECK(resent[0].body.at("vals") == Json::array({5}));

  t.Advance(1500ms);  // backoff: the next resend waits 2000 ms
  CHECK(Gossip(t.Sent()).empty());
  t.Advance(550ms);
  CHECK(Gossip(t.Sent()).size() == 1);

  t.Deliver("n1", Json{{"type", "gossip"}, {"ack", 1}});  // pure ack
  CHECK(b.unacked_total() == 0);
  t.Advance(10s);
  CHECK(Gossip(t.Sent()).empty());
}

TEST_CASE("Acks ride on data; a pure ack goes out only after the ack delay") {
  Options options;
  options.ack_delay = 500ms;
  runtime::TestNode t;
  BroadcastNode b(t.node, options);
  t.Init("n1", {"n0", "n1"});
  t.Deliver("n0", GossipBody(0, 0, {1, 2}));
  t.Advance(200ms);
  CHECK(t.Sent().empty());
  // Our own broadcast carries the ack for free.
  t.Deliver("c1", Json{{"type", "broadcast"}, {"msg_id", 1}, {"message", 3}});
  auto g = Gossip(t.Sent());
  REQUIRE(g.size() == 1);
  CHECK(g[0].body.at("ack") == 2);
  t.Advance(1s);
  CHECK(t.Sent().empty());  // nothing owed any more
  // Data with nothing going back: one pure ack, after the delay.
  t.Deliver("n0", GossipBody(0, 2, {4}));
  t.Advance(450ms);
  CHECK(t.Sent().empty());
  t.Advance(75ms);
  auto pure = Gossip(t.Sent());
  REQUIRE(pure.size() == 1);
  CHECK(pure[0].body.at("ack") == 3);
  CHECK_FALSE(pure[0].body.contains("vals"));
}

TEST_CASE("A resent duplicate is acknowledged again and not stored twice") {
  Options options;
  options.ack_delay = 100ms;
  runtime::TestNode t;
  BroadcastNode b(t.node, options);
  t.Init("n1", {"n0", "n1"});
  t.Deliver("n0", GossipBody(0, 0, {1}));
  t.Advance(150ms);
  CHECK(Gossip(t.Sent()).size() == 1);  // this ack is lost, say
  t.Deliver("n0", GossipBody(0, 0, {1}));
  t.Advance(150ms);
  auto again = Gossip(t.Sent());
  REQUIRE(again.size() == 1);
  CHECK(again[0].body.at("ack") == 1);
  CHECK(b.values().size() == 1);
}

TEST_CASE("read returns every known value, sorted; topology is answered") {
  runtime::TestNode t;
  BroadcastNode b(t.node, Options{});
  t.Init("n1", {"n0", "n1"});
  t.Deliver("c1", Json{{"type", "topology"}, {"msg_id", 1}, {"topology", {{"n0", {"n1"}}, {"n1", {"n0"}}}}});
  auto sent = t.Sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].body.at("type") == "topology_ok");
  CHECK(sent[0].body.size() == 3);  // type, in_reply_to, msg_id: closed schema
  t.Deliver("c1", Json{{"type", "broadcast"}, {"msg_id", 2}, {"message", 30}});
  t.Deliver("n0", GossipBody(0, 0, {20, 10}));
  t.Sent();
  t.Deliver("c1", Json{{"type", "read"}, {"msg_id", 3}});
  sent = t.Sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].body.at("messages") == Json::array({10, 20, 30}));
  CHECK(sent[0].body.size() == 4);
}

TEST_CASE("Malformed requests get error 12 and change nothing") {
  struct Case {
    const char* what;
    const char* src;
    Json body;
  };
  std::vector<Case> cases = {
      {"broadcast without message", "c1", {{"type", "broadcast"}, {"msg_id", 1}}},
      {"broadcast of a string", "c1", {{"type", "broadcast"}, {"msg_id", 1}, {"message", "7"}}},
      {"broadcast of a fraction", "c1", {{"type", "broadcast"}, {"msg_id", 1}, {"message", 1.5}}},
      {"topology without topology", "c1", {{"type", "topology"}, {"msg_id", 1}}},
      {"gossip without ack", "n0", {{"type", "gossip"}, {"msg_id", 1}, {"seq", 0}, {"vals", {1}}}},
      {"gossip with a bad value", "n0", {{"type", "gossip"}, {"msg_id", 1}, {"ack", 0}, {"seq", 0}, {"vals", {1, "x"}}}},
      {"gossip with negative seq", "n0", {{"type", "gossip"}, {"msg_id", 1}, {"ack", 0}, {"seq", -1}, {"vals", {1}}}},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    runtime::TestNode t;
    BroadcastNode b(t.node, Options{});
    t.Init("n1", {"n0", "n1"});
    t.Deliver(c.src, c.body);
    auto sent = t.Sent();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].body.at("type") == "error");
    CHECK(sent[0].body.at("code") == runtime::kMalformedRequest);
    CHECK(b.values().empty());
  }
}

TEST_CASE("A full value set refuses new client values with a definite error 11") {
  Options options;
  options.max_values = 2;
  runtime::TestNode t;
  BroadcastNode b(t.node, options);
  t.Init("n1", {"n1"});
  for (int64_t v : {1, 2, 3}) t.Deliver("c1", Json{{"type", "broadcast"}, {"msg_id", v}, {"message", v}});
  auto sent = t.Sent();
  REQUIRE(sent.size() == 3);
  CHECK(sent[2].body.at("code") == runtime::kTemporarilyUnavailable);
  CHECK(b.values().size() == 2);
}

TEST_CASE("tree: while the hub is on schedule, leaves send their values only when its batch arrives") {
  Options options;
  options.mode = Mode::kTree;
  options.flush = 400ms;
  runtime::TestNode leaf;
  BroadcastNode b(leaf.node, options);
  leaf.Init("n2", kFive);
  // Before the hub has said anything there is no schedule to wait for.
  leaf.Deliver("c1", Json{{"type", "broadcast"}, {"msg_id", 1}, {"message", 8}});
  auto first = Gossip(leaf.Sent());
  REQUIRE(first.size() == 1);
  CHECK(first[0].dest == "n0");

  leaf.Deliver("n0", GossipBody(1, 0, {1}));
  leaf.Sent();
  leaf.Advance(100ms);
  leaf.Deliver("c1", Json{{"type", "broadcast"}, {"msg_id", 2}, {"message", 9}});
  CHECK(Gossip(leaf.Sent()).empty());  // waits for the hub's next batch
  leaf.Advance(300ms);
  leaf.Deliver("n0", GossipBody(1, 1, {2}));
  auto g = Gossip(leaf.Sent());
  REQUIRE(g.size() == 1);
  CHECK(g[0].dest == "n0");
  CHECK(g[0].body.at("vals") == Json::array({9}));
  CHECK(g[0].body.at("ack") == 2);
  // Values from the hub are not forwarded by a leaf.
  leaf.Deliver("n0", GossipBody(2, 2, {3}));
  CHECK(Gossip(leaf.Sent()).empty());
  // When the hub falls silent for 1.5 * flush, a waiting value leaves anyway.
  leaf.Deliver("c1", Json{{"type", "broadcast"}, {"msg_id", 3}, {"message", 10}});
  leaf.Sent();
  leaf.Advance(575ms);
  CHECK(Gossip(leaf.Sent()).empty());
  leaf.Advance(50ms);
  CHECK(Gossip(leaf.Sent()).size() == 1);
}

TEST_CASE("tree with a lead: a leaf uploads flush - lead after the hub's batch, collecting until then") {
  Options options;
  options.mode = Mode::kTree;
  options.flush = 600ms;
  options.leaf_lead = 250ms;
  runtime::TestNode leaf;
  BroadcastNode b(leaf.node, options);
  leaf.Init("n2", kFive);
  leaf.Deliver("n0", GossipBody(0, 0, {1}));
  leaf.Deliver("c1", Json{{"type", "broadcast"}, {"msg_id", 1}, {"message", 9}});
  leaf.Sent();
  leaf.Advance(300ms);
  leaf.Deliver("c1", Json{{"type", "broadcast"}, {"msg_id", 2}, {"message", 10}});
  CHECK(Gossip(leaf.Sent()).empty());
  leaf.Advance(50ms);  // 350 ms = flush - lead after the batch
  auto g = Gossip(leaf.Sent());
  REQUIRE(g.size() == 1);
  CHECK(g[0].body.at("vals") == Json::array({9, 10}));
  CHECK(g[0].body.at("ack") == 1);
}

TEST_CASE("Options: flags parse, bad ones are refused") {
  struct Case {
    std::vector<std::string> args;
    bool ok;
  };
  std::vector<Case> cases = {
      {{}, true},
      {{"--mode", "tree"}, true},
      {{"--mode", "tree", "--flush-ms", "500", "--lead-ms", "250"}, true},
      {{"--mode", "fanout", "--flush-ms", "0", "--ack-delay-ms", "100", "--resend-ms", "700"}, true},
      {{"--mode", "star"}, false},
      {{"--mode", "tree", "--flush-ms", "0"}, false},
      {{"--flush-ms", "-1"}, false},
      {{"--flush-ms", "1x"}, false},
      {{"--flush-ms"}, false},
      {{"--resend-ms", "0"}, false},
      {{"--mode", "tree", "--flush-ms", "200", "--lead-ms", "200"}, false},
      {{"--speed", "3"}, false},
  };
  for (const Case& c : cases) {
    INFO(c.args.size());
    CHECK(ParseOptions(c.args).ok() == c.ok);
  }
  Options tree = *ParseOptions({"--mode", "tree"});
  CHECK(tree.flush == 400ms);
}

TEST_CASE("tree: the hub sends each leaf one batch per flush period, never a value back to its source") {
  Options options;
  options.mode = Mode::kTree;
  options.flush = 400ms;
  runtime::TestNode hub;
  BroadcastNode b(hub.node, options);
  hub.Init("n0", kFive);
  hub.Deliver("n1", GossipBody(0, 0, {5}));
  hub.Deliver("c1", Json{{"type", "broadcast"}, {"msg_id", 1}, {"message", 6}});
  hub.Deliver("n2", GossipBody(0, 0, {7}));
  CHECK(Gossip(hub.Sent()).empty());
  hub.Advance(400ms);
  auto g = Gossip(hub.Sent());
  REQUIRE(g.size() == 4);
  CHECK(g[0].dest == "n1");
  CHECK(g[0].body.at("vals") == Json::array({6, 7}));
  CHECK(g[0].body.at("ack") == 1);
  CHECK(g[1].body.at("vals") == Json::array({5, 6}));
  CHECK(g[2].body.at("vals") == Json::array({5, 6, 7}));
  hub.Advance(400ms);
  CHECK(Gossip(hub.Sent()).empty());  // nothing new, nothing owed
}

}  // namespace
}  // namespace broadcast
