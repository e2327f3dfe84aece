// kafka_check_bench RUN_DIR: times the kafka checker alone on a stored run
// (history.edn read first, untimed), and prints the process's peak RSS.
// Not a test: figures depend on the machine (see run_benchmarks.sh).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "harness/checkers/kafka_checker.h"
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
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto ms = [](auto a, auto b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
  };
  std::printf("%zu ops: history.edn read in %.0f ms; kafka check %.0f ms (valid? %s); peak RSS %ld MiB\n",
              history->size(), ms(read_start, read_end), ms(start, end),
              harness::ValidityValue(r.valid).ToEdn().c_str(), usage.ru_maxrss / 1024);
  return 0;
}
