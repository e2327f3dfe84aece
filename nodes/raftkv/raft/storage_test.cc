// Storage tests: FileStorage must persist exactly what MemoryStorage (the
// reference rule, ApplyReadyToState) holds after the same Readys, survive
// reopening, and after a crash drop only a torn or corrupt final record
// (Figure 2's persistent state; section 7's snapshot/log rule). Each runs
// on real files (PosixDisk) and on a MemDisk; on a MemDisk also under
// transient read faults, where recovery must end as on a healthy disk or
// refuse to open, never drop a synced record.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "nodes/raftkv/raft/file_storage.h"
#include "nodes/raftkv/raft/storage.h"
#include "runtime/mem_disk.h"
#include "runtime/test_disk.h"

namespace raft {
namespace {

using runtime::TestDisk;

constexpr bool kDiskKinds[] = {true, false};
const char* KindName(bool posix) { return posix ? "PosixDisk" : "MemDisk"; }

// Rewrites byte `pos` of a file through the Disk interface, on either disk.
void Poke(runtime::Disk& disk, const std::string& path, uint64_t pos, char c) {
  uint64_t size = *disk.FileSize(path);
  std::string bytes = *disk.ReadAt(path, 0, size_t(size));
  bytes[size_t(pos)] = c;
  REQUIRE(disk.Truncate(path, 0).ok());
  REQUIRE(disk.Append(path, bytes).ok());
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
    for (bool posix : kDiskKinds) {
    DYNAMIC_SECTION(c.name << " on " << KindName(posix)) {
      TestDisk td(posix, "raftstore");
      runtime::Disk& disk = *td.disk;
      const std::string& dir = td.dir;
      MemoryStorage mem;
      {
        auto fs = FileStorage::Open(disk, dir, "n1", /*sync=*/false);
        REQUIRE(fs.ok());
        for (const Ready& rd : c.steps) {
          REQUIRE((*fs)->Save(rd).ok());
          REQUIRE(mem.Save(rd).ok());
          RequireSame(*(*fs)->Load(), *mem.Load());
        }
      }
      auto reopened = FileStorage::Open(disk, dir, "n1", false);
      REQUIRE(reopened.ok());
      CHECK((*reopened)->dropped_tail_bytes() == 0);
      RequireSame(*(*reopened)->Load(), *mem.Load());
      // Another node's files in the same directory are separate.
      auto other = FileStorage::Open(disk, dir, "n2", false);
      REQUIRE(other.ok());
      CHECK((*other)->Load()->entries.empty());
      if (td.mem != nullptr) {
        // Reopened under transient read faults: the same state, or a
        // refusal (DataLoss) when no two reads agreed.
        int opened = 0;
        for (uint64_t seed = 1; seed <= 10; ++seed) {
          td.mem->SetReadFaults(0.4, seed);
          auto again = FileStorage::Open(disk, dir, "n1", false);
          td.mem->SetReadFaults(0, 0);
          if (!again.ok()) {
            CHECK(absl::IsDataLoss(again.status()));
            continue;
          }
          ++opened;
          CHECK((*again)->dropped_tail_bytes() == 0);
          RequireSame(*(*again)->Load(), *mem.Load());
        }
        CHECK(opened > 0);
        CHECK(td.mem->read_faults_injected() > 0);
      }
    }
    }
  }
}

TEST_CASE("a torn or corrupt final record is dropped, earlier ones kept") {
  struct Case {
    const char* name;
    double read_fault_probability;  // on a MemDisk only
  };
  const std::vector<Case> fault_levels = {{"healthy reads", 0.0}, {"transient read faults", 0.3}};
  for (int mode = 0; mode < 3; ++mode) {
    for (bool posix : kDiskKinds) {
      for (const Case& level : fault_levels) {
        if (posix && level.read_fault_probability > 0) continue;
        DYNAMIC_SECTION("mode " << mode << " on " << KindName(posix) << ", " << level.name) {
          for (uint64_t seed = 1; seed <= (level.read_fault_probability > 0 ? 10u : 1u); ++seed) {
            TestDisk td(posix, "raftstore");
            runtime::Disk& disk = *td.disk;
            const std::string& dir = td.dir;
            std::string path;
            uint64_t size_before_last = 0;
            {
              auto fs = FileStorage::Open(disk, dir, "n1", false);
              REQUIRE(fs.ok());
              path = (*fs)->log_path();
              REQUIRE((*fs)->Save(Entries(1, {1, 1})).ok());
              size_before_last = *disk.FileSize(path);
              REQUIRE((*fs)->Save(Entries(3, {1})).ok());
            }
            uint64_t full = *disk.FileSize(path);
            if (mode == 0) {
              REQUIRE(disk.Truncate(path, full - 3).ok());  // torn payload
            } else if (mode == 1) {
              REQUIRE(disk.Truncate(path, size_before_last + 5).ok());  // torn header
            } else {
              Poke(disk, path, full - 1, 'X');  // corrupt last record
            }
            const uint64_t damaged = *disk.FileSize(path);
            if (td.mem != nullptr) td.mem->SetReadFaults(level.read_fault_probability, seed);
            auto fs = FileStorage::Open(disk, dir, "n1", false);
            if (td.mem != nullptr) td.mem->SetReadFaults(0, 0);
            if (!fs.ok()) {
              REQUIRE(level.read_fault_probability > 0);
              CHECK(absl::IsDataLoss(fs.status()));
              continue;
            }
            // Exactly the bad record goes, never a good one with it.
            CHECK((*fs)->dropped_tail_bytes() == damaged - size_before_last);
            PersistentState st = *(*fs)->Load();
            REQUIRE(st.entries.size() == 2);
            CHECK(st.entries[1].index == 2);
            // The file was cut back, so new appends follow good data.
            REQUIRE((*fs)->Save(Entries(3, {2})).ok());
            auto again = FileStorage::Open(disk, dir, "n1", false);
            REQUIRE(again.ok());
            CHECK((*again)->dropped_tail_bytes() == 0);
            REQUIRE((*again)->Load()->entries.size() == 3);
            CHECK((*again)->Load()->entries[2].term == 2);
          }
        }
      }
    }
  }
}

TEST_CASE("a crash loses only what was not synced, wherever the write tears") {
  // MemDisk with sync on: a Ready's records are durable once Save returns;
  // a later unsynced commit-only record may tear anywhere (CrashRandomly)
  // and recovery keeps every synced entry.
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    TestDisk td(/*posix=*/false);
    {
      auto fs = FileStorage::Open(*td.disk, td.dir, "n1", /*sync=*/true);
      REQUIRE(fs.ok());
      REQUIRE((*fs)->Save(Entries(1, {1, 1, 1})).ok());
      REQUIRE((*fs)->Save(Hard(1, 1, 2)).ok());
      REQUIRE((*fs)->Save(Hard(1, 1, 3)).ok());  // commit only: not synced
    }
    std::mt19937_64 engine(seed);
    td.mem->CrashRandomly(engine);
    auto fs = FileStorage::Open(*td.disk, td.dir, "n1", true);
    REQUIRE(fs.ok());
    PersistentState st = *(*fs)->Load();
    CHECK(st.entries.size() == 3);
    CHECK(st.hard_state.term == 1);
    CHECK(st.hard_state.vote == 1);
    CHECK(st.hard_state.commit >= 2);
  }
}

// Found by the simulator (raft-sim seed 717, with crashes inside the
// send-to-sync window): a Ready that raises the term and appends entries of
// the new term, torn after any byte, must reopen to a state the core
// accepts: no entry above the stored term, no commit beyond the log.
TEST_CASE("a Ready torn anywhere reopens to a state the core accepts") {
  size_t unsynced = 0;
  for (size_t torn = 0; torn == 0 || torn <= unsynced; ++torn) {
    INFO("torn after byte " << torn);
    TestDisk td(/*posix=*/false);
    {
      auto fs = FileStorage::Open(*td.disk, td.dir, "n1", /*sync=*/true);
      REQUIRE(fs.ok());
      Ready first = Entries(1, {1});
      first.has_hard_state = true;
      first.hard_state = HardState{1, 1, 1};
      REQUIRE((*fs)->Save(first).ok());
    }
    uint64_t synced = *td.disk->FileSize(td.dir + "/n1.raftlog");
    {
      auto fs = FileStorage::Open(*td.disk, td.dir, "n1", /*sync=*/false);
      REQUIRE(fs.ok());
      Ready next = Entries(2, {2, 2});
      next.has_hard_state = true;
      next.hard_state = HardState{2, 0, 3};
      REQUIRE((*fs)->Save(next).ok());  // written, never synced
    }
    unsynced = size_t(*td.disk->FileSize(td.dir + "/n1.raftlog") - synced);
    td.mem->Crash(torn);
    auto fs = FileStorage::Open(*td.disk, td.dir, "n1", true);
    REQUIRE(fs.ok());
    PersistentState st = *(*fs)->Load();
    for (const Entry& e : st.entries) CHECK(e.term <= st.hard_state.term);
    CHECK(st.hard_state.commit <= st.entries.size());
    SeededRandom r(1);
    Config c;
    c.id = 1;
    c.voters = {1, 2, 3};
    Raft core(c, &r, st);  // aborts on a state it refuses
  }
}

// A restarted core on file storage recovers what it persisted (Figure 2).
TEST_CASE("core restarted from file storage recovers term, vote and log") {
  TestDisk td(/*posix=*/true);
  runtime::Disk& disk = *td.disk;
  const std::string& dir = td.dir;
  Config c;
  c.id = 1;
  c.voters = {1};
  SeededRandom rng(3);
  {
    auto fs = FileStorage::Open(disk, dir, "n1", false);
    REQUIRE(fs.ok());
    Raft r(c, &rng, *(*fs)->Load());
    r.Campaign();
    for (int i = 0; i < 50; ++i) REQUIRE(r.Propose("v" + std::to_string(i)).ok());
    while (r.HasReady()) REQUIRE((*fs)->Save(r.TakeReady()).ok());
    REQUIRE(r.Compact(30, "snap30").ok());
    while (r.HasReady()) REQUIRE((*fs)->Save(r.TakeReady()).ok());
  }
  auto fs = FileStorage::Open(disk, dir, "n1", false);
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
}

}  // namespace
}  // namespace raft
