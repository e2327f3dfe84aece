// Proves ids are unique within a run and across restarts of the same node id
// (the epoch file grows), that the node answers alone (no messages to
// others), and that an unusable epoch file still leaves the node available.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "nodes/uniqueid/epoch_file.h"
#include "nodes/uniqueid/uniqueid.h"
#include "runtime/test_support.h"

namespace uniqueid {
namespace {

using runtime::Json;

std::string TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "uniqueid-test-XXXXXX").string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  return tmpl;
}

// Each call is one boot of node `id`; `seed` stands for the fresh random seed
// a real process gets.
std::vector<std::string> Generate(const std::string& dir, const std::string& id, int count, uint64_t seed = 1) {
  runtime::TestNode t(seed);
  UniqueIdNode node(t.node, dir);
  t.Init(id, {"n0", "n1", "n2"});
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) {
    t.Deliver("c1", Json{{"type", "generate"}, {"msg_id", i + 1}});
    auto sent = t.Sent();
    REQUIRE(sent.size() == 1);  // the reply only: no coordination
    REQUIRE(sent[0].dest == "c1");
    ids.push_back(sent[0].body.at("id").get<std::string>());
  }
  return ids;
}

TEST_CASE("Ids are unique across nodes and across restarts of one node id") {
  std::string dir = TempDir();
  std::set<std::string> seen;
  size_t total = 0;
  for (const char* id : {"n0", "n1", "n0", "n0", "n2"}) {  // n0 "restarts" twice
    for (const std::string& x : Generate(dir, id, 100)) {
      seen.insert(x);
      ++total;
    }
  }
  CHECK(seen.size() == total);
  CHECK(seen.count("n0.3.0") == 1);  // third boot of n0
  std::filesystem::remove_all(dir);
}

TEST_CASE("BumpEpoch counts boots and refuses a corrupt file without touching it") {
  std::string dir = TempDir();
  std::string path = dir + "/e";
  CHECK(*BumpEpoch(path) == 1);
  CHECK(*BumpEpoch(path) == 2);
  std::ofstream(path) << "garbage";
  auto r = BumpEpoch(path);
  CHECK_FALSE(r.ok());
  std::ifstream in(path);
  std::string content;
  in >> content;
  CHECK(content == "garbage");
  std::filesystem::remove_all(dir);
}

TEST_CASE("An unwritable state directory still yields unique ids") {
  auto a = Generate("/nonexistent-dir-for-test", "n0", 10, /*seed=*/1);
  auto b = Generate("/nonexistent-dir-for-test", "n0", 10, /*seed=*/2);
  std::set<std::string> all(a.begin(), a.end());
  all.insert(b.begin(), b.end());
  CHECK(all.size() == 20);
}

}  // namespace
}  // namespace uniqueid
