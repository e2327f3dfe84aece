// Proves the reports never fail a run: into a good directory every file is
// written and named (and analyze redraws messages.svg with the stored
// bodies); into a missing one the failures come back as one Status naming
// the paths, with no exception. And proves :perf names the plots written,
// and only those.
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

  ReportsWritten written = WriteRunReports(dir.string(), h, j, bodies);
  REQUIRE(written.status.ok());
  const std::vector<std::string> all = {"message-bodies.jsonl", "latency-raw.svg", "rate.svg",
                                        "timeline.html", "messages.svg"};
  CHECK(written.files == all);
  for (const std::string& name : all) {
    INFO(name);
    CHECK(fs::file_size(dir / name) > 0);
  }
  fs::remove(dir / "messages.svg");
  written = RewriteStoredReports(dir.string(), h, j);
  REQUIRE(written.status.ok());
  CHECK(written.files == std::vector<std::string>(all.begin() + 1, all.end()));
  CHECK_THAT(*ReadTextFile((dir / "messages.svg").string()), Catch::Contains("&quot;hi&quot;"));

  written = WriteRunReports((dir / "missing").string(), h, j, bodies);
  CHECK(written.files.empty());
  absl::Status s = written.status;
  CHECK_FALSE(s.ok());
  CHECK_THAT(std::string(s.message()), Catch::Contains("missing/timeline.html"));
  CHECK_THAT(std::string(s.message()), Catch::Contains("missing/messages.svg"));
  fs::remove_all(dir);
}

TEST_CASE("reports: :perf names the plots written") {
  Analysis a;
  a.results = Value::Map({{Value::Keyword("perf"), Value::Keyword("placeholder")},
                          {Value::Keyword("valid?"), Value::Bool(true)}});
  RecordPlots({"rate.svg", "timeline.html"}, &a);
  CHECK(a.results.ToEdn() ==
        "{:perf {:latency-graph {:valid? true, :error \"latency-raw.svg not written\"}, "
        ":rate-graph {:valid? true, :file \"rate.svg\"}, :valid? true}, :valid? true}");
  Analysis empty;  // a results map without :perf gets one, first
  empty.results = Value::Map({{Value::Keyword("valid?"), Value::Bool(true)}});
  RecordPlots({"latency-raw.svg", "rate.svg"}, &empty);
  REQUIRE(empty.results.map_size() == 2);
  CHECK(empty.results.map_key(0) == Value::Keyword("perf"));
  CHECK(empty.results.FindKeyword("perf")->FindKeyword("latency-graph")->FindKeyword("file")
            ->as_string() == "latency-raw.svg");
}

}  // namespace
}  // namespace harness
