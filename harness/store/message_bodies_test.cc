// Proves the body recorder reads the network's own send-log lines (so a
// change to Network::Describe breaks this test, not the pictures): ids,
// types and abbreviated bodies are kept, init traffic does not count
// against the bound, the JSONL file reads back the same, and the tap
// removes itself from the network once full while the console sink keeps
// receiving lines.
#include "harness/store/message_bodies.h"

#include <catch2/catch.hpp>

namespace harness {
namespace {

TEST_CASE("bodies: send-log lines give id, type and body; other lines are ignored") {
  MessageBodies b(10);
  CHECK(b.RecordSendLine(
      R"(:send {:id 7, :src "n1", :dest "n2", :body {"msg_id":1,"type":"error","code":11}})"));
  CHECK(b.RecordSendLine(":recv {:id 8, :src \"n1\", :dest \"n2\", :body {}}"));
  CHECK(b.RecordSendLine("garbage"));
  CHECK(b.RecordSendLine(":send {:id x, :src \"n1\", :dest \"n2\", :body {}}"));
  REQUIRE(b.Find(7) != nullptr);
  CHECK(b.Find(7)->type == "error");
  CHECK(b.Find(7)->json == R"({"msg_id":1,"type":"error","code":11})");
  CHECK(b.Find(8) == nullptr);
}

TEST_CASE("bodies: the bound counts non-init messages; a long body keeps its type") {
  MessageBodies b(2);
  auto line = [](int id, const std::string& body) {
    return ":send {:id " + std::to_string(id) + ", :src \"c1\", :dest \"n1\", :body " + body + "}";
  };
  CHECK(b.RecordSendLine(line(0, R"({"type":"init","node_id":"n1"})")));
  CHECK(b.RecordSendLine(line(1, R"({"type":"init_ok"})")));
  std::string big = R"({"messages":[)";
  for (int i = 0; i < 1000; ++i) big += std::to_string(i) + ",";
  big += R"(0],"type":"read_ok"})";
  CHECK(b.RecordSendLine(line(2, big)));
  CHECK_FALSE(b.RecordSendLine(line(3, R"({"type":"read"})")));
  CHECK(b.full());
  CHECK_FALSE(b.RecordSendLine(line(4, R"({"type":"read"})")));
  CHECK(b.Find(4) == nullptr);
  CHECK(b.Find(0)->type == "init");
  CHECK(b.Find(2)->type == "read_ok");
  CHECK(b.Find(2)->json.size() < MessageBodies::kMaxBodyBytes + 30);
  CHECK_THAT(b.Find(2)->json, Catch::EndsWith("bytes)"));

  auto back = MessageBodies::FromJsonl(b.ToJsonl());
  REQUIRE(back.ok());
  for (int64_t id : {0, 1, 2, 3}) {
    REQUIRE(back->Find(id) != nullptr);
    CHECK(back->Find(id)->json == b.Find(id)->json);
    CHECK(back->Find(id)->type == b.Find(id)->type);
  }
  CHECK_FALSE(MessageBodies::FromJsonl("{\"id\":1}\n").ok());
  CHECK_FALSE(MessageBodies::FromJsonl("not json\n").ok());
  CHECK(MessageBodies::FromJsonl("").ok());
}

TEST_CASE("tap: records from the real network, then takes itself off") {
  ManualScheduler sched;
  Network net(&sched, NetworkOptions{LatencyModel{0, LatencyDist::kConstant}}, Rng(1));
  for (const char* id : {"n1", "n2"}) net.Register(id, [](const NetMessage&) {});
  MessageBodies bodies(2);
  std::vector<std::string> console;
  TapMessageBodies(
      &net, &sched, &bodies, [&](const std::string& l) { console.push_back(l); }, nullptr);
  for (int i = 0; i < 4; ++i) {
    REQUIRE(net.Send("n1", "n2", {{"type", "gossip"}, {"n", i}}).ok());
  }
  sched.AdvanceBy(1);  // the untap timer fires
  REQUIRE(net.Send("n1", "n2", {{"type", "gossip"}, {"n", 9}}).ok());
  CHECK(bodies.Find(0)->json == R"({"n":0,"type":"gossip"})");
  CHECK(bodies.Find(1)->type == "gossip");
  CHECK(bodies.Find(2) == nullptr);
  CHECK(console.size() == 5);  // the console sink saw every send, tapped or not
}

}  // namespace
}  // namespace harness
