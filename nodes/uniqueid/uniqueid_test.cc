// Proves ids are unique within a run and across restarts of the same node id
// (the epoch file grows), that the node answers alone (no messages to
// others), and that an unusable epoch file still leaves the node available;
// on real files and on a MemDisk. Under transient read faults the epoch
// never repeats: BumpEpoch counts on, or fails (and the node falls back to
// a random epoch).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>

#include "nodes/uniqueid/epoch_file.h"
#include "nodes/uniqueid/uniqueid.h"
#include "absl/strings/str_format.h"
#include "runtime/crc32.h"
#include "runtime/mem_disk.h"
#include "runtime/test_disk.h"
#include "runtime/test_support.h"

namespace uniqueid {
namespace {

using runtime::Json;

// Each call is one boot of node `id`; `seed` stands for the fresh random seed
// a real process gets.
std::vector<std::string> Generate(runtime::Disk& disk, const std::string& dir, const std::string& id, int count,
                                  uint64_t seed = 1) {
  runtime::TestNode t(seed);
  UniqueIdNode node(t.node, disk, dir);
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

using runtime::TestDisk;

TEST_CASE("Ids are unique across nodes and across restarts of one node id") {
  for (bool posix : {true, false}) {
    DYNAMIC_SECTION((posix ? "PosixDisk" : "MemDisk")) {
      TestDisk td(posix, "uniqueid-test");
      std::set<std::string> seen;
      size_t total = 0;
      for (const char* id : {"n0", "n1", "n0", "n0", "n2"}) {  // n0 "restarts" twice
        for (const std::string& x : Generate(*td.disk, td.dir, id, 100)) {
          seen.insert(x);
          ++total;
        }
      }
      CHECK(seen.size() == total);
      CHECK(seen.count("n0.3.0") == 1);  // third boot of n0
    }
  }
}

TEST_CASE("BumpEpoch counts boots and refuses a corrupt file without touching it") {
  for (bool posix : {true, false}) {
    DYNAMIC_SECTION((posix ? "PosixDisk" : "MemDisk")) {
      TestDisk td(posix, "uniqueid-test");
      std::string path = td.dir + "/e";
      CHECK(*BumpEpoch(*td.disk, path) == 1);
      CHECK(*BumpEpoch(*td.disk, path) == 2);
      REQUIRE(td.disk->Truncate(path, 0).ok());
      REQUIRE(td.disk->Append(path, "garbage").ok());
      auto r = BumpEpoch(*td.disk, path);
      CHECK_FALSE(r.ok());
      CHECK(*td.disk->ReadAt(path, 0, 100) == "garbage");
      // A file from before the checksum counts on, and is rewritten with one.
      REQUIRE(td.disk->Truncate(path, 0).ok());
      REQUIRE(td.disk->Append(path, "7\n").ok());
      CHECK(*BumpEpoch(*td.disk, path) == 8);
      CHECK(*td.disk->ReadAt(path, 0, 100) == "8 " + absl::StrFormat("%08x", runtime::Crc32("8")) + "\n");
      // A checksummed file whose digits were changed is refused.
      REQUIRE(td.disk->Truncate(path, 0).ok());
      REQUIRE(td.disk->Append(path, "9 " + absl::StrFormat("%08x", runtime::Crc32("8")) + "\n").ok());
      CHECK_FALSE(BumpEpoch(*td.disk, path).ok());
    }
  }
}

TEST_CASE("Under transient read faults the epoch never repeats") {
  int64_t faults = 0;
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    TestDisk td(/*posix=*/false);
    const std::string path = td.dir + "/e";
    td.mem->SetReadFaults(0.4, seed);
    uint64_t last = 0;
    int failures = 0;
    for (int boot = 0; boot < 30; ++boot) {
      runtime::Result<uint64_t> epoch = BumpEpoch(*td.disk, path);
      if (!epoch.ok()) {
        ++failures;  // reads never agreed: refused, the file left as it was
        continue;
      }
      CHECK(*epoch == last + 1);
      last = *epoch;
    }
    CHECK(last > 20);
    CHECK(failures == 30 - int(last));
    faults += td.mem->read_faults_injected();
  }
  CHECK(faults > 0);
  // Every read corrupt: two reads never agree, so the epoch file is refused.
  TestDisk td(/*posix=*/false);
  REQUIRE(BumpEpoch(*td.disk, td.dir + "/e").ok());
  td.mem->SetReadFaults(1.0, 1);
  CHECK_FALSE(BumpEpoch(*td.disk, td.dir + "/e").ok());
}

TEST_CASE("An unwritable state directory still yields unique ids") {
  std::unique_ptr<runtime::Disk> disk = runtime::NewPosixDisk();
  auto a = Generate(*disk, "/nonexistent-dir-for-test", "n0", 10, /*seed=*/1);
  auto b = Generate(*disk, "/nonexistent-dir-for-test", "n0", 10, /*seed=*/2);
  runtime::MemDisk mem;  // no directory created on it
  auto c = Generate(mem, "nowhere", "n0", 10, /*seed=*/3);
  std::set<std::string> all(a.begin(), a.end());
  all.insert(b.begin(), b.end());
  all.insert(c.begin(), c.end());
  CHECK(all.size() == 30);
}

}  // namespace
}  // namespace uniqueid
