// SimHost: lines in and out as a process would, fsync that takes time and
// a kill that lands inside it, pause, clock skew, and the same outputs for
// the same seed.
#include "harness/host/sim_host.h"

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "harness/run/sim_loop.h"
#include "nlohmann/json.hpp"
#include "runtime/fields.h"

namespace harness {
namespace {

using nlohmann::json;
constexpr int64_t kMs = 1'000'000;

// A test program: "tick" timers every 100 ms of its own clock, and a
// "write" that appends to its disk, sends "pre" to c9 and flushes, fsyncs,
// then replies (the order raftkv uses for its appends).
class Probe final : public runtime::Program {
 public:
  Probe(runtime::Node& node, runtime::Env& env) : node_(node), env_(env) {
    node_.OnInit([this] {
      node_.Every(std::chrono::milliseconds(100), [this] { node_.Send("c9", {{"type", "tick"}}); });
    });
    node_.On("write", [this](const runtime::Message& m) {
      std::string path = env_.state_dir + "/log";
      (void)env_.disk->Append(path, m.body.at("value").get<std::string>());
      node_.Send("c9", {{"type", "pre"}});
      node_.FlushOutput();
      (void)env_.disk->Sync(path);
      node_.Reply(m, {{"type", "write_ok"}});
    });
    // Replaces "snap" whole: write a temp file, fsync it, rename it over.
    node_.On("snap", [this](const runtime::Message& m) {
      std::string tmp = env_.state_dir + "/snap.tmp";
      (void)env_.disk->Remove(tmp);
      (void)env_.disk->Append(tmp, m.body.at("value").get<std::string>());
      (void)env_.disk->Sync(tmp);
      (void)env_.disk->Rename(tmp, env_.state_dir + "/snap");
      node_.Reply(m, {{"type", "snap_ok"}});
    });
    node_.On("read_snap", [this](const runtime::Message& m) {
      auto bytes = env_.disk->ReadAt(env_.state_dir + "/snap", 0, 1 << 20);
      node_.Reply(m, {{"type", "read_ok"}, {"value", bytes.ok() ? *bytes : std::string("none")}});
    });
    node_.On("read", [this](const runtime::Message& m) {
      auto bytes = env_.disk->ReadAt(env_.state_dir + "/log", 0, 1 << 20);
      node_.Reply(m, {{"type", "read_ok"}, {"value", bytes.ok() ? *bytes : std::string()}});
    });
  }

 private:
  runtime::Node& node_;
  runtime::Env& env_;
};

runtime::Result<std::unique_ptr<runtime::Program>> MakeProbe(runtime::Node& node, runtime::Env& env,
                                                            const std::vector<std::string>& args) {
  if (!args.empty()) return runtime::Error::Malformed("probe takes no arguments");
  return std::unique_ptr<runtime::Program>(new Probe(node, env));
}
const runtime::ProgramSpec kProbe{"probe", &MakeProbe, "usage: probe"};

struct Fixture {
  SimLoop loop;
  std::vector<std::pair<int64_t, json>> out;  // (time, body) of every line
  std::unique_ptr<SimHost> host;

  explicit Fixture(uint64_t seed = 1, std::vector<std::string> args = {}) {
    SimHostOptions o;
    o.process = RuntimeSimProcess(&kProbe, std::move(args));
    o.seed = seed;
    o.fsync_min_ns = o.fsync_max_ns = 2 * kMs;
    NodeHost::Callbacks cb;
    cb.on_line = [this](std::string_view line) {
      out.emplace_back(loop.NowNs(), json::parse(line)["body"]);
    };
    host = std::make_unique<SimHost>(&loop, NodeHostSpec{"n1", "", ""}, std::move(cb), o);
  }
  void Send(const json& body) {
    json m = {{"src", "c1"}, {"dest", "n1"}, {"body", body}};
    REQUIRE(host->Deliver(m.dump()));
  }
  void Init() {
    Send({{"type", "init"}, {"msg_id", 1}, {"node_id", "n1"}, {"node_ids", {"n1"}}});
    RunFor(0);
  }
  void RunFor(int64_t ns) {
    loop.RunUntil([] { return false; }, loop.NowNs() + ns);
  }
  std::vector<std::string> Types() const {
    std::vector<std::string> t;
    for (const auto& [at, body] : out) t.push_back(body.value("type", ""));
    return t;
  }
  int Count(const std::string& type) const {
    int n = 0;
    for (const auto& [at, body] : out) n += body.value("type", "") == type;
    return n;
  }
};

TEST_CASE("a line in, the reply out at the same virtual instant") {
  Fixture f;
  REQUIRE(f.host->Start(false).ok());
  f.Init();
  REQUIRE(f.Types() == std::vector<std::string>{"init_ok"});
  CHECK(f.out[0].first == SimLoop::kStartNs);
}

TEST_CASE("bad arguments end the node as a process would, exit status 2") {
  Fixture f(1, {"--nonsense"});
  CHECK_FALSE(f.host->Start(false).ok());
  CHECK(f.host->Poll());
  CHECK(f.host->exit_status() == "exit status 2");
  CHECK_FALSE(f.host->Deliver("{}"));
}

TEST_CASE("timers fire on the node's own clock") {
  Fixture f;
  REQUIRE(f.host->Start(false).ok());
  f.Init();
  f.RunFor(1000 * kMs);
  CHECK(f.Count("tick") == 10);
  SECTION("twice as fast: twice the ticks") {
    f.host->SetClock(ClockSkew{0, 2.0});
    f.out.clear();
    f.RunFor(1000 * kMs);
    CHECK(f.Count("tick") == 20);
  }
  SECTION("a step back stalls nothing (forward-only clock)") {
    f.host->SetClock(ClockSkew{-5'000 * kMs, 1.0});
    f.out.clear();
    f.RunFor(1000 * kMs);
    CHECK(f.Count("tick") == 10);
  }
}

TEST_CASE("fsync takes time: what was flushed before it leaves now, the rest after") {
  Fixture f;
  REQUIRE(f.host->Start(false).ok());
  f.Init();
  f.out.clear();
  int64_t t0 = f.loop.NowNs();
  f.Send({{"type", "write"}, {"msg_id", 2}, {"value", "abc"}});
  f.RunFor(1 * kMs);
  REQUIRE(f.Types() == std::vector<std::string>{"pre"});
  CHECK(f.out[0].first == t0);
  f.RunFor(5 * kMs);
  REQUIRE(f.Types() == std::vector<std::string>{"pre", "write_ok"});
  CHECK(f.out[1].first == t0 + 2 * kMs);

  SECTION("the synced bytes survive a kill") {
    f.host->Kill();
    REQUIRE(f.host->Start(true).ok());
    f.Init();
    f.Send({{"type", "read"}, {"msg_id", 3}});
    f.RunFor(0);
    CHECK(f.out.back().second["value"] == "abc");
  }
}

TEST_CASE("a kill during the fsync loses the reply and the unsynced bytes") {
  Fixture f;
  REQUIRE(f.host->Start(false).ok());
  f.Init();
  f.Send({{"type", "write"}, {"msg_id", 2}, {"value", "abc"}});
  f.RunFor(1 * kMs);
  f.host->Kill();
  f.RunFor(10 * kMs);
  CHECK(f.Count("pre") == 1);
  CHECK(f.Count("write_ok") == 0);
  REQUIRE(f.host->Start(true).ok());
  f.Init();
  f.Send({{"type", "read"}, {"msg_id", 3}});
  f.RunFor(0);
  CHECK(f.out.back().second["value"] == "");
}

TEST_CASE("what a node did after calling fsync is undone by a kill inside it") {
  Fixture f;
  REQUIRE(f.host->Start(false).ok());
  f.Init();
  f.Send({{"type", "snap"}, {"msg_id", 2}, {"value", "old"}});
  f.RunFor(10 * kMs);  // the first snapshot completes
  f.Send({{"type", "snap"}, {"msg_id", 3}, {"value", "new"}});
  f.RunFor(1 * kMs);  // inside the second one's fsync
  f.host->Kill();
  REQUIRE(f.host->Start(true).ok());
  f.Init();
  f.Send({{"type", "read_snap"}, {"msg_id", 4}});
  f.RunFor(0);
  // The rename never happened: the old snapshot is whole, not an empty file.
  CHECK(f.out.back().second["value"] == "old");
}

TEST_CASE("a paused node reads nothing and fires no timer until resumed") {
  Fixture f;
  REQUIRE(f.host->Start(false).ok());
  f.Init();
  f.host->Pause();
  f.out.clear();
  f.Send({{"type", "read"}, {"msg_id", 2}});
  f.RunFor(1000 * kMs);
  CHECK(f.out.empty());
  CHECK(f.host->pending_bytes() > 0);
  f.host->Resume();
  f.RunFor(0);
  REQUIRE(!f.out.empty());
  CHECK(f.out[0].second["type"] == "read_ok");
}

TEST_CASE("the same seed gives the same lines at the same times") {
  auto run = [](uint64_t seed) {
    Fixture f(seed);
    REQUIRE(f.host->Start(false).ok());
    f.Init();
    for (int i = 0; i < 20; ++i) {
      f.Send({{"type", "write"}, {"msg_id", 10 + i}, {"value", "x"}});
      f.RunFor(7 * kMs);
    }
    std::string text;
    for (const auto& [at, body] : f.out) text += std::to_string(at) + " " + body.dump() + "\n";
    return text;
  };
  CHECK(run(5) == run(5));
}

}  // namespace
}  // namespace harness
