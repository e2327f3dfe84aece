// lincheck_bench: times the checker on every shared linearizability history
// (etcd with the cas-register model, kv with the kv model) and prints the
// total and the slowest files. Not a test: verdicts are checked by
// linearizability_shared_data_test; a wrong verdict here is still reported.
//
//   lincheck_bench [DATA_DIR] [REPEATS]   (defaults: the shared data, 5)
// Each file is parsed once and checked REPEATS times; its time is the best
// repeat (the machine is shared, the best is the least disturbed).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/linearizability/checker.h"
#include "harness/linearizability/history_files.h"

namespace {

struct Timing {
  std::string file;
  double best_ms = 0;
  bool right = false;
};

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const fs::path data = argc > 1 ? fs::path(argv[1]) : fs::path(KIT_SHARED_DATA_DIR) / "linearizability";
  const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::vector<Timing> timings;
  for (const auto& [sub, model] : {std::pair{"etcd", harness::lin::ModelKind::kCasRegister},
                                   std::pair{"kv", harness::lin::ModelKind::kKv}}) {
    std::ifstream expected(data / sub / "expected.txt");
    if (!expected) {
      std::fprintf(stderr, "lincheck_bench: no %s\n", (data / sub / "expected.txt").c_str());
      return 2;
    }
    std::string file, verdict;
    while (expected >> file >> verdict) {
      auto parsed = harness::lin::LoadHistoryFile((data / sub / file).string());
      if (!parsed.ok()) {
        std::fprintf(stderr, "lincheck_bench: %s\n", std::string(parsed.status().message()).c_str());
        return 2;
      }
      harness::lin::CheckOptions options;
      options.model = model;
      Timing t{std::string(sub) + "/" + file, 1e18, false};
      for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        const harness::CheckResult result = harness::lin::CheckHistory(parsed->history, options);
        const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
        t.best_ms = std::min(t.best_ms, took.count());
        t.right = (result.valid == harness::Validity::kTrue) == (verdict == "linearizable") &&
                  result.valid != harness::Validity::kUnknown;
      }
      timings.push_back(t);
    }
  }
  double total_ms = 0;
  int wrong = 0;
  for (const Timing& t : timings) {
    total_ms += t.best_ms;
    if (!t.right) {
      ++wrong;
      std::printf("WRONG verdict: %s\n", t.file.c_str());
    }
  }
  std::sort(timings.begin(), timings.end(),
            [](const Timing& a, const Timing& b) { return a.best_ms > b.best_ms; });
  std::printf("%zu histories, %d wrong, total %.2f ms (best of %d per file)\n", timings.size(),
              wrong, total_ms, repeats);
  for (size_t i = 0; i < timings.size() && i < 5; ++i) {
    std::printf("  slowest %zu: %-20s %8.3f ms\n", i + 1, timings[i].file.c_str(), timings[i].best_ms);
  }
  return wrong == 0 ? 0 : 1;
}
