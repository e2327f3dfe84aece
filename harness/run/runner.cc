#include "harness/run/runner.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "harness/checkers/analysis.h"
#include "harness/elle/cycle_svg.h"
#include "harness/nemesis/nemesis.h"
#include "harness/nemesis/process_faults.h"
#include "harness/net/network.h"
#include "harness/run/check.h"
#include "harness/run/pacer.h"
#include "harness/run/rpc_client.h"
#include "harness/run/run_log.h"
#include "harness/run/runner_internal.h"
#include "harness/run/verdict.h"
#include "harness/services/service_host.h"
#include "harness/store/front_page.h"
#include "harness/store/reports.h"
#include "harness/store/store.h"
#include "harness/workloads/outcome.h"
#include "harness/workloads/workload.h"

namespace harness {
namespace run_internal {
namespace {

// `v` without the map entries keyed :`key`, at any depth; each dropped
// value goes to `dropped`.
Value WithoutKey(const Value& v, std::string_view key, const std::function<void(const Value&)>& dropped) {
  if (v.is_map()) {
    std::vector<std::pair<Value, Value>> entries;
    for (size_t i = 0; i < v.map_size(); ++i) {
      if (v.map_key(i).is_keyword() && v.map_key(i).as_string() == key) {
        dropped(v.map_value(i));
        continue;
      }
      entries.emplace_back(v.map_key(i), WithoutKey(v.map_value(i), key, dropped));
    }
    return Value::Map(std::move(entries));
  }
  if (v.kind() == Value::Kind::kVector) {
    std::vector<Value> items;
    for (const Value& item : v.items()) items.push_back(WithoutKey(item, key, dropped));
    return Value::Vec(std::move(items));
  }
  return v;
}

}  // namespace

std::string ReproduceCommand(const TestOptions& o, const std::string& command) {
  std::string cmd = absl::StrCat("harness ", command);
  for (const std::string& w : o.command_words) {
    bool plain = !w.empty() && w.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                   "0123456789-_./=,:+@%") == std::string::npos;
    if (plain) {
      absl::StrAppend(&cmd, " ", w);
    } else {
      std::string q = "'";
      for (char c : w) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
      absl::StrAppend(&cmd, " ", q, "'");
    }
  }
  // Before any `--`, so it is read as a flag, not a node argument.
  std::string seed = absl::StrCat(" --seed ", o.seed);
  size_t dashdash = cmd.find(" -- ");
  if (dashdash == std::string::npos) return cmd + seed;
  return cmd.insert(dashdash, seed);
}

json Runner::RunJsonWithReplay(const RunFacts& facts) const {
  json run = RunJson(o_, facts);
  run["reproduce"] = ReproduceCommand(o_, facts_.command);
  run["host"] = facts_.host;
  if (facts_.simulated) run["simulated"] = true;
  return run;
}

void Runner::WriteFrontPageOrLog(const json& run, const Analysis* analysis,
                                 const std::string& aborted) {
  if (auto s = WriteFrontPage(run_dir_, run, analysis, analysis ? &history_ : nullptr, aborted);
      !s.ok()) {
    log_.Info(std::string(s.message()));
    return;
  }
  log_.Info(absl::StrCat("Front page: ", run_dir_, "/index.html"));
}

bool Runner::Prepare() {
  start_ns_ = loop_.NowNs();
  auto dir = CreateRunDir(o_.store_dir, o_.workload);
  if (!dir.ok()) {
    log_.Info(absl::StrCat("Cannot create the run's store directory: ", dir.status().message()));
    return false;
  }
  run_dir_ = *dir;
  if (!log_.OpenFile(run_dir_ + "/jepsen.log")) {
    log_.Info(absl::StrCat("Cannot write ", run_dir_, "/jepsen.log"));
    return false;
  }
  json run = RunJsonWithReplay(RunFacts{});
  (void)WriteTextFile(run_dir_ + "/run.json", run.dump(2) + "\n");
  log_.Info(absl::StrCat("Running ", o_.workload, " with seed ", o_.seed, " (repeat with --seed ",
                         o_.seed, "); store ", run_dir_));
  log_.Detail(absl::StrCat("Options: ", run.dump()));
  // The tap keeps the first bodies for messages.svg, then removes itself.
  auto sink = [this](const std::string& line) { log_.Detail(line); };
  TapMessageBodies(&net_, &loop_, &bodies_, o_.log_net_send ? Network::LogSink(sink) : nullptr,
                   o_.log_net_recv ? Network::LogSink(sink) : nullptr);
  return true;
}

std::unique_ptr<RpcClient> Runner::OpenClient() {
  return std::make_unique<RpcClient>(&net_, &loop_, absl::StrCat("c", next_client_++),
                                     &late_replies_);
}

void Runner::CloseClient(std::unique_ptr<RpcClient> client) {
  if (client) closed_clients_.insert(client->id());
}

bool Runner::CallEveryNode(const std::string& what,
                           const std::function<json(const std::string&)>& request,
                           const std::string& reply_type, int64_t timeout_ms) {
  std::vector<std::unique_ptr<RpcClient>> clients;
  int pending = static_cast<int>(nodes_.size());
  std::vector<std::string> failures;
  for (auto& node : nodes_) {
    clients.push_back(OpenClient());
    std::string id = node->id;
    clients.back()->Call(id, request(id), timeout_ms,
                         [&, id](std::optional<json> reply) {
                           --pending;
                           if (!reply) {
                             failures.push_back(absl::StrCat(
                                 "Expected node ", id, " to respond to ", what,
                                 " within ", timeout_ms, " ms, but it did not respond."));
                           } else if (!reply->is_object() || !reply->contains("type") ||
                                      (*reply)["type"] != reply_type) {
                             failures.push_back(absl::StrCat("Expected a ", reply_type,
                                                             " message from node ", id,
                                                             ", but got ", reply->dump()));
                           }
                         });
  }
  // A node that exits cannot answer: stop waiting for it at once.
  auto any_exited = [&] {
    for (const auto& node : nodes_) {
      if (node->exited) return true;
    }
    return false;
  };
  loop_.RunUntil([&] { return pending == 0 || any_exited() || interrupted_; },
                 loop_.NowNs() + (timeout_ms + 1000) * kNsPerMs);
  for (const auto& node : nodes_) {
    if (node->exited) {
      failures.push_back(absl::StrCat("Node ", node->id, " exited (", node->exit_status,
                                      ") before answering ", what, "."));
    }
  }
  for (auto& c : clients) CloseClient(std::move(c));
  for (const auto& f : failures) log_.Info(f);
  setup_failures_.insert(setup_failures_.end(), failures.begin(), failures.end());
  return failures.empty() && pending == 0;
}

bool Runner::InitNodes() {
  json ids = o_.nodes;
  bool ok = CallEveryNode(
      "an init message",
      [&](const std::string& id) {
        return json{{"type", "init"}, {"node_id", id}, {"node_ids", ids}};
      },
      "init_ok", kInitTimeoutMs);
  if (ok) log_.Info(absl::StrCat("All ", nodes_.size(), " nodes initialised"));
  return ok;
}

bool Runner::SetupWorkload() {
  // Maelstrom opens one client per node for setup whether or not the
  // workload has setup work; keep the client numbering the same.
  if (!workload_->SetupRequest(o_.nodes[0]).has_value()) {
    for (size_t i = 0; i < nodes_.size(); ++i) CloseClient(OpenClient());
    return true;
  }
  return CallEveryNode(
      "its setup (topology) message",
      [&](const std::string& id) { return *workload_->SetupRequest(id); },
      workload_->setup_reply_type(), kSetupTimeoutMs);
}

void Runner::OnNodeLine(Node& node, std::string_view line) {
  auto env = envelope_parser_.Parse(line);
  if (!env.ok()) {
    Violation(absl::StrCat("node ", node.id, " printed a malformed line to stdout (",
                           env.status().message(), "): ", Abbreviate(line)));
    return;
  }
  const std::string& dest = env->dest;
  auto sent = env->body_text.empty() ? net_.Send(env->src, dest, std::move(env->body))
                                     : net_.SendText(env->src, dest, std::move(env->body_text));
  if (sent.ok()) return;
  if (closed_clients_.contains(dest)) {
    ++late_replies_;
    log_.Detail(absl::StrCat("Dropped a late reply from ", node.id, " to closed client ", dest,
                             ": ", Abbreviate(line)));
    return;
  }
  Violation(absl::StrCat("node ", node.id, " sent a message the network refused (",
                         sent.status().message(), "): ", Abbreviate(line)));
}

void Runner::OnNodeExit(Node& node, const std::string& status) {
  node.exited = true;
  node.exit_status = status;
  // The history's clock starts with the main phase; before it, count from
  // the run's start so the time still means something.
  std::string when =
      phase_ == Phase::kSetup
          ? absl::StrFormat("during setup, %.3f s after the run started",
                            static_cast<double>(loop_.NowNs() - start_ns_) / kNsPerS)
          : absl::StrFormat("at %.3f s", static_cast<double>(Rel()) / kNsPerS);
  log_.Info(absl::StrCat("Node ", node.id, " exited (", status, ") ", when,
                         "; messages to it are lost from now on"));
}

void Runner::Violation(const std::string& text) {
  // The console gets the first few, the log and the results up to the
  // bound; a node printing garbage in a loop must not flood either.
  if (violations_.size() < kMaxConsoleViolations) {
    log_.Info(text);
  } else if (violations_.size() < kMaxViolations) {
    log_.Detail(text);
  }
  if (violations_.size() == kMaxConsoleViolations) {
    log_.Info("(further protocol violations are written to jepsen.log only)");
  }
  if (violations_.size() < kMaxViolations) {
    violations_.push_back(text);
  } else {
    ++violations_dropped_;
  }
}

bool Runner::AllIdle() const {
  for (const Worker& w : workers_) {
    if (w.busy) return false;
  }
  return true;
}

bool Runner::WaitAllIdle(int64_t max_ns) {
  return loop_.RunUntil([this] { return AllIdle() || interrupted_; }, loop_.NowNs() + max_ns);
}

void Runner::MainPhase() {
  for (int t = 0; t < o_.concurrency; ++t) {
    Worker w;
    w.thread = t;
    w.node = o_.nodes[static_cast<size_t>(t) % o_.nodes.size()];
    w.process = t;
    w.client = OpenClient();
    workers_.push_back(std::move(w));
  }
  // One schedule per kind, each alternating on its own (nemesis.h), in the
  // order the kinds were given.
  std::vector<std::unique_ptr<Fault>> faults;
  TargetPolicy policy{o_.nemesis_targets, [this]() -> std::optional<std::string> {
                        return GuessPrimary(net_.node_sends().Recent(loop_.NowNs()));
                      }};
  for (const std::string& kind : o_.nemesis) {
    if (kind == "partition") {
      faults.push_back(std::make_unique<PartitionFault>(&net_, o_.nodes, policy));
    } else if (kind == "kill") {
      faults.push_back(
          std::make_unique<ProcessFault>(ProcessFault::Kind::kKill, this, o_.nodes, policy));
    } else if (kind == "pause") {
      faults.push_back(
          std::make_unique<ProcessFault>(ProcessFault::Kind::kPause, this, o_.nodes, policy));
    } else if (kind == "clock") {
      faults.push_back(std::make_unique<ClockFault>(this, o_.nodes, policy));
    }
  }
  nemesis_ = std::make_unique<Nemesis>(
      &loop_, std::move(faults), o_.nemesis_interval_s, Rng::Derive(o_.seed, "nemesis"),
      [this](const std::string& f, const Fault::Step& s) { RecordNemesis(f, s); });
  nemesis_->StopAllQuietly();  // setup heals the network
  if (o_.sim_nemesis_steps) {
    nemesis_->KeepOnly([keep = *o_.sim_nemesis_steps](int64_t episode) {
      return std::binary_search(keep.begin(), keep.end(), episode);
    });
  }

  origin_ns_ = loop_.NowNs();
  net_.SetClockOrigin(origin_ns_);
  phase_ = Phase::kMain;
  log_.Info(absl::StrCat("Main phase: ", o_.time_limit_s, " s, rate ", o_.rate, "/s, ",
                         o_.concurrency, " workers",
                         nemesis_->enabled() ? absl::StrCat(", nemesis ", absl::StrJoin(o_.nemesis, ","))
                                             : ""));
  ProgressTick();
  nemesis_->Start();
  if (o_.rate > 0 && !workers_.empty()) {
    pacer_ = std::make_unique<Pacer>(
        &loop_, o_.rate, workers_.size(), Rng::Derive(o_.seed, "pacing"),
        [this](size_t i) { return workers_[i].busy; },
        [this](size_t i) {
          Worker& w = workers_[i];
          Invoke(w, workload_->NextOp(w.thread, w.process, gen_rng_));
        });
    pacer_->Start();
  }
  loop_.RunUntil([this] { return interrupted_; }, origin_ns_ + o_.time_limit_s * kNsPerS);

  phase_ = Phase::kDrain;
  if (pacer_) pacer_->Stop();
  nemesis_->StopSchedule();
  WaitAllIdle((workload_->timeout_ms() + 2000) * kNsPerMs);
}

void Runner::FinalPhase() {
  if (!workload_->has_final_phase() || interrupted_) return;
  phase_ = Phase::kFinal;
  if (nemesis_->enabled()) nemesis_->StopAll();
  log_.Info("Waiting for recovery...");
  loop_.RunUntil([this] { return interrupted_; }, loop_.NowNs() + kRecoveryNs);
  if (interrupted_) return;
  const int64_t limit_ms = workload_->final_phase_limit_ms();
  final_open_ = limit_ms > 0;
  for (Worker& w : workers_) {
    if (auto op = workload_->FinalOp(w.thread); op && !w.busy) Invoke(w, std::move(*op));
  }
  if (final_open_) {
    // Follow-up ops (NextFinalOp) run until every thread is done or the cap.
    loop_.RunUntil([this] { return (AllIdle() && final_pending_ == 0) || interrupted_; },
                   loop_.NowNs() + limit_ms * kNsPerMs);
    final_open_ = false;
  }
  WaitAllIdle((workload_->timeout_ms() + 2000) * kNsPerMs);
}

std::vector<std::string> Runner::Teardown() {
  phase_ = Phase::kDone;
  if (progress_timer_) loop_.Cancel(*progress_timer_);
  // Resumes paused nodes; killed ones stay down.
  if (nemesis_) nemesis_->StopAllQuietly();
  for (Worker& w : workers_) CloseClient(std::move(w.client));
  while (!restart_clients_.empty()) {
    auto c = std::move(restart_clients_.begin()->second);
    restart_clients_.erase(restart_clients_.begin());
    CloseClient(std::move(c));
  }
  std::vector<std::string> crashes;
  // Read what the nodes already printed before judging them.
  loop_.RunUntil([] { return false; }, loop_.NowNs() + 20 * kNsPerMs);
  for (auto& node : nodes_) {
    if (!node->running) {  // never started, or killed by the nemesis
      net_.Unregister(node->id);
      continue;
    }
    bool crashed = node->exited || node->host->Poll();
    if (crashed) {
      std::string status = node->exit_status.empty() ? node->host->exit_status() : node->exit_status;
      std::string msg = absl::StrCat("Node ", node->id, " crashed with ", status, ".");
      const std::vector<std::string> tail = node->host->stderr_tail();
      if (!tail.empty()) {
        absl::StrAppend(&msg, " Last lines of its stderr:");
        for (const auto& l : tail) absl::StrAppend(&msg, "\n    ", l);
      }
      crashes.push_back(msg);
    }
    net_.Unregister(node->id);
    StopNode(*node);
  }
  services_.reset();
  return crashes;
}

void Runner::Interrupt() {
  if (!interrupted_) log_.Info("Interrupted: stopping the run, killing the nodes.");
  interrupted_ = true;
}

int Runner::Finish(const std::vector<std::string>& crashes) {
  for (const auto& c : crashes) Violation(c);
  if (net_.journal_truncated()) {
    Violation(absl::StrCat("the network journal reached its bound of ", net_.journal().size(),
                           " events (", net_.stats().sent,
                           " messages were sent); net statistics cover only the beginning"));
  }
  RunFacts facts;
  facts.workload = o_.workload;
  facts.consistency_models = o_.consistency_models;
  facts.availability = o_.availability;
  facts.availability_total = o_.availability_total;
  facts.late_replies = late_replies_;
  facts.protocol_violations = violations_;
  if (violations_dropped_ > 0) {
    facts.protocol_violations.push_back(
        absl::StrCat("... and ", violations_dropped_, " more protocol violations"));
  }
  json run = RunJsonWithReplay(facts);
  // What a shrinker numbers (--sim-ops, --sim-nemesis-steps).
  run["schedule"] = {{"ops", ops_drawn_}, {"nemesis_episodes", nemesis_ ? nemesis_->episodes() : 0}};
  (void)WriteTextFile(run_dir_ + "/run.json", run.dump(2) + "\n");
  if (auto s = WriteHistory(run_dir_, history_); !s.ok()) log_.Info(std::string(s.message()));
  if (auto s = WriteJournal(run_dir_ + "/journal", net_.journal()); !s.ok()) {
    log_.Info(std::string(s.message()));
  }
  ReportsWritten reports = WriteRunReports(run_dir_, history_, net_.journal(), bodies_);
  if (!reports.status.ok()) {
    log_.Info(std::string(reports.status.message()));  // pictures never change the verdict
  }
  log_.Info(absl::StrCat("Analyzing ", history_.size(), " ops and ", net_.journal().size(),
                         " network events..."));
  Analysis analysis = Analyze(history_, net_.journal(), facts);
  if (facts_.simulated) {
    // A simulated run's results are a function of its seed: the checkers'
    // own wall times go to the log instead.
    analysis.results = WithoutKey(analysis.results, "check-time-ms", [this](const Value& v) {
      log_.Detail(absl::StrCat("Checker time: ", v.ToEdn(), " ms"));
    });
  }
  RecordPlots(reports.files, &analysis);
  if (analysis.valid != Validity::kTrue) {  // txn runs: each anomaly's cycle, drawn
    auto svgs = elle::WriteTxnCycleSvgs(run_dir_, history_, o_.workload, o_.consistency_models);
    if (!svgs.ok()) log_.Info(std::string(svgs.status().message()));
  }
  if (auto s = WriteResults(run_dir_, analysis); !s.ok()) log_.Info(std::string(s.message()));
  std::string aborted =
      interrupted_       ? "The run was interrupted; its verdict covers only what was recorded."
      : !crashes.empty() ? absl::StrCat("A node crashed during the run: ", crashes.front())
                         : "";
  WriteFrontPageOrLog(run, &analysis, aborted);
  (void)UpdateLatestLinks(o_.store_dir, o_.workload, run_dir_);
  if (late_replies_ > 0) {
    log_.Info(absl::StrCat(late_replies_, " late replies reached clients that had given up; they "
                           "were dropped. The real Maelstrom stops reading a node that replies to "
                           "a closed client."));
  }
  if ((analysis.valid != Validity::kTrue || !crashes.empty()) && !interrupted_) {
    log_.Info(absl::StrCat("Reproduce this run (same schedule and op stream; node timing may "
                           "differ): ", ReproduceCommand(o_, facts_.command)));
  }
  PrintVerdict(analysis, history_, run_dir_, log_);
  if (interrupted_) {
    log_.Info("The run was interrupted; its verdict covers only what was recorded.");
    return kAbortStatus;
  }
  if (!crashes.empty()) {
    log_.Info("Aborting: a node crashed during the run (Maelstrom aborts such runs, exit 255).");
    return kAbortStatus;
  }
  return ExitStatusFor(analysis.valid);
}

int Runner::Run() {
  workload_ = MakeWorkload(o_);
  HARNESS_CHECK(workload_ != nullptr);  // flags admit only known workloads
  if (!Prepare()) return kAbortStatus;
  if (facts_.watch_interrupts) facts_.watch_interrupts([this] { Interrupt(); });
  bool started = StartNodes() && InitNodes() && SetupWorkload();
  if (!started) {
    nemesis_.reset();
    std::vector<std::string> crashes = Teardown();
    for (const auto& c : crashes) log_.Info(c);
    setup_failures_.insert(setup_failures_.end(), crashes.begin(), crashes.end());
    // The page shows why, as the console did; a node per line, bounded.
    std::vector<std::string> why(
        setup_failures_.begin(),
        setup_failures_.begin() + static_cast<ptrdiff_t>(std::min<size_t>(
                                      setup_failures_.size(), kMaxConsoleViolations)));
    WriteFrontPageOrLog(RunJsonWithReplay(RunFacts{}), nullptr,
                        absl::StrCat("The run aborted during setup", why.empty() ? "." : ":\n",
                                     absl::StrJoin(why, "\n")));
    (void)UpdateLatestLinks(o_.store_dir, o_.workload, run_dir_);
    log_.Info(absl::StrCat("Aborting the run during setup; see ", run_dir_, "/jepsen.log and ",
                           run_dir_, "/node-logs/"));
    return kAbortStatus;
  }
  MainPhase();
  FinalPhase();
  std::vector<std::string> crashes = Teardown();
  return Finish(crashes);
}

}  // namespace run_internal

int RunWithHosts(const TestOptions& options, Loop& loop, NodeHostFactory hosts,
                 const HostFacts& facts) {
  if (options.workload == "lin-kv") {
    size_t group = 2 * options.nodes.size();
    if (options.concurrency % static_cast<int>(group) != 0) {
      std::printf(
          "lin-kv needs --concurrency to be a multiple of 2 x node count (%zu); got %d. Try "
          "--concurrency 2n.\n",
          group, options.concurrency);
      return run_internal::kAbortStatus;
    }
  }
  run_internal::Runner runner(options, loop, std::move(hosts), facts);
  return runner.Run();
}

}  // namespace harness
