// Proves MemDisk's fault model and ReadFileVerified: a read fault returns
// the right length with exactly one bit flipped and is transient (the
// stored bytes never change, a re-read is drawn afresh, faults are
// counted); CrashRandomly keeps synced bytes and a prefix of the unsynced
// ones, the same for the same seed; ReadFileVerified takes a clean read at
// once, accepts a short scan only when two reads agree, and refuses a disk
// whose reads never agree. The verified-read cases are one table, run on
// MemDisk with and without faults.
#include <catch2/catch.hpp>

#include <bit>
#include <random>

#include "runtime/mem_disk.h"
#include "runtime/verified_read.h"

namespace runtime {
namespace {

int BitsDiffering(const std::string& a, const std::string& b) {
  REQUIRE(a.size() == b.size());
  int n = 0;
  for (size_t i = 0; i < a.size(); ++i) n += std::popcount(unsigned(uint8_t(a[i] ^ b[i])));
  return n;
}

TEST_CASE("MemDisk read faults flip one bit of a read, never of the file, and are counted") {
  MemDisk disk;
  REQUIRE(disk.CreateDir("d").ok());
  const std::string data(100, 'a');
  REQUIRE(disk.Append("d/f", data).ok());
  disk.SetReadFaults(0.5, 7);
  int faulty = 0;
  for (int i = 0; i < 200; ++i) {
    absl::StatusOr<std::string> r = disk.ReadAt("d/f", 10, 50);
    REQUIRE(r.ok());
    REQUIRE(r->size() == 50);
    const int bits = BitsDiffering(*r, data.substr(10, 50));
    REQUIRE(bits <= 1);
    faulty += bits;
  }
  CHECK(faulty == disk.read_faults_injected());
  CHECK(faulty > 50);
  CHECK(faulty < 150);
  CHECK(disk.mutable_bytes("d/f") == data);
  disk.SetReadFaults(0, 0);
  CHECK(*disk.ReadAt("d/f", 0, 100) == data);
  CHECK(disk.ReadAt("d/f", 100, 10)->empty());  // nothing to flip past the end
}

TEST_CASE("MemDisk CrashRandomly keeps synced bytes and a seeded prefix of the rest") {
  auto crash = [](uint64_t seed) {
    MemDisk disk;
    REQUIRE(disk.CreateDir("d").ok());
    std::vector<std::string> out;
    for (int f = 0; f < 8; ++f) {
      const std::string path = "d/f" + std::to_string(f);
      REQUIRE(disk.Append(path, "synced").ok());
      REQUIRE(disk.Sync(path).ok());
      REQUIRE(disk.Append(path, "0123456789").ok());
    }
    std::mt19937_64 engine(seed);
    disk.CrashRandomly(engine);
    for (int f = 0; f < 8; ++f) out.push_back(disk.mutable_bytes("d/f" + std::to_string(f)));
    return out;
  };
  std::vector<std::string> a = crash(1);
  CHECK(a == crash(1));
  bool some_dropped = false, some_torn = false;
  for (const std::string& bytes : a) {
    REQUIRE(bytes.substr(0, 6) == "synced");
    CHECK(std::string("synced0123456789").substr(0, bytes.size()) == bytes);
    some_dropped |= bytes.size() == 6;
    some_torn |= bytes.size() > 6;
  }
  CHECK(some_dropped);
  CHECK(some_torn);
}

// A scan for the tests, standing in for a checksum: the good prefix is the
// leading run of 'x' (a flipped 'x' is never 'x', so a fault there shows).
size_t LeadingXs(std::string_view b) {
  size_t n = 0;
  while (n < b.size() && b[n] == 'x') ++n;
  return n;
}

struct VerifiedCase {
  const char* name;
  std::string content;
  double fault_probability;
  bool want_ok;
  size_t want_good;
  int want_reads_max;
};

TEST_CASE("ReadFileVerified tells transient read faults from what the file holds") {
  const std::string clean(40, 'x');
  const std::string torn = std::string(30, 'x') + "#torn";
  const std::vector<VerifiedCase> cases = {
      {"a clean file takes one read", clean, 0, true, 40, 1},
      {"a torn tail is confirmed by a second identical read", torn, 0, true, 30, 2},
      {"a clean file under faults still reads whole, or not at all", clean, 0.3, true, 40, 3},
      {"a torn tail under faults keeps exactly its good prefix", torn, 0.3, true, 30, 3},
  };
  for (const VerifiedCase& c : cases) {
    SECTION(c.name) {
      for (uint64_t seed = 1; seed <= 20; ++seed) {
        MemDisk disk;
        REQUIRE(disk.CreateDir("d").ok());
        REQUIRE(disk.Append("d/f", c.content).ok());
        disk.SetReadFaults(c.fault_probability, seed);
        absl::StatusOr<VerifiedRead> r = ReadFileVerified(disk, "d/f", LeadingXs);
        if (!r.ok()) {
          // Only when no read was clean and none agreed: refused, not guessed.
          REQUIRE(c.fault_probability > 0);
          CHECK(absl::IsDataLoss(r.status()));
          continue;
        }
        CHECK(r->good == c.want_good);
        CHECK(r->bytes.substr(0, r->good) == c.content.substr(0, c.want_good));
        CHECK(r->reads <= c.want_reads_max);
      }
    }
  }
}

TEST_CASE("ReadFileVerified refuses a disk whose every read is corrupt, and reports a missing file") {
  MemDisk disk;
  REQUIRE(disk.CreateDir("d").ok());
  REQUIRE(disk.Append("d/f", std::string(1000, 'x')).ok());
  disk.SetReadFaults(1.0, 3);
  absl::StatusOr<VerifiedRead> r = ReadFileVerified(disk, "d/f", LeadingXs);
  CHECK(absl::IsDataLoss(r.status()));
  CHECK(disk.read_faults_injected() == kMaxVerifiedReads);
  CHECK(absl::IsNotFound(ReadFileVerified(disk, "d/none", LeadingXs).status()));
}

}  // namespace
}  // namespace runtime
