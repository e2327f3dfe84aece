// Proves every registered node runs on the in-process entry point the
// simulator uses: its ProgramSpec's make builds it on a runtime::Node with
// the in-memory transport, a manual clock and a MemDisk (state dir given,
// as the simulator gives it), and it answers init with init_ok and keeps
// running as time passes; persisting nodes put their files on that MemDisk.
// Every make refuses bad arguments with an error that says what is wrong.
// And the registry maps names, binary names and paths to the same program.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <map>

#include "nodes/registry/node_programs.h"
#include "runtime/mem_disk.h"
#include "runtime/test_support.h"

namespace nodes {
namespace {

using runtime::Json;

TEST_CASE("The registry holds every node, named as its spec and its folder") {
  std::vector<std::string> names = NodeProgramNames();
  CHECK(std::is_sorted(names.begin(), names.end()));
  for (const char* want : {"broadcast", "echo", "gcounter", "kafka", "raftkv", "txn", "uniqueid"}) {
    CHECK(std::find(names.begin(), names.end(), want) != names.end());
  }
  for (const RegisteredProgram& p : RegisteredPrograms()) {
    REQUIRE(p.spec != nullptr);
    CHECK(std::string(p.spec->name) == p.name);
    CHECK(p.spec->make != nullptr);
    CHECK(std::string(p.spec->usage).find(std::string("node-") + p.name) != std::string::npos);
  }
}

TEST_CASE("A name, a binary's name and a path to it select the same program") {
  struct Case {
    const char* given;
    const char* want;  // registered name, or "" for none
  };
  const std::vector<Case> cases = {
      {"raftkv", "raftkv"},
      {"node-raftkv", "raftkv"},
      {"build/bin/node-raftkv", "raftkv"},
      {"/abs/path/node-echo", "echo"},
      {"./node-txn", "txn"},
      {"node-", ""},
      {"node-nosuch", ""},
      {"build/bin/", ""},
      {"", ""},
  };
  for (const Case& c : cases) {
    INFO(c.given);
    const runtime::ProgramSpec* spec = FindNodeProgram(c.given);
    if (*c.want == '\0') {
      CHECK(spec == nullptr);
    } else {
      REQUIRE(spec != nullptr);
      CHECK(std::string(spec->name) == c.want);
    }
  }
  CHECK(ProgramNameForBin("build/bin/node-raftkv") == "raftkv");
  CHECK(ProgramNameForBin("node-echo") == "echo");
  CHECK(ProgramNameForBin("echo") == "echo");
}

TEST_CASE("Every registered node starts in-process on a MemDisk and answers init") {
  for (const RegisteredProgram& p : RegisteredPrograms()) {
    DYNAMIC_SECTION(p.name) {
      runtime::TestNode t(/*seed=*/5);
      runtime::MemDisk disk;
      REQUIRE(disk.CreateDir("state").ok());
      runtime::Env env{&disk, "state"};
      auto program = p.spec->make(t.node, env, {});
      INFO((program.ok() ? std::string() : program.error().text));
      REQUIRE(program.ok());
      t.node.Receive(runtime::Message{
          "c0", "n1", Json{{"type", "init"}, {"msg_id", 1}, {"node_id", "n1"}, {"node_ids", {"n1", "n2", "n3"}}}});
      std::vector<runtime::Message> sent = t.Sent();
      auto init_ok = std::find_if(sent.begin(), sent.end(), [](const runtime::Message& m) {
        return m.dest == "c0" && m.body.value("type", "") == "init_ok" && m.body.value("in_reply_to", 0) == 1;
      });
      CHECK(init_ok != sent.end());
      // Time passes without a crash (timers of every kind fire), and
      // anything the node wrote went to the MemDisk, in its state dir.
      for (int i = 0; i < 20; ++i) t.Advance(std::chrono::milliseconds(100));
      auto names = disk.ListDir("state");
      REQUIRE(names.ok());
      if (std::string(p.name) == "uniqueid" || std::string(p.name) == "raftkv" || std::string(p.name) == "kafka") {
        CHECK(!names->empty());
      }
    }
  }
}

TEST_CASE("Every node's make refuses bad arguments with a clear error") {
  // A flag no node knows, for all; then one bad argument of each node's own.
  const std::map<std::string, std::vector<std::vector<std::string>>> own = {
      {"broadcast", {{"--mode", "ring"}, {"--flush-ms"}}},
      {"echo", {{"anything"}}},
      {"gcounter", {{"anything"}}},
      {"kafka", {{"--mode", "bogus"}, {"--sync-ms", "0"}, {"--dir"}}},
      {"raftkv", {{"--tick-ms", "0"}, {"--heartbeat-ticks", "20"}}},
      {"txn", {{"--tick-ms", "x"}}},
      {"uniqueid", {{"a", "b"}, {""}}},
  };
  for (const RegisteredProgram& p : RegisteredPrograms()) {
    std::vector<std::vector<std::string>> cases = {{"--no-such-flag"}};
    if (auto it = own.find(p.name); it != own.end()) cases.insert(cases.end(), it->second.begin(), it->second.end());
    for (const std::vector<std::string>& args : cases) {
      INFO(p.name << " " << (args.empty() ? "" : args[0]));
      runtime::TestNode t;
      runtime::MemDisk disk;
      runtime::Env env{&disk, "state"};
      auto program = p.spec->make(t.node, env, args);
      REQUIRE_FALSE(program.ok());
      CHECK(!program.error().text.empty());
      CHECK(t.Sent().empty());
    }
  }
}

}  // namespace
}  // namespace nodes
