// Runner: the state and steps of one run (see runner.h for the lifecycle).
// Internal to run/: runner.cc holds the lifecycle (start, init, setup,
// phases, teardown, analysis), runner_ops.cc the client operations (invoke,
// complete, record) and the nemesis and progress records, runner_nodes.cc
// the nodes (start, and kill, restart, pause, resume and clock skew for the
// nemesis: the Runner is its NodeControl). The Runner sees nodes only as
// NodeHosts and time only as its Loop, so it cannot tell processes from
// simulated nodes. Single-threaded: everything runs on the Loop's thread.
//
// Each node has its own directory, <run>/node-dirs/<id>/, which its host
// uses as the node's disk (a process's cwd), kept across a kill and
// restart.
#ifndef HARNESS_RUN_RUNNER_INTERNAL_H_
#define HARNESS_RUN_RUNNER_INTERNAL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "harness/checkers/analysis.h"
#include "harness/cli/test_options.h"
#include "harness/history/op.h"
#include "harness/nemesis/nemesis.h"
#include "harness/nemesis/node_control.h"
#include "harness/net/network.h"
#include "harness/host/node_host.h"
#include "harness/run/loop.h"
#include "harness/run/pacer.h"
#include "harness/run/rpc_client.h"
#include "harness/run/run_log.h"
#include "harness/run/runner.h"
#include "harness/services/service_host.h"
#include "harness/store/message_bodies.h"
#include "harness/workloads/outcome.h"
#include "harness/workloads/workload.h"
#include "nlohmann/json.hpp"

namespace harness::run_internal {

using nlohmann::json;

inline constexpr int64_t kNsPerMs = 1'000'000;
inline constexpr int64_t kNsPerS = 1'000'000'000;
inline constexpr int64_t kInitTimeoutMs = 10'000;
inline constexpr int64_t kSetupTimeoutMs = 5'000;
inline constexpr int64_t kRecoveryNs = 10 * kNsPerS;
inline constexpr size_t kMaxViolations = 1000;
inline constexpr size_t kMaxConsoleViolations = 20;
inline constexpr int64_t kMaxConsoleNemesisSteps = 100;
inline constexpr int kAbortStatus = 255;

// "harness <command> <the words given> --seed N": the command that replays
// a run.
std::string ReproduceCommand(const TestOptions& o, const std::string& command = "test");

inline NetworkOptions NetOptionsFor(const TestOptions& o) {
  NetworkOptions n;
  n.latency = o.latency;
  n.faults = o.net_faults;
  return n;
}

class Runner : public NodeControl {
 public:
  Runner(const TestOptions& o, Loop& loop, NodeHostFactory hosts, HostFacts facts)
      : o_(o),
        loop_(loop),
        hosts_(std::move(hosts)),
        facts_(std::move(facts)),
        net_(&loop_, NetOptionsFor(o), Rng::Derive(o.seed, "latency"),
             Rng::Derive(o.seed, "net-faults")),
        gen_rng_(Rng::Derive(o.seed, "generator")) {
    // jepsen.log's times are the loop's, so a simulated run logs the same
    // times for the same seed.
    log_.SetClock([this] { return loop_.NowNs(); });
    log_.set_quiet(o.quiet_console);
  }
  int Run();
  // Ends the run early but cleanly (HostFacts::watch_interrupts).
  void Interrupt();

 private:
  enum class Phase { kSetup, kMain, kDrain, kFinal, kDone };
  struct Node {
    std::string id;
    std::unique_ptr<NodeHost> host;  // made once; started again after a kill
    bool running = false;  // started and not killed (it may have exited)
    bool exited = false;   // ended on its own
    std::string exit_status;
    bool stdin_full_reported = false;
    std::string dir;      // absolute: <run>/node-dirs/<id>
    bool down = false;    // killed by the nemesis, not yet restarted
    bool paused = false;  // paused by the nemesis
  };
  struct Worker {
    int thread = 0;
    std::string node;
    int64_t process = 0;
    std::unique_ptr<RpcClient> client;
    bool busy = false;
  };

  bool Prepare();
  // run.json's content, with "reproduce": the command that replays the run.
  json RunJsonWithReplay(const RunFacts& facts) const;
  // Writes index.html (front_page.h); a failure is logged, never fatal.
  void WriteFrontPageOrLog(const json& run, const Analysis* analysis, const std::string& aborted);
  bool StartNodes();
  // Starts (or restarts) one node's host.
  bool StartNode(Node& node, bool restart);
  Node* FindNode(const std::string& id);
  // Ends a node's current incarnation (teardown, kill).
  void StopNode(Node& node);

  // NodeControl, for the kill, pause and clock faults.
  bool Kill(const std::string& id) override;
  bool Restart(const std::string& id) override;
  bool Pause(const std::string& id) override;
  bool Resume(const std::string& id) override;
  bool SetClock(const std::string& id, const ClockSkew& skew) override;

  bool InitNodes();
  bool SetupWorkload();
  void MainPhase();
  void FinalPhase();
  std::vector<std::string> Teardown();
  int Finish(const std::vector<std::string>& crashes);

  // History time: ns since the main phase began. REQUIRES: phase_ != kSetup.
  int64_t Rel() const { return loop_.NowNs() - origin_ns_; }
  std::unique_ptr<RpcClient> OpenClient();
  void CloseClient(std::unique_ptr<RpcClient> client);
  void OnNodeLine(Node& node, std::string_view line);
  void OnNodeExit(Node& node, const std::string& status);
  void Violation(const std::string& text);
  bool WaitAllIdle(int64_t max_ns);
  bool AllIdle() const;
  // Runs `request` against every node with a fresh client each; true when
  // every node answered with `reply_type` in time, else logs why and false.
  bool CallEveryNode(const std::string& what, const std::function<json(const std::string&)>& request,
                     const std::string& reply_type, int64_t timeout_ms);

  void Invoke(Worker& w, Invocation inv);
  // Drives a multi-request op (workload.h's OpExchange) to its completion.
  void Exchange(int thread, const Invocation& inv, std::shared_ptr<OpExchange> exchange);
  void Complete(int thread, const Invocation& inv, Completion c);
  // Final phases of several ops per thread: schedules the thread's next one.
  void ScheduleFinalOp(Worker& w);
  void RecordNemesis(const std::string& f, const Fault::Step& step);
  void Record(Op op);
  void ProgressTick();

  TestOptions o_;
  Loop& loop_;
  NodeHostFactory hosts_;
  HostFacts facts_;
  RunLog log_;
  Network net_;
  Rng gen_rng_;
  std::unique_ptr<ServiceHost> services_;
  std::unique_ptr<Workload> workload_;
  std::unique_ptr<Nemesis> nemesis_;
  std::string run_dir_;
  std::vector<std::unique_ptr<Node>> nodes_;
  // Clients sending init to restarted nodes, by client id; each closes
  // itself when answered or timed out.
  absl::flat_hash_map<std::string, std::unique_ptr<RpcClient>> restart_clients_;
  std::vector<Worker> workers_;
  int64_t next_client_ = 0;
  absl::flat_hash_set<std::string> closed_clients_;
  int64_t late_replies_ = 0;
  std::vector<std::string> violations_;
  std::vector<std::string> setup_failures_;  // why init or setup failed, for index.html
  int64_t violations_dropped_ = 0;
  History history_;
  MessageBodies bodies_;  // the first bodies, for messages.svg
  EnvelopeParser envelope_parser_;  // reads every node line
  std::string delivery_line_;       // scratch for the line a node is sent
  int64_t start_ns_ = 0;   // loop time when the run began (Prepare)
  int64_t origin_ns_ = 0;  // loop time of the history's 0: the main phase's start
  Phase phase_ = Phase::kSetup;
  bool final_open_ = false;     // final ops may still be issued
  int64_t final_pending_ = 0;   // final ops waiting out their delay
  std::unique_ptr<Pacer> pacer_;
  std::optional<TimerId> progress_timer_;
  int64_t ok_ = 0, fail_ = 0, info_ = 0;
  int64_t ops_drawn_ = 0;  // main-phase ops drawn (--sim-ops numbers them)
  int64_t nemesis_steps_ = 0;
  int64_t last_plain_progress_s_ = -1;
  bool interrupted_ = false;
};

}  // namespace harness::run_internal

#endif  // HARNESS_RUN_RUNNER_INTERNAL_H_
