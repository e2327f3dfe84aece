// Proves the reports never fail a run: into a good directory every file is
// written (and analyze redraws messages.svg with the stored bodies); into a
// missing one the failures come back as one Status naming the paths, with
// no exception.
#include "harness/store/reports.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "harness/store/store.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

TEST_CASE("reports: written beside the run, redrawn by analyze, errors returned") {
  fs::path dir = fs::temp_directory_path() / ("reports_test_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  Op invoke;
  invoke.type = OpType::kInvoke;
  invoke.f = "echo";
  Op ok = invoke;
  ok.type = OpType::kOk;
  ok.time_ns = 1'000'000;
  History h = {invoke, ok};
  Journal j = {{0, JournalEvent::Kind::kSend, 0, "c1", "n1"},
               {0, JournalEvent::Kind::kRecv, 0, "c1", "n1"}};
  MessageBodies bodies;
  bodies.Add(0, {"echo", R"({"type":"echo","echo":"hi"})"});

  REQUIRE(WriteRunReports(dir.string(), h, j, bodies).ok());
  for (const char* name : {"timeline.html", "messages.svg", "message-bodies.jsonl"}) {
    INFO(name);
    CHECK(fs::file_size(dir / name) > 0);
  }
  fs::remove(dir / "messages.svg");
  REQUIRE(RewriteStoredReports(dir.string(), h, j).ok());
  CHECK_THAT(*ReadTextFile((dir / "messages.svg").string()), Catch::Contains("&quot;hi&quot;"));

  absl::Status s = WriteRunReports((dir / "missing").string(), h, j, bodies);
  CHECK_FALSE(s.ok());
  CHECK_THAT(std::string(s.message()), Catch::Contains("missing/timeline.html"));
  CHECK_THAT(std::string(s.message()), Catch::Contains("missing/messages.svg"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace harness
