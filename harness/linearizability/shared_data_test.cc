// Proves every verdict on the shared Jepsen/Porcupine histories
// (../shared/data/linearizability, next to the checkout in CI) is right,
// with nil reads both passing (Knossos) and strict (Porcupine): histories no
// one here wrote, whose verdicts are known. Where the data folder is absent
// (a user's clone) the test exits 77, which CTest reports as skipped
// (SKIP_RETURN_CODE): never a pass, never a failure. The folder comes from
// the environment (KIT_SHARED_DATA_DIR, set by CTest) or, run by hand, from
// the path CMake computed.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "harness/linearizability/checker.h"
#include "harness/linearizability/history_files.h"

namespace harness::lin {
namespace {

constexpr int kSkipped = 77;

std::filesystem::path DataDir() {
  const char* env = std::getenv("KIT_SHARED_DATA_DIR");
  return std::filesystem::path(env != nullptr && *env != '\0' ? env : KIT_SHARED_DATA_DIR) /
         "linearizability";
}

const std::filesystem::path kData = DataDir();

struct Expected {
  std::string file;
  std::string verdict;  // "linearizable" or "not-linearizable"
};

std::vector<Expected> ReadExpected(const std::filesystem::path& dir) {
  std::vector<Expected> out;
  std::ifstream in(dir / "expected.txt");
  Expected e;
  while (in >> e.file >> e.verdict) out.push_back(e);
  return out;
}

void CheckAll(const std::string& subdir, ModelKind model, size_t minimum_files) {
  const auto dir = kData / subdir;
  INFO("data directory " << dir.string());
  REQUIRE(std::filesystem::is_directory(dir));
  const std::vector<Expected> expected = ReadExpected(dir);
  REQUIRE(expected.size() >= minimum_files);
  for (bool nil_read_passes : {true, false}) {
    for (const Expected& e : expected) {
      INFO(e.file << " nil_read_passes=" << nil_read_passes);
      absl::StatusOr<ParsedHistory> parsed = LoadHistoryFile((dir / e.file).string());
      REQUIRE(parsed.ok());
      CHECK(!parsed->error);
      CHECK(parsed->skipped_lines == 0);
      CheckOptions options;
      options.model = model;
      options.nil_read_passes = nil_read_passes;
      const CheckResult result = CheckHistory(parsed->history, options);
      const Validity want = e.verdict == "linearizable" ? Validity::kTrue : Validity::kFalse;
      CHECK(result.valid == want);
      if (want == Validity::kFalse) CHECK(!result.anomalies.empty());
    }
  }
}

TEST_CASE("etcd histories: every verdict matches expected.txt", "[data]") {
  CheckAll("etcd", ModelKind::kCasRegister, 50);
}

TEST_CASE("kv histories: every verdict matches expected.txt", "[data]") {
  CheckAll("kv", ModelKind::kKv, 4);
}

}  // namespace
}  // namespace harness::lin

int main(int argc, char** argv) {
  if (!std::filesystem::is_directory(harness::lin::kData)) {
    std::printf("skipped: no shared data at %s\n", harness::lin::kData.c_str());
    return harness::lin::kSkipped;
  }
  return Catch::Session().run(argc, argv);
}
