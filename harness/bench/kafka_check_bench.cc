// kafka_check_bench RUN_DIR: on a stored kafka run, times reading
// history.edn, the kafka checker alone, every checker (Analyze, with the
// run's journal) and the kafka store files (consume-counts.edn, unseen.svg,
// written to a temporary directory), and prints the process's peak RSS.
// Not a test: figures depend on the machine (see run_benchmarks.sh).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "harness/checkers/analysis.h"
#include "harness/checkers/kafka_checker.h"
#include "harness/store/kafka_files.h"
#include "harness/history/op.h"
#include "harness/store/store.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: kafka_check_bench RUN_DIR\n");
    return 2;
  }
  auto text = harness::ReadTextFile(std::string(argv[1]) + "/history.edn");
  if (!text.ok()) {
    std::fprintf(stderr, "%s\n", std::string(text.status().message()).c_str());
    return 2;
  }
  auto read_start = std::chrono::steady_clock::now();
  auto history = harness::HistoryFromEdn(*text);
  auto read_end = std::chrono::steady_clock::now();
  if (!history.ok()) {
    std::fprintf(stderr, "%s\n", std::string(history.status().message()).c_str());
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  harness::CheckResult r = harness::CheckKafka(*history);
  auto end = std::chrono::steady_clock::now();
  auto journal = harness::ReadJournal(std::string(argv[1]) + "/journal");
  harness::RunFacts facts;
  facts.workload = "kafka";
  auto all_start = std::chrono::steady_clock::now();
  harness::Analysis analysis = harness::Analyze(*history, journal.ok() ? *journal : harness::Journal{}, facts);
  auto all_end = std::chrono::steady_clock::now();
  char dir[] = "/tmp/kafka_check_bench_XXXXXX";
  auto files_start = std::chrono::steady_clock::now();
  if (mkdtemp(dir) != nullptr) (void)harness::WriteKafkaFiles(dir, *history);
  auto files_end = std::chrono::steady_clock::now();
  std::remove((std::string(dir) + "/consume-counts.edn").c_str());
  std::remove((std::string(dir) + "/unseen.svg").c_str());
  std::remove(dir);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto ms = [](auto a, auto b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
  };
  std::printf(
      "%zu history entries: history.edn read %.0f ms; kafka check %.0f ms (valid? %s); all "
      "checkers %.0f ms; kafka files %.0f ms; peak RSS %ld MiB\n",
      history->size(), ms(read_start, read_end), ms(start, end),
      harness::ValidityValue(r.valid).ToEdn().c_str(), ms(all_start, all_end),
      ms(files_start, files_end), usage.ru_maxrss / 1024);
  return 0;
}
