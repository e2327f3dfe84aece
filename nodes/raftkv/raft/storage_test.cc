// Storage tests: FileStorage must persist exactly what MemoryStorage (the
// reference rule, ApplyReadyToState) holds after the same Readys, survive
// reopening, and after a crash drop only a torn or corrupt final record
// (Figure 2's persistent state; section 7's snapshot/log rule).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "nodes/raftkv/raft/file_storage.h"
#include "nodes/raftkv/raft/storage.h"

namespace raft {
namespace {

std::string TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "raftstoreXXXXXX").string();
  REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
  return tmpl;
}

Ready Entries(uint64_t first, const std::vector<uint64_t>& terms) {
  Ready rd;
  for (size_t i = 0; i < terms.size(); ++i) {
    rd.entries.push_back(Entry{terms[i], first + i, "d" + std::to_string(first + i)});
  }
  return rd;
}
Ready Hard(uint64_t term, NodeId vote, uint64_t commit) {
  Ready rd;
  rd.has_hard_state = true;
  rd.hard_state = HardState{term, vote, commit};
  return rd;
}
Ready Snap(uint64_t index, uint64_t term) {
  Ready rd;
  auto s = std::make_shared<Snapshot>();
  s->index = index;
  s->term = term;
  s->data = "state@" + std::to_string(index);
  rd.snapshot = s;
  return rd;
}

void RequireSame(const PersistentState& a, const PersistentState& b) {
  REQUIRE(a.hard_state == b.hard_state);
  REQUIRE((a.snapshot == nullptr) == (b.snapshot == nullptr));
  if (a.snapshot != nullptr) {
    REQUIRE(a.snapshot->index == b.snapshot->index);
    REQUIRE(a.snapshot->term == b.snapshot->term);
    REQUIRE(a.snapshot->data == b.snapshot->data);
  }
  REQUIRE(a.entries == b.entries);
}

TEST_CASE("file storage matches the reference rule across reopen") {
  struct Case {
    const char* name;
    std::vector<Ready> steps;
  };
  const std::vector<Case> cases = {
      {"append and hard state", {Entries(1, {1, 1, 1}), Hard(1, 1, 2)}},
      {"overwrite a suffix (section 5.3)",
       {Entries(1, {1, 1, 1, 1}), Entries(3, {2}), Hard(2, 3, 2)}},
      {"compaction keeps later entries (section 7)",
       {Entries(1, {1, 1, 2, 2}), Hard(2, 1, 4), Snap(2, 1), Entries(5, {2})}},
      {"installed snapshot with other term drops the log",
       {Entries(1, {1, 1, 1}), Snap(5, 3), Hard(3, 0, 5), Entries(6, {3})}},
      {"two compactions", {Entries(1, {1, 1, 1, 1, 1}), Snap(2, 1), Snap(4, 1),
                           Entries(6, {1, 1}), Hard(1, 2, 6)}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      std::string dir = TempDir();
      MemoryStorage mem;
      {
        auto fs = FileStorage::Open(dir, "n1", /*sync=*/false);
        REQUIRE(fs.ok());
        for (const Ready& rd : c.steps) {
          REQUIRE((*fs)->Save(rd).ok());
          REQUIRE(mem.Save(rd).ok());
          RequireSame(*(*fs)->Load(), *mem.Load());
        }
      }
      auto reopened = FileStorage::Open(dir, "n1", false);
      REQUIRE(reopened.ok());
      CHECK((*reopened)->dropped_tail_bytes() == 0);
      RequireSame(*(*reopened)->Load(), *mem.Load());
      // Another node's files in the same directory are separate.
      auto other = FileStorage::Open(dir, "n2", false);
      REQUIRE(other.ok());
      CHECK((*other)->Load()->entries.empty());
      std::filesystem::remove_all(dir);
    }
  }
}

TEST_CASE("a torn or corrupt final record is dropped, earlier ones kept") {
  for (int mode = 0; mode < 3; ++mode) {
    DYNAMIC_SECTION("mode " << mode) {
      std::string dir = TempDir();
      std::string path;
      uintmax_t size_before_last = 0;
      {
        auto fs = FileStorage::Open(dir, "n1", false);
        REQUIRE(fs.ok());
        path = (*fs)->log_path();
        REQUIRE((*fs)->Save(Entries(1, {1, 1})).ok());
        size_before_last = std::filesystem::file_size(path);
        REQUIRE((*fs)->Save(Entries(3, {1})).ok());
      }
      uintmax_t full = std::filesystem::file_size(path);
      if (mode == 0) {
        std::filesystem::resize_file(path, full - 3);  // torn payload
      } else if (mode == 1) {
        std::filesystem::resize_file(path, size_before_last + 5);  // torn header
      } else {
        int fd = ::open(path.c_str(), O_WRONLY);
        REQUIRE(fd >= 0);
        REQUIRE(::pwrite(fd, "X", 1, static_cast<off_t>(full - 1)) == 1);
        ::close(fd);
      }
      auto fs = FileStorage::Open(dir, "n1", false);
      REQUIRE(fs.ok());
      CHECK((*fs)->dropped_tail_bytes() > 0);
      PersistentState st = *(*fs)->Load();
      REQUIRE(st.entries.size() == 2);
      CHECK(st.entries[1].index == 2);
      // The file was cut back, so new appends follow good data.
      REQUIRE((*fs)->Save(Entries(3, {2})).ok());
      auto again = FileStorage::Open(dir, "n1", false);
      REQUIRE(again.ok());
      CHECK((*again)->dropped_tail_bytes() == 0);
      REQUIRE((*again)->Load()->entries.size() == 3);
      CHECK((*again)->Load()->entries[2].term == 2);
      std::filesystem::remove_all(dir);
    }
  }
}

// A restarted core on file storage recovers what it persisted (Figure 2).
TEST_CASE("core restarted from file storage recovers term, vote and log") {
  std::string dir = TempDir();
  Config c;
  c.id = 1;
  c.voters = {1};
  SeededRandom rng(3);
  {
    auto fs = FileStorage::Open(dir, "n1", false);
    REQUIRE(fs.ok());
    Raft r(c, &rng, *(*fs)->Load());
    r.Campaign();
    for (int i = 0; i < 50; ++i) REQUIRE(r.Propose("v" + std::to_string(i)).ok());
    while (r.HasReady()) REQUIRE((*fs)->Save(r.TakeReady()).ok());
    REQUIRE(r.Compact(30, "snap30").ok());
    while (r.HasReady()) REQUIRE((*fs)->Save(r.TakeReady()).ok());
  }
  auto fs = FileStorage::Open(dir, "n1", false);
  REQUIRE(fs.ok());
  PersistentState st = *(*fs)->Load();
  REQUIRE(st.snapshot != nullptr);
  CHECK(st.snapshot->data == "snap30");
  Raft r(c, &rng, st);
  Status s = r.GetStatus();
  CHECK(s.term == 1);
  CHECK(s.last_index == 51);
  CHECK(s.snapshot_index == 30);
  Ready rd = r.TakeReady();
  REQUIRE(rd.committed_entries.size() == 21);  // 31..51
  CHECK(rd.committed_entries.back().data == "v49");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace raft
