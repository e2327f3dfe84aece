// harness: a Maelstrom-compatible test bench.
//
//   harness test -w WORKLOAD --bin NODE [flags] [node args]   run a test
//   harness analyze [RUN_DIR]                                re-check a stored run, rewrite
//                                                            its results, plots, index.html
//   harness check ...                                        linearizability checker
//
// Exit status as Maelstrom's: 0 valid, 1 invalid, 2 unknown, 254 bad
// arguments, 255 aborted run.
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "harness/checkers/analysis.h"
#include "harness/elle/cycle_svg.h"
#include "harness/cli/flags.h"
#include "harness/linearizability/check_command.h"
#include "harness/run/run_log.h"
#include "harness/run/runner.h"
#include "harness/sim/sim_command.h"
#include "harness/run/verdict.h"
#include "harness/store/front_page.h"
#include "harness/store/reports.h"
#include "harness/store/store.h"

namespace harness {
namespace {

constexpr int kBadArgs = 254;

int Usage() {
  std::fputs(
      "Usage: harness test|sim|analyze|check ...\n"
      "  harness test -w WORKLOAD --bin NODE [flags] [node args]   (harness test -h)\n"
      "  harness sim -w WORKLOAD --node NAME [flags] [--seeds A..B] in-process, virtual time\n"
      "                                                            (harness sim -h)\n"
      "  harness analyze [RUN_DIR]     re-check a stored run (default store/latest)\n"
      "  harness check [flags] FILE... linearizability checker\n",
      stderr);
  return kBadArgs;
}

int Test(const std::vector<std::string>& args) {
  auto options = ParseTestFlags(args);
  if (!options.ok()) {
    if (options.status().code() == absl::StatusCode::kNotFound) {
      std::fputs(TestUsage().c_str(), stdout);
      return 0;
    }
    std::fprintf(stderr, "harness test: %s\n\n%s", std::string(options.status().message()).c_str(),
                 TestUsage().c_str());
    return kBadArgs;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--seed" || a == "--test-count") {
      ++i;  // and its value
    } else if (a.rfind("--seed=", 0) != 0 && a.rfind("--test-count=", 0) != 0) {
      options->command_words.push_back(a);
    }
  }
  int status = 0;
  for (int i = 0; i < options->test_count; ++i) {
    TestOptions run = *options;
    // Later repetitions get fresh seeds derived from the first, so a
    // repeated test explores new schedules yet stays reproducible.
    if (i > 0) run.seed = options->seed + static_cast<uint64_t>(i);
    status = RunTest(run);
    if (status != 0) break;
  }
  return status;
}

int AnalyzeStored(const std::vector<std::string>& args) {
  if (args.size() > 1) return Usage();
  std::string dir = args.empty() ? "store/latest" : args[0];
  auto run_text = ReadTextFile(dir + "/run.json");
  auto history_text = ReadTextFile(dir + "/history.edn");
  auto journal = ReadJournal(dir + "/journal");
  for (const absl::Status& s : {run_text.status(), history_text.status(), journal.status()}) {
    if (!s.ok()) {
      std::fprintf(stderr, "harness analyze: %s\n", std::string(s.message()).c_str());
      return kBadArgs;
    }
  }
  nlohmann::json run = nlohmann::json::parse(*run_text, nullptr, false);
  auto facts = RunFactsFromJson(run);
  auto history = HistoryFromEdn(*history_text);
  if (!facts.ok() || !history.ok()) {
    std::fprintf(stderr, "harness analyze: %s\n",
                 std::string(!facts.ok() ? facts.status().message() : history.status().message())
                     .c_str());
    return kBadArgs;
  }
  Analysis analysis = Analyze(*history, *journal, *facts);
  // Results, plots and the front page are rewritten together, so index.html
  // always shows the verdict results.edn holds.
  ReportsWritten reports = RewriteStoredReports(dir, *history, *journal);
  RecordPlots(reports.files, &analysis);
  // WriteResults moves lin-kv's pictures out of the results into files,
  // so the page, which lists files, comes after it.
  if (analysis.valid != Validity::kTrue) {  // txn runs: redraw each anomaly's cycle
    auto svgs = elle::WriteTxnCycleSvgs(dir, *history, facts->workload, facts->consistency_models);
    if (!svgs.ok()) {
      std::fprintf(stderr, "harness analyze: %s\n", std::string(svgs.status().message()).c_str());
    }
  }
  absl::Status results = WriteResults(dir, analysis);
  absl::Status page = WriteFrontPage(dir, run, &analysis, &*history, "");
  for (const absl::Status& s : {reports.status, results, page}) {
    if (!s.ok()) std::fprintf(stderr, "harness analyze: %s\n", std::string(s.message()).c_str());
  }
  RunLog log;
  if (page.ok()) log.Info(absl::StrCat("Front page: ", dir, "/index.html"));
  PrintVerdict(analysis, *history, dir, log);
  return ExitStatusFor(analysis.valid);
}

}  // namespace
}  // namespace harness

int main(int argc, char** argv) {
  // A node that dies while we write to it must not kill the harness: the
  // write fails with EPIPE instead and the node is reported.
  signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return harness::Usage();
  std::string command = args[0];
  args.erase(args.begin());
  if (command == "test") return harness::Test(args);
  if (command == "sim") return harness::RunSimCommand(args);
  if (command == "analyze") return harness::AnalyzeStored(args);
  if (command == "check") return harness::RunCheckCommand(args);
  if (command == "-h" || command == "--help") {
    harness::Usage();
    return 0;
  }
  std::fprintf(stderr, "harness: unknown command \"%s\"\n", command.c_str());
  return harness::Usage();
}
