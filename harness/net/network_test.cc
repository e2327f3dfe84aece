// Proves the network simulator reproduces Maelstrom's delivery rules
// (harness/docs/protocol.md, the network) on a manual clock: ids in send order, latency only
// on non-client hops, per-destination head-of-line blocking, the partition
// checked when a message is dequeued (not when delivered), queued messages
// surviving a heal, messages to a down (killed) node dropped unreceived, and
// a journal entry for every send and delivery.
#include "harness/net/network.h"

#include <catch2/catch.hpp>
#include <map>

namespace harness {
namespace {

constexpr int64_t kMs = 1'000'000;

struct Fixture {
  ManualScheduler sched;
  Network net;
  std::vector<std::pair<int64_t, NetMessage>> got;  // (time, message)
  explicit Fixture(int64_t latency_ms)
      : net(&sched, NetworkOptions{LatencyModel{latency_ms, LatencyDist::kConstant}}, Rng(1)) {
    for (const char* id : {"n1", "n2", "n3", "c1", "lin-kv"}) {
      std::string s = id;
      net.Register(s, [this](const NetMessage& m) { got.emplace_back(sched.NowNs(), m); });
    }
  }
};

TEST_CASE("ids count from 0 in send order and latency applies only to server hops") {
  Fixture f(100);
  REQUIRE(*f.net.Send("c1", "n1", {{"type", "echo"}}) == 0);
  REQUIRE(*f.net.Send("n1", "n2", {{"type", "x"}}) == 1);
  REQUIRE(*f.net.Send("n1", "lin-kv", {{"type", "read"}}) == 2);
  f.sched.AdvanceTo(0);
  REQUIRE(f.got.size() == 1);  // the client hop is immediate
  CHECK(f.got[0].second.id == 0);
  f.sched.AdvanceTo(99 * kMs);
  CHECK(f.got.size() == 1);
  f.sched.AdvanceTo(100 * kMs);
  REQUIRE(f.got.size() == 3);  // node and service hops both get the latency
  CHECK(f.got[1].first == 100 * kMs);
}

TEST_CASE("a held slow message blocks a later client message to the same node") {
  Fixture f(100);
  REQUIRE(f.net.Send("n2", "n1", {{"k", 1}}).ok());  // deadline 100 ms, taken at once
  f.sched.AdvanceTo(10 * kMs);
  REQUIRE(f.net.Send("c1", "n1", {{"k", 2}}).ok());  // deadline 10 ms, but waits
  f.sched.AdvanceTo(99 * kMs);
  CHECK(f.got.empty());
  f.sched.AdvanceTo(100 * kMs);
  REQUIRE(f.got.size() == 2);
  CHECK(f.got[0].second.body["k"] == 1);
  CHECK(f.got[1].second.body["k"] == 2);
  CHECK(f.got[1].first == 100 * kMs);
}

TEST_CASE("partition is checked at dequeue: a held message is still delivered") {
  Fixture f(100);
  REQUIRE(f.net.Send("n2", "n1", {{"k", 1}}).ok());  // held at once
  REQUIRE(f.net.Send("n2", "n1", {{"k", 2}}).ok());  // queued behind it
  f.net.SetGrudge({{"n1", {"n2"}}});
  f.sched.AdvanceTo(200 * kMs);
  REQUIRE(f.got.size() == 1);
  CHECK(f.got[0].second.body["k"] == 1);
  CHECK(f.net.stats().dropped_by_partition == 1);
  // The drop leaves a send without a recv in the journal.
  int sends = 0, recvs = 0;
  for (const auto& e : f.net.journal()) (e.kind == JournalEvent::Kind::kSend ? sends : recvs)++;
  CHECK(sends == 2);
  CHECK(recvs == 1);
}

TEST_CASE("partitions cut one direction only as the grudge says; clients are never cut") {
  Fixture f(0);
  f.net.SetGrudge({{"n1", {"n2"}}});
  REQUIRE(f.net.Send("n2", "n1", {{"k", 1}}).ok());
  REQUIRE(f.net.Send("n1", "n2", {{"k", 2}}).ok());
  REQUIRE(f.net.Send("c1", "n1", {{"k", 3}}).ok());
  f.sched.AdvanceTo(1);
  REQUIRE(f.got.size() == 2);
  CHECK(f.got[0].second.body["k"] == 2);
  CHECK(f.got[1].second.body["k"] == 3);
}

TEST_CASE("messages queued behind a held one survive a heal") {
  Fixture f(100);
  f.net.SetGrudge({{"n1", {"n3"}}});
  REQUIRE(f.net.Send("n2", "n1", {{"k", 1}}).ok());  // held
  REQUIRE(f.net.Send("n3", "n1", {{"k", 2}}).ok());  // queued; would be dropped now
  f.net.Heal();
  f.sched.AdvanceTo(200 * kMs);
  REQUIRE(f.got.size() == 2);
  CHECK(f.got[1].second.body["k"] == 2);
}

TEST_CASE("a down node's messages are journaled as sent, never received; up again it reads only new ones") {
  Fixture f(10);
  f.net.SetDown("n2", true);
  REQUIRE(f.net.Send("n1", "n2", {{"type", "lost"}}).ok());
  f.sched.AdvanceTo(50 * kMs);
  CHECK(f.got.empty());
  REQUIRE(f.net.Send("n1", "n2", {{"type", "in-flight"}}).ok());  // due at 60 ms
  f.sched.AdvanceTo(55 * kMs);
  f.net.SetDown("n2", false);  // restarted: the in-flight message was for the dead process
  REQUIRE(f.net.Send("c1", "n2", {{"type", "init"}}).ok());
  f.sched.AdvanceTo(100 * kMs);
  REQUIRE(f.got.size() == 1);
  CHECK(f.got[0].second.body["type"] == "init");
  CHECK(f.net.stats().dropped_node_down == 2);
  int sends = 0, recvs = 0;
  for (const auto& e : f.net.journal()) (e.kind == JournalEvent::Kind::kSend ? sends : recvs)++;
  CHECK(sends == 3);
  CHECK(recvs == 1);
}

TEST_CASE("the send meter counts node-to-node sends per source over the last 1-2 s") {
  ManualScheduler sched;
  Network net(&sched, NetworkOptions{}, Rng(1));
  auto ignore = [](const NetMessage&) {};
  for (const char* id : {"n1", "n2", "n3"}) net.Register(id, ignore, Network::BodyForm::kText);
  net.Register("c1", ignore);
  net.Register("lin-kv", ignore);
  sched.AdvanceTo(500 * kMs);
  REQUIRE(net.Send("n1", "n2", {{"type", "x"}}).ok());
  REQUIRE(net.Send("n1", "n3", {{"type", "x"}}).ok());
  REQUIRE(net.Send("n2", "n1", {{"type", "x"}}).ok());
  REQUIRE(net.Send("n3", "lin-kv", {{"type", "read"}}).ok());  // a service: not counted
  REQUIRE(net.Send("c1", "n3", {{"type", "read"}}).ok());      // a client: not counted
  REQUIRE(net.Send("n3", "c1", {{"type", "read_ok"}}).ok());
  using Counts = std::map<std::string, int64_t>;
  CHECK(net.node_sends().Recent(sched.NowNs()) == Counts{{"n1", 2}, {"n2", 1}});
  sched.AdvanceTo(1500 * kMs);  // next second: the previous one still counts
  REQUIRE(net.Send("n2", "n3", {{"type", "x"}}).ok());
  CHECK(net.node_sends().Recent(sched.NowNs()) == Counts{{"n1", 2}, {"n2", 2}});
  sched.AdvanceTo(2500 * kMs);  // two seconds on: only the last second's
  CHECK(net.node_sends().Recent(sched.NowNs()) == Counts{{"n2", 1}});
  sched.AdvanceTo(9000 * kMs);
  CHECK(net.node_sends().Recent(sched.NowNs()).empty());
}

TEST_CASE("unknown endpoints are refused and nothing is journaled") {
  Fixture f(0);
  CHECK(f.net.Send("n1", "n9", {}).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(f.net.Send("c7", "n1", {}).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(f.net.journal().empty());
}

TEST_CASE("uniform latency can reorder messages between two nodes") {
  ManualScheduler sched;
  Network net(&sched, NetworkOptions{LatencyModel{50, LatencyDist::kUniform}}, Rng(7));
  std::vector<int> order;
  net.Register("a", [](const NetMessage&) {});
  net.Register("b", [&](const NetMessage& m) { order.push_back(m.body["k"].get<int>()); });
  // With the first held, later ones are taken in deadline order behind it.
  for (int k = 0; k < 50; ++k) REQUIRE(net.Send("a", "b", {{"k", k}}).ok());
  sched.AdvanceTo(1000 * kMs);
  REQUIRE(order.size() == 50);
  CHECK_FALSE(std::is_sorted(order.begin(), order.end()));
}

TEST_CASE("delivery adds the id to the line a node reads, in Maelstrom's key order") {
  NetMessage m;
  m.id = 17;
  m.src = "c3";
  m.dest = "n1";
  m.body = {{"type", "echo"}};
  CHECK(DeliveryLine(m) == R"({"id":17,"src":"c3","dest":"n1","body":{"type":"echo"}})");
}

TEST_CASE("envelope parsing rejects each malformed shape with a reason") {
  struct Case {
    const char* line;
    bool ok;
  } cases[] = {
      {R"({"src":"n1","dest":"c1","body":{}})", true},
      {R"({"src":"n1","dest":"c1","body":{},"id":3})", true},
      {"", false},
      {"hello", false},
      {"[1,2]", false},
      {R"({"src":1,"dest":"c1","body":{}})", false},
      {R"({"src":"n1","body":{}})", false},
      {R"({"src":"n1","dest":"c1"})", false},
      {R"({"src":"n1","dest":"c1","body":{},"extra":1})", false},
      {R"({"src":"n1","dest":"c1","body":{},"id":"x"})", false},
  };
  for (const auto& c : cases) {
    INFO(c.line);
    CHECK(ParseEnvelope(c.line).ok() == c.ok);
  }
  // Deep nesting is refused without recursing (100000 levels would crash a
  // recursive printer or converter).
  std::string deep = R"({"src":"n1","dest":"c1","body":)" + std::string(100000, '[') +
                     std::string(100000, ']') + "}";
  auto status = ParseEnvelope(deep).status();
  CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  CHECK(status.message().find("nested deeper") != std::string_view::npos);
  std::string ok_depth = R"({"src":"n1","dest":"c1","body":)" + std::string(100, '[') +
                         std::string(100, ']') + "}";
  CHECK(ParseEnvelope(ok_depth).ok());
}

// The fast parser forwards the body as text and hands every line it does
// not plainly accept to the reference parser; this table holds the lines
// where a validating JSON parser and nlohmann are most likely to disagree.
TEST_CASE("the fast envelope parser accepts and refuses exactly what the tree parser does") {
  auto nest = [](int k, const std::string& inner) {
    return R"({"src":"n1","dest":"c1","body":)" + std::string(k, '[') + inner +
           std::string(k, ']') + "}";
  };
  std::vector<std::string> lines = {
      R"({"src":"n1","dest":"c1","body":{"type":"echo","echo":"a \"q\" {["}})",
      R"(  { "src" : "n1" , "dest":"c1", "body" : [1, 2.5e3, -0, true, null] , "id" : -0 }  )",
      R"({"src":"n1","dest":"c1","body":{},"id":123456789012345678901234567890})",
      R"({"src":"n1","dest":"c1","body":{"big":123456789012345678901234567890}})",
      R"({"src":"n1","dest":"c1","body":{"huge":1e400}})",
      R"({"src":"n1","dest":"c1","body":{"s":"\ud800"}})",
      R"({"src":"n1","dest":"c1","body":{"s":"\ud83d\ude00 é"}})",
      std::string(R"({"src":"n1","dest":"c1","body":{"s":")") + "\x01" + "\"}}",
      std::string(R"({"src":"n1","dest":"c1","body":{"s":")") + "\xff" + "\"}}",
      std::string(R"({"src":"n1","dest":"c1","body":{}})") + std::string(1, '\0'),
      R"({"src":"n1","dest":"c1","body":{}} x)",
      R"({"src":"n1","dest":"c1","body":{}})",
      R"({"src":"n\u0031","dest":"c1","body":{}})",
      R"({"src":"n1","dest":"c1","\u0062ody":{}})",
      R"({"src":1,"src":"n1","dest":"c1","body":{}})",
      R"({"src":"n1","src":1,"dest":"c1","body":{}})",
      R"({"src":"n1","dest":"c1","body":{},"body":[]})",
      R"({"src":"n1","dest":"c1","body":1.0,"id":1.0})",
      R"({"src":"n1","dest":"c1","body":"x","id":1e2})",
      R"({"src":"n1","dest":"c1","body":{"a":01}})",
      R"(["src","n1"])",
      "",
      " ",
      "\xef\xbb\xbf{\"src\":\"n1\",\"dest\":\"c1\",\"body\":{}}",
  };
  for (int k = 250; k <= 260; ++k) {
    lines.push_back(nest(k, ""));
    lines.push_back(nest(k, "1"));
  }
  EnvelopeParser fast;
  for (const std::string& line : lines) {
    INFO(line);
    auto a = fast.Parse(line);
    auto b = ParseEnvelopeTree(line);
    REQUIRE(a.ok() == b.ok());
    if (!a.ok()) {
      CHECK(a.status() == b.status());
      continue;
    }
    CHECK(a->src == b->src);
    CHECK(a->dest == b->dest);
    nlohmann::json body = a->body_text.empty()
                              ? a->body
                              : nlohmann::json::parse(a->body_text, nullptr, false);
    CHECK(body == b->body);
  }
}

TEST_CASE("a body a node printed is delivered as printed; the bench's own bodies as nlohmann prints them") {
  EnvelopeParser parser;
  auto env = parser.Parse(R"({"src":"n1","dest":"n2","body":{ "type":"x","b":1, "a":[1 ,2]}})");
  REQUIRE(env.ok());
  CHECK(env->body_text == R"({ "type":"x","b":1, "a":[1 ,2]})");
  NetMessage m;
  m.id = 3;
  m.src = env->src;
  m.dest = env->dest;
  m.body_text = env->body_text;
  CHECK(DeliveryLine(m) == R"({"id":3,"src":"n1","dest":"n2","body":{ "type":"x","b":1, "a":[1 ,2]}})");
  m.body_text.clear();
  m.body = {{"type", "x"}, {"b", 1}};
  m.src = "a\"b";
  CHECK(DeliveryLine(m) == R"({"id":3,"src":"a\"b","dest":"n2","body":{"b":1,"type":"x"}})");
}

TEST_CASE("text bodies reach tree endpoints parsed and text endpoints untouched") {
  ManualScheduler sched;
  Network net(&sched, NetworkOptions{}, Rng(1));
  std::vector<NetMessage> tree, text;
  net.Register("n1", [&](const NetMessage& m) { text.push_back(m); }, Network::BodyForm::kText);
  net.Register("c1", [&](const NetMessage& m) { tree.push_back(m); });
  REQUIRE(net.SendText("c1", "n1", R"({"k": 1})").ok());
  REQUIRE(net.SendText("n1", "c1", R"({"k": 2})").ok());
  sched.AdvanceTo(1);
  REQUIRE(text.size() == 1);
  CHECK(text[0].body_text == R"({"k": 1})");
  CHECK(text[0].body.is_null());
  REQUIRE(tree.size() == 1);
  CHECK(tree[0].body["k"] == 2);
}

}  // namespace
}  // namespace harness

namespace harness {
namespace {

TEST_CASE("the journal is bounded: routing goes on, truncation is reported") {
  ManualScheduler sched;
  NetworkOptions options;
  options.max_journal_events = 4;
  Network net(&sched, options, Rng(1));
  int got = 0;
  net.Register("a", [](const NetMessage&) {});
  net.Register("b", [&](const NetMessage&) { ++got; });
  for (int k = 0; k < 5; ++k) REQUIRE(net.Send("a", "b", {{"k", k}}).ok());
  sched.AdvanceTo(1);
  CHECK(got == 5);
  CHECK(net.journal().size() == 4);
  CHECK(net.journal_truncated());
}

}  // namespace
}  // namespace harness

// Message faults (net_faults.h). Nodes are registered as text endpoints,
// as the runner registers them; the faults strike only between those.
namespace harness {
namespace {

struct FaultFixture {
  ManualScheduler sched;
  Network net;
  std::vector<std::pair<int64_t, NetMessage>> got;  // (time, message)
  FaultFixture(NetFaults faults, int64_t latency_ms = 10,
               LatencyDist dist = LatencyDist::kConstant)
      : net(&sched, NetworkOptions{LatencyModel{latency_ms, dist}, 1 << 20, 8 << 20, faults},
            Rng::Derive(5, "latency"), Rng::Derive(5, "net-faults")) {
    auto record = [this](const NetMessage& m) { got.emplace_back(sched.NowNs(), m); };
    for (const char* id : {"n1", "n2", "n3"}) net.Register(id, record, Network::BodyForm::kText);
    for (const char* id : {"c1", "lin-kv"}) net.Register(id, record);
  }
  int Count(JournalEvent::Kind kind) const {
    return static_cast<int>(std::count_if(net.journal().begin(), net.journal().end(),
                                          [&](const JournalEvent& e) { return e.kind == kind; }));
  }
};

// Sends from three nodes and a client on a fixed seed; (id, ms) per delivery.
std::vector<std::pair<int64_t, int64_t>> GoldenRun(std::optional<Rng> fault_rng) {
  ManualScheduler sched;
  NetworkOptions options{LatencyModel{40, LatencyDist::kExponential}};
  Rng latency = Rng::Derive(7, "latency");
  Network net = fault_rng ? Network(&sched, options, latency, *fault_rng)
                          : Network(&sched, options, latency);
  std::vector<std::pair<int64_t, int64_t>> got;
  auto record = [&](const NetMessage& m) { got.emplace_back(m.id, sched.NowNs() / kMs); };
  for (const char* id : {"n1", "n2", "n3"}) net.Register(id, record, Network::BodyForm::kText);
  net.Register("c1", record);
  const char* ids[] = {"n1", "n2", "n3"};
  for (int k = 0; k < 12; ++k) {
    sched.AdvanceTo(k * 5 * kMs);
    REQUIRE(net.SendText(ids[k % 3], ids[(k + 1) % 3], R"({"k":1})").ok());
    if (k % 4 == 0) REQUIRE(net.SendText("c1", ids[k % 3], R"({"k":2})").ok());
  }
  sched.AdvanceTo(10000 * kMs);
  return got;
}

TEST_CASE("with faults off a seed delivers exactly as before faults existed (golden)") {
  // Recorded from the network before NetFaults was added.
  const std::vector<std::pair<int64_t, int64_t>> golden = {
      {1, 0},   {0, 10},  {4, 15},  {6, 20},  {3, 49},  {7, 49},  {10, 55}, {2, 58},
      {5, 58},  {11, 58}, {9, 58},  {14, 65}, {13, 75}, {8, 83},  {12, 83}};
  CHECK(GoldenRun(std::nullopt) == golden);
  CHECK(GoldenRun(Rng::Derive(7, "net-faults")) == golden);
}

TEST_CASE("loss 1: no node-to-node message is delivered and the journal shows sends only") {
  FaultFixture f({.loss_p = 1});
  for (int k = 0; k < 5; ++k) REQUIRE(f.net.SendText("n1", "n2", R"({"k":1})").ok());
  f.sched.AdvanceTo(1000 * kMs);
  CHECK(f.got.empty());
  CHECK(f.Count(JournalEvent::Kind::kSend) == 5);
  CHECK(f.Count(JournalEvent::Kind::kRecv) == 0);
  CHECK(f.net.stats().lost == 5);
  REQUIRE(f.net.fault_log().size() == 5);
  for (int64_t id = 0; id < 5; ++id) {
    CHECK(f.net.fault_log()[id].kind == NetFaultEvent::Kind::kLost);
    CHECK(f.net.fault_log()[id].message_id == id);
  }
}

TEST_CASE("faults spare client and service hops (Maelstrom's clients see a reliable network)") {
  FaultFixture f({.loss_p = 1, .duplicate_p = 1, .reorder_p = 1});
  REQUIRE(f.net.SendText("c1", "n1", R"({"k":1})").ok());
  REQUIRE(f.net.SendText("n1", "c1", R"({"k":2})").ok());
  REQUIRE(f.net.SendText("n1", "lin-kv", R"({"k":3})").ok());
  REQUIRE(f.net.SendText("lin-kv", "n2", R"({"k":4})").ok());
  f.sched.AdvanceTo(1000 * kMs);
  CHECK(f.got.size() == 4);
  CHECK(f.net.fault_log().empty());
  CHECK(f.net.stats().sent == 4);
}

TEST_CASE("duplicate 1: every node message arrives twice, the copy journaled as its own message") {
  FaultFixture f({.duplicate_p = 1});
  REQUIRE(*f.net.SendText("n1", "n2", R"({"k":1})") == 0);
  REQUIRE(*f.net.SendText("n2", "n3", R"({"k":2})") == 2);  // id 1 is the first copy
  f.sched.AdvanceTo(1000 * kMs);
  REQUIRE(f.got.size() == 4);
  std::map<int64_t, std::string> body_of;
  for (const auto& [t, m] : f.got) body_of[m.id] = m.body_text;
  CHECK(body_of == std::map<int64_t, std::string>{
                       {0, R"({"k":1})"}, {1, R"({"k":1})"}, {2, R"({"k":2})"}, {3, R"({"k":2})"}});
  CHECK(f.Count(JournalEvent::Kind::kSend) == 4);
  CHECK(f.Count(JournalEvent::Kind::kRecv) == 4);
  CHECK(f.net.stats().duplicated == 2);
  // The meter counts what nodes sent, not the network's copies.
  CHECK(f.net.node_sends().Recent(f.sched.NowNs()).at("n1") == 1);
  REQUIRE(f.net.fault_log().size() == 2);
  CHECK(f.net.fault_log()[0].kind == NetFaultEvent::Kind::kDuplicated);
  CHECK(f.net.fault_log()[0].message_id == 0);
  CHECK(f.net.fault_log()[0].copy_id == 1);
}

TEST_CASE("a reordered message is overtaken by one sent after it") {
  // Zero latency: without the fault the first message would be taken (and
  // held) at once, and nothing could pass it.
  FaultFixture f({.reorder_p = 1, .reorder_max_ms = 50}, /*latency_ms=*/0);
  REQUIRE(f.net.SendText("n1", "n2", R"({"k":1})").ok());
  f.net.SetFaults({});
  f.sched.AdvanceTo(0);
  REQUIRE(f.net.SendText("n1", "n2", R"({"k":2})").ok());
  f.sched.AdvanceTo(0);
  REQUIRE(f.got.size() == 1);
  CHECK(f.got[0].second.body_text == R"({"k":2})");
  REQUIRE(f.net.fault_log().size() == 1);
  int64_t extra = f.net.fault_log()[0].extra_delay_ms;
  CHECK(extra >= 1);
  CHECK(extra <= 50);
  f.sched.AdvanceTo(extra * kMs - 1);
  CHECK(f.got.size() == 1);
  f.sched.AdvanceTo(extra * kMs);
  REQUIRE(f.got.size() == 2);
  CHECK(f.got[1].second.body_text == R"({"k":1})");
  CHECK(f.net.stats().delayed == 1);
}

TEST_CASE("a message on the wire is dropped when its destination goes down") {
  FaultFixture f({.reorder_p = 1, .reorder_max_ms = 50});
  REQUIRE(f.net.SendText("n1", "n2", R"({"k":1})").ok());
  f.net.SetDown("n2", true);
  f.net.SetDown("n2", false);
  f.sched.AdvanceTo(1000 * kMs);
  CHECK(f.got.empty());
  CHECK(f.net.stats().dropped_node_down == 1);
  f.net.Unregister("n1");  // and unregistering with one on the wire is safe
  FaultFixture g({.reorder_p = 1});
  REQUIRE(g.net.SendText("n1", "n2", R"({"k":1})").ok());
  g.net.Unregister("n2");
  g.sched.AdvanceTo(1000 * kMs);
  CHECK(g.got.empty());
}

TEST_CASE("loss changes no latency draw: survivors keep the delivery times they had") {
  auto run = [](NetFaults faults) {
    FaultFixture f(faults, 30, LatencyDist::kUniform);
    for (int k = 0; k < 200; ++k) {
      f.sched.AdvanceTo(k * 100 * kMs);  // far apart: no queueing effects
      REQUIRE(f.net.SendText("n1", k % 2 ? "n2" : "n3", R"({"k":1})").ok());
    }
    f.sched.AdvanceTo(100000 * kMs);
    std::map<int64_t, int64_t> at;
    for (const auto& [t, m] : f.got) at[m.id] = t;
    return at;
  };
  std::map<int64_t, int64_t> clean = run({});
  std::map<int64_t, int64_t> lossy = run({.loss_p = 0.3});
  REQUIRE(clean.size() == 200);
  CHECK(lossy.size() > 100);
  CHECK(lossy.size() < 180);
  for (const auto& [id, t] : lossy) CHECK(clean.at(id) == t);
}

TEST_CASE("fault draws are a function of the seed") {
  auto run = [] {
    FaultFixture f({.loss_p = 0.2, .duplicate_p = 0.2, .reorder_p = 0.2}, 20,
                   LatencyDist::kExponential);
    for (int k = 0; k < 100; ++k) {
      f.sched.AdvanceTo(k * kMs);
      REQUIRE(f.net.SendText(k % 3 ? "n1" : "n2", "n3", R"({"k":1})").ok());
    }
    f.sched.AdvanceTo(100000 * kMs);
    std::vector<std::pair<int64_t, int64_t>> out;
    for (const auto& [t, m] : f.got) out.emplace_back(m.id, t);
    return out;
  };
  auto a = run();
  CHECK(a == run());
  CHECK(a.size() > 50);
}

}  // namespace
}  // namespace harness
