// Proves the runner is host- and clock-agnostic and leaks no wall clock
// into what it stores: RunWithHosts on a SimLoop with in-process echo nodes
// (a test host, not the simulator's) runs a whole echo run, faults
// included, and two runs with one seed store byte-identical histories,
// journals, results and logs, while run.json says the host was simulated. The
// fake node answers each request after a fixed virtual delay and honours
// Kill, Start, Pause and Resume as a process would.
#include <catch2/catch.hpp>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/cli/flags.h"
#include "harness/host/node_host.h"
#include "harness/run/runner.h"
#include "harness/run/sim_loop.h"
#include "nlohmann/json.hpp"

namespace harness {
namespace {

using nlohmann::json;

// An echo node in this process: init -> init_ok, echo -> echo_ok.
class EchoHost : public NodeHost {
 public:
  EchoHost(Loop* loop, Callbacks cb) : loop_(loop), cb_(std::move(cb)) {}
  absl::Status Start(bool) override {
    running_ = true;
    ++incarnation_;
    return absl::OkStatus();
  }
  bool Deliver(std::string_view line) override {
    if (!running_) return false;
    if (paused_) {
      held_.emplace_back(line);
      return true;
    }
    Handle(std::string(line));
    return true;
  }
  void Kill() override {
    running_ = false;
    paused_ = false;
    held_.clear();
  }
  void Pause() override { paused_ = true; }
  void Resume() override {
    paused_ = false;
    std::deque<std::string> held;
    held.swap(held_);
    for (const std::string& l : held) Handle(l);
  }
  bool SetClock(const ClockSkew&) override { return true; }
  bool Poll() override { return false; }
  std::string exit_status() const override { return ""; }
  std::vector<std::string> stderr_tail() const override { return {}; }
  size_t pending_bytes() const override { return 0; }
  std::string describe() const override { return "in-process"; }

 private:
  void Handle(const std::string& line) {
    json in = json::parse(line);
    json body = in["body"];
    json reply = {{"in_reply_to", body["msg_id"]}};
    if (body["type"] == "init") {
      id_ = body["node_id"];
      reply["type"] = "init_ok";
    } else {
      reply["type"] = "echo_ok";
      reply["echo"] = body["echo"];
    }
    std::string out = json{{"src", id_}, {"dest", in["src"]}, {"body", reply}}.dump();
    // Never from inside Deliver (node_host.h): a reply 300 us later.
    uint64_t incarnation = incarnation_;
    loop_->After(300'000, [this, out, incarnation] {
      if (running_ && incarnation == incarnation_) cb_.on_line(out);
    });
  }

  Loop* loop_;
  Callbacks cb_;
  std::string id_;
  bool running_ = false, paused_ = false;
  uint64_t incarnation_ = 0;
  std::deque<std::string> held_;
};

std::string Read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One simulated run; returns its store directory.
std::filesystem::path SimRun(const std::string& store, const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"-w", "echo", "--bin", "in-process", "--node-count", "3",
                                   "--time-limit", "20", "--rate", "50", "--seed", "7",
                                   "--store", store};
  args.insert(args.end(), extra.begin(), extra.end());
  auto options = ParseTestFlags(args);
  REQUIRE(options.ok());
  SimLoop loop;
  HostFacts facts;
  facts.host = "sim";
  facts.simulated = true;
  facts.command = "sim";
  NodeHostFactory factory = [&loop](const NodeHostSpec&, NodeHost::Callbacks cb) {
    return std::make_unique<EchoHost>(&loop, std::move(cb));
  };
  int status = RunWithHosts(*options, loop, factory, facts);
  CHECK(status == 0);
  CHECK(loop.livelock().empty());
  return std::filesystem::canonical(std::filesystem::path(store) / "latest");
}

TEST_CASE("run with hosts: a simulated run is a function of its seed") {
  std::string root = std::filesystem::temp_directory_path() / "run_with_hosts_test";
  std::filesystem::remove_all(root);
  std::vector<std::string> faults = {"--nemesis", "partition,kill,pause,clock",
                                     "--nemesis-interval", "2"};
  std::filesystem::path a = SimRun(root + "/a", faults);
  std::filesystem::path b = SimRun(root + "/b", faults);
  for (const char* file : {"history.edn", "journal", "results.edn"}) {
    INFO(file);
    std::string text = Read(a / file);
    CHECK(text.size() > 100);
    CHECK(text == Read(b / file));
  }
  // jepsen.log too, once the store paths are taken out: its times are
  // the loop's, not the machine's.
  auto log_without_paths = [&](const std::filesystem::path& dir, const std::string& store) {
    std::string log = Read(dir / "jepsen.log");
    for (const std::string& path : {dir.string(), store}) {
      for (size_t at; (at = log.find(path)) != std::string::npos;) {
        log.replace(at, path.size(), "STORE");
      }
    }
    return log;
  };
  CHECK(log_without_paths(a, root + "/a") == log_without_paths(b, root + "/b"));
  std::string history = Read(a / "history.edn");
  for (const char* f :
       {":kill", ":start", ":pause", ":resume", ":skew-clock", ":start-partition"}) {
    INFO(f);
    CHECK(history.find(f) != std::string::npos);
  }
  json run = json::parse(Read(a / "run.json"));
  CHECK(run["host"] == "sim");
  CHECK(run["simulated"] == true);
  CHECK(run["reproduce"].get<std::string>().rfind("harness sim ", 0) == 0);
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace harness
