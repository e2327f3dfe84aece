#include "harness/sim/sim_command.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "harness/cli/flags.h"
#include "harness/host/sim_host.h"
#include "harness/run/runner.h"
#include "harness/run/sim_loop.h"
#include "harness/sim/determinism.h"
#include "harness/sim/shrink.h"
#include "harness/sim/swarm.h"
#include "harness/store/store.h"
#include "harness/testdata/bench_programs.h"
#include "nodes/registry/node_programs.h"
#include "harness/sim/shrink_run.h"

namespace harness {
namespace {

using nodes::FindNodeProgram;
using nodes::NodeProgramNames;
using nodes::ProgramNameForBin;

constexpr int kBadArgs = 254;
constexpr int kNotDeterministic = 3;
constexpr double kDiskReadFaultProbability = 0.01;

struct SimFlags {
  std::string node;  // program name, from --node or --bin
  std::optional<std::pair<uint64_t, uint64_t>> seeds;
  bool swarm = false;
  bool disk_faults = false;
  bool check_determinism = false;
  bool shrink = false;
  int shrink_trials = 200;
  std::vector<std::string> test_args;  // for ParseTestFlags
  std::vector<std::string> replay_words;  // what a replay of one seed repeats
};

std::string SimUsage() {
  return "Usage: harness sim -w WORKLOAD (--node NAME | --bin PATH) [harness test flags]\n"
         "                   [--seed N | --seeds A..B] [--swarm] [--disk-faults]\n"
         "                   [--check-determinism] [--shrink [--shrink-trials K]] [-- node args]\n"
         "  --node NAME          the node program: " +
         absl::StrJoin(NodeProgramNames(), ", ") +
         "\n"
         "                       (--bin .../node-NAME selects the same program)\n"
         "  --seeds A..B         one run per seed, a line each, then a summary\n"
         "  --swarm              per seed, draw which faults are on and how hard\n"
         "  --disk-faults        tear unsynced writes on kill; corrupt 1% of reads\n"
         "  --check-determinism  run each seed twice; compare history, journal, results\n"
         "  --shrink             on a failing seed, drop nemesis steps and ops while it\n"
         "                       still fails; print the smallest schedule's command\n"
         "Every other flag is harness test's (harness test -h); all faults, the\n"
         "network's --net-loss/--net-duplicate/--net-reorder included.\n";
}

absl::StatusOr<std::pair<uint64_t, uint64_t>> ParseSeedRange(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, "..");
  uint64_t a = 0, b = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &a) || !absl::SimpleAtoi(parts[1], &b) ||
      a > b) {
    return absl::InvalidArgumentError(
        absl::StrCat("--seeds: expected A..B with A <= B, got \"", text, "\""));
  }
  return std::make_pair(a, b);
}

absl::StatusOr<SimFlags> ParseSimFlags(const std::vector<std::string>& args) {
  SimFlags f;
  bool bin_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* flag) -> absl::StatusOr<std::string> {
      if (i + 1 >= args.size()) return absl::InvalidArgumentError(absl::StrCat(flag, ": needs a value"));
      return args[++i];
    };
    if (a == "--") {  // node arguments: passed through untouched
      f.test_args.insert(f.test_args.end(), args.begin() + static_cast<ptrdiff_t>(i), args.end());
      f.replay_words.insert(f.replay_words.end(), args.begin() + static_cast<ptrdiff_t>(i), args.end());
      break;
    }
    if (a == "--node") {
      auto v = value("--node");
      if (!v.ok()) return v.status();
      f.node = *v;
      f.replay_words.insert(f.replay_words.end(), {a, *v});
    } else if (a == "--seeds") {
      auto v = value("--seeds");
      if (!v.ok()) return v.status();
      auto r = ParseSeedRange(*v);
      if (!r.ok()) return r.status();
      f.seeds = *r;
    } else if (a == "--swarm" || a == "--disk-faults") {
      (a == "--swarm" ? f.swarm : f.disk_faults) = true;
      f.replay_words.push_back(a);
    } else if (a == "--check-determinism") {
      f.check_determinism = true;
    } else if (a == "--shrink") {
      f.shrink = true;
    } else if (a == "--shrink-trials") {
      auto v = value("--shrink-trials");
      if (!v.ok()) return v.status();
      if (!absl::SimpleAtoi(*v, &f.shrink_trials) || f.shrink_trials < 1) {
        return absl::InvalidArgumentError("--shrink-trials: expected a positive integer");
      }
    } else if (a == "--seed") {
      auto v = value("--seed");
      if (!v.ok()) return v.status();
      f.test_args.insert(f.test_args.end(), {a, *v});
    } else {
      if (a == "--bin" || a.rfind("--bin=", 0) == 0) bin_given = true;
      f.test_args.push_back(a);
      f.replay_words.push_back(a);
    }
  }
  if (f.seeds && std::find(f.test_args.begin(), f.test_args.end(), "--seed") != f.test_args.end()) {
    return absl::InvalidArgumentError("give --seed N or --seeds A..B, not both");
  }
  if (f.node.empty() && !bin_given) {
    return absl::InvalidArgumentError("--node NAME (or --bin .../node-NAME) is required");
  }
  if (!f.node.empty() && FindNodeProgram(f.node) == nullptr &&
      bench::FindBenchSimNode(f.node, {}) == std::nullopt) {
    return absl::InvalidArgumentError(absl::StrCat("--node: no node program \"", f.node,
                                                   "\"; known: ", absl::StrJoin(NodeProgramNames(), ", ")));
  }
  if (!bin_given) {
    // harness test's parser wants a --bin; the simulator never executes it.
    auto dashdash = std::find(f.test_args.begin(), f.test_args.end(), "--");
    f.test_args.insert(dashdash, {"--bin", f.node.rfind("bench-", 0) == 0 ? f.node : absl::StrCat("node-", f.node)});
  }
  return f;
}

// The run directory the newest run wrote (store/latest).
std::string LatestRunDir(const TestOptions& o) {
  std::error_code ec;
  auto p = std::filesystem::canonical(std::filesystem::path(o.store_dir) / "latest", ec);
  return ec ? "" : p.string();
}

struct SimRun {
  int status = 0;
  double wall_s = 0;
  std::string dir;
};

// The in-process node `name` runs: a kit program ("raftkv", "node-raftkv",
// ".../node-raftkv") or one of the bench's test nodes ("bench-<stem>").
std::optional<SimProcessFactory> FindSimNode(const std::string& name, const std::vector<std::string>& args) {
  std::string base = ProgramNameForBin(name);
  if (base.rfind("bench-", 0) == 0) return bench::FindBenchSimNode(base, args);
  const runtime::ProgramSpec* program = FindNodeProgram(name);
  if (program == nullptr) return std::nullopt;
  return RuntimeSimProcess(program, args);
}

SimRun RunOnce(const TestOptions& o, const SimFlags& f, const SimProcessFactory& process) {
  SimLoop loop;
  SimHostOptions h;
  h.process = process;
  h.seed = o.seed;
  if (f.disk_faults) {
    h.torn_writes = true;
    h.read_fault_probability = kDiskReadFaultProbability;
  }
  HostFacts facts;
  facts.host = "sim";
  facts.simulated = true;
  facts.command = "sim";
  auto start = std::chrono::steady_clock::now();
  SimRun r;
  r.status = RunWithHosts(o, loop, MakeSimHostFactory(&loop, h), facts);
  if (!loop.livelock().empty()) {
    // Virtual time stopped moving: the run's verdict covers a cut-short run.
    std::printf("seed %llu: the simulation livelocked: %s\n",
                static_cast<unsigned long long>(o.seed), loop.livelock().c_str());
    r.status = 255;
  }
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.dir = LatestRunDir(o);
  return r;
}

// How many ops and nemesis episodes a stored run drew (run.json).
std::pair<int64_t, int64_t> ScheduleSize(const std::string& dir) {
  auto text = ReadTextFile(dir + "/run.json");
  if (!text.ok()) return {0, 0};
  nlohmann::json run = nlohmann::json::parse(*text, nullptr, false);
  if (!run.is_object() || !run.contains("schedule")) return {0, 0};
  return {run["schedule"].value("ops", int64_t{0}), run["schedule"].value("nemesis_episodes", int64_t{0})};
}

// The checkers that judged a stored run invalid ("workload", "stats"...),
// from results.json: a sweep tells a safety failure from a liveness one.
std::string InvalidCheckers(const std::string& dir) {
  auto text = ReadTextFile(dir + "/results.json");
  if (!text.ok()) return "";
  nlohmann::json results = nlohmann::json::parse(*text, nullptr, false);
  if (!results.is_object()) return "";
  std::vector<std::string> names;
  for (const auto& [name, r] : results.items()) {
    if (r.is_object() && r.contains("valid?") && r["valid?"] != true) names.push_back(name);
  }
  return absl::StrJoin(names, ", ");
}

const char* StatusWord(int status) {
  switch (status) {
    case 0: return "valid";
    case 1: return "INVALID";
    case 2: return "unknown";
    case kNotDeterministic: return "NOT DETERMINISTIC";
    default: return "aborted";
  }
}

// Worse statuses win: aborted > not deterministic > invalid > unknown > valid.
int Worse(int a, int b) {
  auto rank = [](int s) { return s == 0 ? 0 : s == 2 ? 1 : s == 1 ? 2 : s == kNotDeterministic ? 3 : 4; };
  return rank(b) > rank(a) ? b : a;
}

// The smallest schedule's lists (--sim-ops, --sim-nemesis-steps) into `o`.
bool ParseShrinkFlagsInto(const std::vector<std::string>& flags, TestOptions* o) {
  for (size_t i = 0; i + 1 < flags.size(); i += 2) {
    auto list = ParseIndexList(flags[i + 1]);
    if (!list.ok()) return false;
    (flags[i] == "--sim-ops" ? o->sim_ops : o->sim_nemesis_steps) = *list;
  }
  return true;
}

// The invocations and nemesis steps of a stored run, `max_lines` at most.
std::string ScheduleText(const std::string& dir, size_t max_lines) {
  auto text = ReadTextFile(dir + "/history.txt");
  if (!text.ok()) return "";
  std::string out;
  size_t lines = 0, skipped = 0;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    bool nemesis = absl::StartsWith(line, ":nemesis");
    if (!nemesis && line.find(":invoke") == absl::string_view::npos) continue;
    if (lines++ >= max_lines) {
      ++skipped;
      continue;
    }
    absl::StrAppend(&out, "    ", line, "\n");
  }
  if (skipped > 0) absl::StrAppend(&out, "    ... and ", skipped, " more\n");
  return out;
}

std::string ReplayCommand(const SimFlags& f, uint64_t seed, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> words = f.replay_words;
  auto dashdash = std::find(words.begin(), words.end(), "--");
  dashdash = words.insert(dashdash, {"--seed", absl::StrCat(seed)}) + 2;
  words.insert(dashdash, extra.begin(), extra.end());
  return absl::StrCat("harness sim ", absl::StrJoin(words, " "));
}

}  // namespace

int RunSimCommand(const std::vector<std::string>& args) {
  for (const std::string& a : args) {
    if (a == "-h" || a == "--help") {
      std::fputs(SimUsage().c_str(), stdout);
      return 0;
    }
    if (a == "--") break;
  }
  auto flags = ParseSimFlags(args);
  if (!flags.ok()) {
    std::fprintf(stderr, "harness sim: %s\n\n%s", std::string(flags.status().message()).c_str(),
                 SimUsage().c_str());
    return kBadArgs;
  }
  auto options = ParseTestFlags(flags->test_args);
  if (!options.ok()) {
    std::fprintf(stderr, "harness sim: %s\n\n%s", std::string(options.status().message()).c_str(),
                 SimUsage().c_str());
    return kBadArgs;
  }
  if (flags->node.empty()) flags->node = ProgramNameForBin(options->bin);
  std::optional<SimProcessFactory> program = FindSimNode(flags->node, options->node_args);
  if (!program) {
    std::vector<std::string> known = NodeProgramNames();
    for (const std::string& b : bench::BenchSimNodeNames()) known.push_back(b);
    std::fprintf(stderr, "harness sim: %s names no node the simulator can host; known: %s\n",
                 flags->node.c_str(), absl::StrJoin(known, ", ").c_str());
    return kBadArgs;
  }
  options->command_words = flags->replay_words;
  std::vector<uint64_t> seeds;
  if (flags->seeds) {
    for (uint64_t s = flags->seeds->first;; ++s) {
      seeds.push_back(s);
      if (s == flags->seeds->second) break;
    }
  } else {
    seeds.push_back(options->seed);
  }
  const bool sweep = seeds.size() > 1;
  int overall = 0;
  int64_t counts[5] = {0, 0, 0, 0, 0};  // valid, invalid, unknown, not deterministic, aborted
  std::vector<uint64_t> failing;
  double wall_total = 0;
  auto sweep_start = std::chrono::steady_clock::now();
  for (uint64_t seed : seeds) {
    TestOptions run = *options;
    run.seed = seed;
    run.seed_given = true;
    run.quiet_console = sweep;
    std::string swarm_text;
    if (flags->swarm) {
      SwarmConfig config = DrawSwarm(*options, seed);
      ApplySwarm(config, &run);
      swarm_text = Describe(config);
    }
    SimRun first = RunOnce(run, *flags, *program);
    wall_total += first.wall_s;
    int status = first.status;
    std::string note;
    if (flags->check_determinism && (status == 0 || status == 1 || status == 2)) {
      SimRun second = RunOnce(run, *flags, *program);
      wall_total += second.wall_s;
      DeterminismReport d = CompareRunDirs(first.dir, second.dir);
      if (!d.identical) {
        status = kNotDeterministic;
        note = absl::StrCat(" (", d.difference, ")");
      } else {
        note = absl::StrCat(" (deterministic: ", d.compared, " identical)");
      }
    }
    counts[status == 0 ? 0 : status == 1 ? 1 : status == 2 ? 2 : status == kNotDeterministic ? 3 : 4]++;
    if (status != 0) failing.push_back(seed);
    overall = Worse(overall, status);
    std::string checkers = status == 1 || status == 2 ? InvalidCheckers(first.dir) : "";
    std::printf("seed %llu: %s%s in %.2f s%s%s%s\n", static_cast<unsigned long long>(seed),
                StatusWord(status), checkers.empty() ? "" : absl::StrCat(" (", checkers, ")").c_str(),
                first.wall_s, swarm_text.empty() ? "" : " [",
                swarm_text.c_str(), swarm_text.empty() ? "" : "]");
    if (!note.empty()) std::printf("  %s\n", note.c_str() + 1);
    if (status != 0) {
      std::printf("  store %s\n  replay: %s\n", first.dir.c_str(),
                  ReplayCommand(*flags, seed).c_str());
    }
    std::fflush(stdout);
    if (flags->shrink && (status == 1 || status == 2) && failing.size() == 1) {
      auto [ops, episodes] = ScheduleSize(first.dir);
      auto signature = [](const SimRun& r) { return absl::StrCat(r.status, " ", InvalidCheckers(r.dir)); };
      ShrinkOutcome s = ShrinkFailingRun(
          run, signature(first), ops, episodes, flags->shrink_trials,
          [&](const TestOptions& o) { return signature(RunOnce(o, *flags, *program)); });
      std::printf("%s", s.report.c_str());
      if (!s.flags.empty()) {
        TestOptions smallest = run;
        smallest.quiet_console = true;
        (void)ParseShrinkFlagsInto(s.flags, &smallest);
        SimRun last = RunOnce(smallest, *flags, *program);
        std::printf("  the smallest schedule (%s; store %s):\n%s", signature(last).c_str(),
                    last.dir.c_str(), ScheduleText(last.dir, 40).c_str());
        std::printf("  replay it: %s\n", ReplayCommand(*flags, seed, s.flags).c_str());
      }
    }
  }
  if (sweep) {
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - sweep_start).count();
    std::printf("%zu seeds in %.1f s wall (%.3f s per run): %lld valid, %lld invalid, %lld unknown, "
                "%lld not deterministic, %lld aborted\n",
                seeds.size(), wall, wall_total / static_cast<double>(seeds.size()),
                static_cast<long long>(counts[0]), static_cast<long long>(counts[1]),
                static_cast<long long>(counts[2]), static_cast<long long>(counts[3]),
                static_cast<long long>(counts[4]));
    if (!failing.empty()) {
      std::vector<std::string> shown;
      for (size_t i = 0; i < failing.size() && i < 20; ++i) shown.push_back(absl::StrCat(failing[i]));
      std::printf("failing seeds: %s%s\n", absl::StrJoin(shown, " ").c_str(),
                  failing.size() > 20 ? " ..." : "");
    }
  }
  return overall;
}

}  // namespace harness
