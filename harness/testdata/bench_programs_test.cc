// Proves the bench's test nodes run in-process: every registered node,
// built through its factory on a fake SimProcessContext (ManualClock,
// MemDisk, lines collected), answers init; time comes from the context's
// clock (echo's late reply, the tick deadline); files go to the context's
// disk and outlive the incarnation (disk_counter, kafka disk); the modes
// the registry cannot host or that refuse to start say so; a malformed
// line ends the node without throwing into the host.
#include "harness/testdata/bench_programs.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "runtime/clock.h"
#include "runtime/mem_disk.h"

namespace {

using nlohmann::json;

// One simulated machine: a clock and a disk that outlive incarnations.
struct Machine {
  runtime::ManualClock clock{runtime::Time{std::chrono::seconds(1000)}};
  runtime::MemDisk disk;
  runtime::Env env;
  std::vector<std::string> lines;
  std::vector<std::string> logs;
  int flushes = 0;

  Machine() {
    REQUIRE(disk.CreateDir("state").ok());
    env.disk = &disk;
    env.state_dir = "state";
  }

  harness::SimProcessContext Context() {
    harness::SimProcessContext c;
    c.clock = &clock;
    c.env = &env;
    c.seed = 42;
    c.write_line = [this](std::string line) { lines.push_back(std::move(line)); };
    c.flush = [this] { ++flushes; };
    c.log = [this](std::string_view line) { logs.emplace_back(line); };
    return c;
  }

  std::unique_ptr<harness::SimProcess> Start(const std::string& name,
                                             std::vector<std::string> args = {}) {
    auto factory = bench::FindBenchSimNode(name, args);
    REQUIRE(factory.has_value());
    auto made = (*factory)(Context());
    REQUIRE(made.ok());
    return *std::move(made);
  }

  // Bodies of the lines written since the last call.
  std::vector<json> TakeBodies() {
    std::vector<json> bodies;
    for (const std::string& l : lines) bodies.push_back(json::parse(l)["body"]);
    lines.clear();
    return bodies;
  }
};

std::string Msg(const std::string& src, json body) {
  return json{{"src", src}, {"dest", "n1"}, {"body", std::move(body)}}.dump();
}

std::string Init() {
  return Msg("c0", {{"type", "init"}, {"msg_id", 1}, {"node_id", "n1"}, {"node_ids", {"n1"}}});
}

TEST_CASE("every registered bench node answers init in-process") {
  const std::vector<std::string> names = bench::BenchSimNodeNames();
  REQUIRE(names.size() == 11);
  for (const std::string& name : names) {
    INFO(name);
    Machine m;
    auto node = m.Start(name);
    node->ReceiveLine(Init());
    node->RunDueTimers();
    std::vector<json> bodies = m.TakeBodies();
    REQUIRE(bodies.size() == 1);
    CHECK(bodies[0]["type"] == "init_ok");
    CHECK(bodies[0]["in_reply_to"] == 1);
    CHECK(m.flushes >= 1);  // each line leaves at once, as stdout is flushed per line
  }
}

TEST_CASE("the registry knows binaries by name, and refuses what it cannot host") {
  CHECK_FALSE(bench::FindBenchSimNode("bench-no_such_node", {}).has_value());
  CHECK_FALSE(bench::FindBenchSimNode("echo_node", {}).has_value());  // not a binary's name
  // crash exits the process mid-run; the simulator's host has no exit path.
  CHECK_FALSE(bench::FindBenchSimNode("bench-echo_node", {"crash"}).has_value());
  CHECK(bench::FindBenchSimNode("bench-echo_node", {"silent"}).has_value());
}

TEST_CASE("echo exit-now fails to start with its message, as the process exits 2") {
  Machine m;
  auto factory = bench::FindBenchSimNode("bench-echo_node", {"exit-now"});
  REQUIRE(factory.has_value());
  auto made = (*factory)(m.Context());
  REQUIRE_FALSE(made.ok());
  CHECK(made.status().message() == "echo_node: exiting at once on purpose");
  CHECK(m.logs.empty());  // the host logs the error itself: once
}

TEST_CASE("echo no-init ignores every line, init included") {
  Machine m;
  auto node = m.Start("bench-echo_node", {"no-init"});
  node->ReceiveLine(Init());
  node->ReceiveLine("not JSON either");
  CHECK(m.lines.empty());
}

TEST_CASE("ticks and held replies run on the context's clock") {
  Machine m;
  const runtime::Time start = m.clock.Now();
  auto node = m.Start("bench-echo_node", {"late"});
  REQUIRE(node->NextDeadline() == start + std::chrono::milliseconds(50));
  node->ReceiveLine(Init());
  node->ReceiveLine(Msg("c1", {{"type", "echo"}, {"msg_id", 2}, {"echo", "a"}}));
  node->ReceiveLine(Msg("c1", {{"type", "echo"}, {"msg_id", 3}, {"echo", "b"}}));
  CHECK(m.TakeBodies().size() == 2);  // init_ok, the first echo_ok; the second is held
  m.clock.Advance(std::chrono::seconds(5));
  node->RunDueTimers();
  CHECK(m.TakeBodies().empty());
  REQUIRE(node->NextDeadline() == m.clock.Now() + std::chrono::milliseconds(50));
  m.clock.Advance(std::chrono::seconds(1));
  node->RunDueTimers();
  std::vector<json> bodies = m.TakeBodies();
  REQUIRE(bodies.size() == 1);
  CHECK(bodies[0]["in_reply_to"] == 3);
  CHECK(bodies[0]["echo"] == "b");
}

TEST_CASE("clock_node logs the context's clock as both clocks") {
  Machine m;
  auto node = m.Start("bench-clock_node");
  node->ReceiveLine(Init());
  node->ReceiveLine(Msg("c1", {{"type", "echo"}, {"msg_id", 2}, {"echo", "x"}}));
  REQUIRE(m.logs.size() == 1);
  CHECK(m.logs[0] == "clock mono_ms=1000000 wall_ms=1000000");
}

// Under a kill the simulator's disk drops unsynced bytes (MemDisk::Crash);
// the nodes' files sit in a process's page cache, which a kill keeps, so
// their in-process writes are synced and must survive Crash.
TEST_CASE("disk_counter disk mode keeps its total across a kill on the context's disk") {
  Machine m;
  {
    auto node = m.Start("bench-disk_counter_node", {"disk"});
    node->ReceiveLine(Init());
    node->ReceiveLine(Msg("c1", {{"type", "add"}, {"msg_id", 2}, {"delta", 7}}));
  }
  m.disk.Crash();
  CHECK(m.disk.mutable_bytes("state/total") == "7\n");
  m.TakeBodies();
  auto node = m.Start("bench-disk_counter_node", {"disk"});
  node->ReceiveLine(Init());
  node->ReceiveLine(Msg("c1", {{"type", "read"}, {"msg_id", 2}}));
  std::vector<json> bodies = m.TakeBodies();
  REQUIRE(bodies.size() == 2);
  CHECK(bodies[1]["value"] == 7);
}

TEST_CASE("kafka disk mode recovers its log after a kill; memory modes do not") {
  for (const std::string mode : {"disk", ""}) {
    INFO(mode);
    Machine m;
    {
      auto node = m.Start("bench-kafka_node", {mode});
      node->ReceiveLine(Init());
      node->ReceiveLine(Msg("c1", {{"type", "send"}, {"msg_id", 2}, {"key", "k"}, {"msg", 5}}));
    }
    m.disk.Crash();
    m.TakeBodies();
    auto node = m.Start("bench-kafka_node", {mode});
    node->ReceiveLine(Init());
    node->ReceiveLine(Msg("c1", {{"type", "poll"}, {"msg_id", 2}, {"offsets", {{"k", 0}}}}));
    std::vector<json> bodies = m.TakeBodies();
    REQUIRE(bodies.size() == 2);
    json expected = mode == "disk" ? json{{"k", {{0, 5}}}} : json::object();
    CHECK(bodies[1]["msgs"] == expected);
  }
}

TEST_CASE("kafka restart-offsets counts its restarts on the context's disk") {
  Machine m;
  std::vector<int64_t> first_offsets;
  for (int incarnation = 0; incarnation < 3; ++incarnation) {
    auto node = m.Start("bench-kafka_node", {"restart-offsets"});
    node->ReceiveLine(Init());
    node->ReceiveLine(Msg("c1", {{"type", "send"}, {"msg_id", 2}, {"key", "k"}, {"msg", 1}}));
    std::vector<json> bodies = m.TakeBodies();
    REQUIRE(bodies.size() == 2);
    first_offsets.push_back(bodies[1]["offset"].get<int64_t>());
    m.disk.Crash();
  }
  CHECK(first_offsets == std::vector<int64_t>{15, 14, 13});
}

TEST_CASE("a malformed input line ends the node without throwing into the host") {
  Machine m;
  auto node = m.Start("bench-ids_node");
  node->ReceiveLine(Init());
  m.TakeBodies();
  node->ReceiveLine("this is not JSON {");
  REQUIRE(m.logs.size() == 1);
  CHECK(m.logs[0].find("terminate called") == 0);
  node->ReceiveLine(Msg("c1", {{"type", "generate"}, {"msg_id", 2}}));
  CHECK(m.lines.empty());  // dead: reads nothing more
  CHECK_FALSE(node->NextDeadline().has_value());
}

}  // namespace
