// Proves the store's round trips and names: the journal text form reads
// back to the same events (and a corrupt line is an error, not a crash),
// run.json carries the facts `harness analyze` needs, timestamps have
// Maelstrom's shape, run directories never collide, and the latest links
// point at the newest run.
#include "harness/store/store.h"

#include <catch2/catch.hpp>
#include <filesystem>

namespace harness {
namespace {

namespace fs = std::filesystem;

fs::path TempDir() {
  fs::path p = fs::temp_directory_path() / ("store_test_" + std::to_string(getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

TEST_CASE("journal round trip and corrupt lines") {
  fs::path dir = TempDir();
  Journal j = {{-5, JournalEvent::Kind::kSend, 0, "c0", "n1"},
               {7, JournalEvent::Kind::kRecv, 0, "c0", "n1"},
               {9, JournalEvent::Kind::kSend, 1, "n1", "lin-kv"}};
  std::string path = (dir / "journal").string();
  REQUIRE(WriteJournal(path, j).ok());
  auto back = ReadJournal(path);
  REQUIRE(back.ok());
  REQUIRE(back->size() == 3);
  CHECK((*back)[0].time_ns == -5);
  CHECK((*back)[1].kind == JournalEvent::Kind::kRecv);
  CHECK((*back)[2].dest == "lin-kv");
  REQUIRE(WriteTextFile(path, "12 send 3 n1\n").ok());
  CHECK(ReadJournal(path).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(ReadJournal((dir / "missing").string()).status().code() == absl::StatusCode::kNotFound);
  fs::remove_all(dir);
}

TEST_CASE("run.json keeps the facts the analysis needs") {
  TestOptions o;
  o.workload = "echo";
  o.availability = 0.5;
  RunFacts f;
  f.late_replies = 3;
  f.protocol_violations = {"node n1 printed a malformed line"};
  auto back = RunFactsFromJson(RunJson(o, f));
  REQUIRE(back.ok());
  CHECK(back->workload == "echo");
  CHECK(back->availability == 0.5);
  CHECK_FALSE(back->availability_total);
  CHECK(back->late_replies == 3);
  CHECK(back->protocol_violations == f.protocol_violations);
  CHECK_FALSE(RunFactsFromJson(nlohmann::json::object()).ok());
}

TEST_CASE("timestamps, distinct run directories and latest links") {
  CHECK(StoreTimestamp(0) == "19700101T000000.000+0000");
  CHECK(StoreTimestamp(1706702462345) == "20240131T120102.345+0000");
  fs::path root = TempDir();
  auto a = CreateRunDir(root.string(), "echo");
  auto b = CreateRunDir(root.string(), "echo");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(*a != *b);
  CHECK(fs::is_directory(fs::path(*a) / "node-logs"));
  REQUIRE(UpdateLatestLinks(root.string(), "echo", *b).ok());
  CHECK(fs::equivalent(root / "latest", *b));
  CHECK(fs::equivalent(root / "echo" / "latest", *b));
  fs::remove_all(root);
}

}  // namespace
}  // namespace harness
