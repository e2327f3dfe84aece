// Proves the log layer's contract (disk.h, record.h, partition.h,
// log_store.h, commit_store.h) on MemDisk and on real files: records
// round-trip and their CRC catches damage; recovery cuts a torn or corrupt
// tail of the last segment and no more, marks damage in an earlier segment
// as corruption (reads only), keeps offsets dense and monotonic across a
// crash and restart, and every offset can be replayed through the sparse
// index with the index staying bounded. Recovery cases are one table, run
// again under transient read faults (MemDisk::SetReadFaults): recovery and
// polls re-read what fails its CRC, end as on a healthy disk or refuse with
// DataLoss, and never cut synced records because of a bad read.
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>

#include "absl/strings/str_cat.h"
#include "nodes/kafka/commit_store.h"
#include "runtime/crc32.h"
#include "nodes/kafka/log_store.h"
#include "runtime/mem_disk.h"
#include "nodes/kafka/partition.h"
#include "nodes/kafka/record.h"

namespace kafka {
namespace {

std::string Msg(int i) { return absl::StrCat(i * 7); }

std::unique_ptr<Partition> OpenOrDie(runtime::Disk& disk, const std::string& dir, PartitionOptions o) {
  auto p = Partition::Open(disk, dir, o);
  REQUIRE(p.ok());
  return std::move(*p);
}

void AppendN(Partition& p, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t off = p.next_offset();
    REQUIRE(p.Append(off, Msg(int(off))).ok());
  }
}

std::vector<LogEntry> ReadAll(Partition& p) {
  auto r = p.Read(0, p.next_offset(), 1 << 20, 1 << 30);
  REQUIRE(r.ok());
  return *r;
}

TEST_CASE("Crc32 matches the IEEE check value") {
  CHECK(runtime::Crc32("123456789") == 0xCBF43926u);
  CHECK(runtime::Crc32("") == 0u);
}

TEST_CASE("A record decodes to what was encoded; damage is short or corrupt, never a wrong record") {
  std::string r = EncodeRecord(42, "\"hello\"");
  Decoded d = DecodeRecord(r, 0);
  REQUIRE(d.kind == Decoded::kOk);
  CHECK(d.offset == 42);
  CHECK(d.message == "\"hello\"");
  CHECK(d.size == r.size());
  for (size_t cut = 0; cut < r.size(); ++cut) CHECK(DecodeRecord(r.substr(0, cut), 0).kind == Decoded::kShort);
  for (size_t i = kRecordHeaderBytes; i < r.size(); ++i) {
    std::string bad = r;
    bad[i] ^= 0x40;
    CHECK(DecodeRecord(bad, 0).kind == Decoded::kCorrupt);
  }
  std::string huge = r;
  huge[3] = char(0x7f);  // length far beyond kMaxMessageBytes
  CHECK(DecodeRecord(huge, 0).kind == Decoded::kCorrupt);
}

// Recovery cases: write 12 records in segments of 50 bytes (3
// records each), sync, optionally append 2 more unsynced, damage the disk,
// reopen.
struct RecoveryCase {
  const char* name;
  bool unsynced_extra;
  size_t torn_bytes;  // kept of the unsynced bytes at the crash
  std::function<void(runtime::MemDisk&, const std::string& dir)> damage;
  int64_t want_next;
  bool want_broken;
  bool want_dropped;  // some tail bytes cut off
};

std::vector<std::string> Segments(runtime::MemDisk& disk, const std::string& dir) {
  auto names = disk.ListDir(dir);
  REQUIRE(names.ok());
  std::vector<std::string> out;
  for (const auto& n : *names) out.push_back(dir + "/" + n);
  return out;
}

TEST_CASE("Partition recovery: torn tails are cut, earlier corruption is refused") {
  auto flip_in_last = [](int which_from_end) {
    return [which_from_end](runtime::MemDisk& disk, const std::string& dir) {
      std::string& b = disk.mutable_bytes(Segments(disk, dir).back());
      // Walk the records of the last segment and flip a payload byte of one.
      std::vector<size_t> starts;
      for (size_t pos = 0; pos < b.size();) {
        Decoded d = DecodeRecord(b, pos);
        REQUIRE(d.kind == Decoded::kOk);
        starts.push_back(pos);
        pos += d.size;
      }
      b[starts[starts.size() - 1 - size_t(which_from_end)] + kRecordHeaderBytes + 2] ^= 1;
    };
  };
  const std::vector<RecoveryCase> cases = {
      {"clean", false, 0, nullptr, 12, false, false},
      {"unsynced records vanish", true, 0, nullptr, 12, false, false},
      {"torn inside a header", true, 3, nullptr, 12, false, true},
      {"torn inside a payload", true, 12, nullptr, 12, false, true},
      {"one whole unsynced record survives, the next is torn", true, 29, nullptr, 13, false, true},
      {"CRC-corrupt last record", false, 0, flip_in_last(0), 11, false, true},
      {"CRC-corrupt record before the last one in the last segment", false, 0, flip_in_last(1), 10, false, true},
      {"garbage appended", false, 0,
       [](runtime::MemDisk& disk, const std::string& dir) { disk.mutable_bytes(Segments(disk, dir).back()) += "\x01\x02\x03"; },
       12, false, true},
      {"CRC-corrupt record in the first segment", false, 0,
       [](runtime::MemDisk& disk, const std::string& dir) { disk.mutable_bytes(Segments(disk, dir).front())[12] ^= 1; }, 0, true,
       false},
      {"a missing middle segment", false, 0,
       [](runtime::MemDisk& disk, const std::string& dir) { REQUIRE(disk.Remove(Segments(disk, dir)[1]).ok()); }, 3, true,
       false},
  };
  // Each case runs on a healthy disk, then on one whose reads fail now and
  // then (transient bit flips) during recovery: the outcome must be the
  // same, or a refusal to open (DataLoss) when no two reads agreed. Synced
  // records are never cut because of a bad read.
  for (const RecoveryCase& c : cases) {
    SECTION(c.name) {
      int64_t faults = 0;
      int opened_under_faults = 0;
      for (uint64_t seed = 0; seed <= 12; ++seed) {
        const double fault_probability = seed == 0 ? 0.0 : 0.3;
        runtime::MemDisk disk;
        REQUIRE(disk.CreateDir("d").ok());
        PartitionOptions o{.segment_bytes = 50, .index_every_bytes = 30};
        {
          auto p = OpenOrDie(disk, "d/p", o);
          AppendN(*p, 12);
          REQUIRE(p->Sync().ok());
          REQUIRE(p->segment_count() == 4);
          if (c.unsynced_extra) AppendN(*p, 2);
        }
        disk.Crash(c.torn_bytes);
        if (c.damage) c.damage(disk, "d/p");
        disk.SetReadFaults(fault_probability, seed);
        absl::StatusOr<std::unique_ptr<Partition>> opened = Partition::Open(disk, "d/p", o);
        faults += disk.read_faults_injected();
        disk.SetReadFaults(0, 0);
        if (!opened.ok()) {
          REQUIRE(fault_probability > 0);
          CHECK(absl::IsDataLoss(opened.status()));
          continue;
        }
        opened_under_faults += fault_probability > 0;
        std::unique_ptr<Partition> p = std::move(*opened);
        CHECK(p->next_offset() == c.want_next);
        CHECK(p->durable_end() == c.want_next);
        CHECK(p->broken() == c.want_broken);
        CHECK((p->dropped_tail_bytes() > 0) == c.want_dropped);
        std::vector<LogEntry> all = ReadAll(*p);
        REQUIRE(int64_t(all.size()) == c.want_next);
        for (size_t i = 0; i < all.size(); ++i) {
          CHECK(all[i].offset == int64_t(i));
          CHECK(all[i].message == Msg(int(i)));
        }
        if (!c.want_broken) {
          // Appends continue densely after the recovered end, and survive a
          // second restart.
          AppendN(*p, 2);
          REQUIRE(p->Sync().ok());
          p.reset();
          auto again = OpenOrDie(disk, "d/p", o);
          CHECK(again->next_offset() == c.want_next + 2);
          CHECK(again->dropped_tail_bytes() == 0);
          CHECK(ReadAll(*again).back().message == Msg(int(c.want_next + 1)));
        }
      }
      CHECK(faults > 0);
      CHECK(opened_under_faults > 0);
    }
  }
}

TEST_CASE("A poll re-reads a record that fails its check, and fails clearly when it keeps failing") {
  runtime::MemDisk disk;
  PartitionOptions o{.segment_bytes = 200, .index_every_bytes = 30};
  auto p = OpenOrDie(disk, "p", o);
  AppendN(*p, 40);
  REQUIRE(p->Sync().ok());
  disk.SetReadFaults(0.3, 11);
  int ok = 0;
  for (int round = 0; round < 50; ++round) {
    auto r = p->Read(0, p->next_offset(), 1 << 20, 1 << 30);
    if (!r.ok()) {
      CHECK(absl::IsDataLoss(r.status()));  // three bad reads of one record
      continue;
    }
    ++ok;
    REQUIRE(r->size() == 40);
    for (size_t i = 0; i < r->size(); ++i) CHECK((*r)[i].message == Msg(int(i)));
  }
  CHECK(ok > 0);
  CHECK(disk.read_faults_injected() > 0);
  disk.SetReadFaults(1.0, 11);
  auto r = p->Read(0, p->next_offset(), 1 << 20, 1 << 30);
  CHECK(absl::IsDataLoss(r.status()));
  disk.SetReadFaults(0, 0);
  CHECK(ReadAll(*p).size() == 40);  // the file itself was never touched
}

TEST_CASE("A broken partition refuses appends through the store but serves reads") {
  runtime::MemDisk disk;
  PartitionOptions o{.segment_bytes = 50};
  {
    auto store = LogStore::Open(disk, "root", o);
    REQUIRE(store.ok());
    for (int i = 0; i < 9; ++i) REQUIRE((*store)->Append("k", i, Msg(i)).ok());
    REQUIRE((*store)->SyncDirty().ok());
  }
  std::string dir = "root/" + LogStore::DirName("k");
  disk.mutable_bytes(Segments(disk, dir).front())[12] ^= 1;
  auto store = LogStore::Open(disk, "root", o);
  REQUIRE(store.ok());
  REQUIRE((*store)->broken_keys() == std::vector<std::string>{"k"});
  CHECK(!(*store)->Append("k", 0, "1").ok());
  CHECK((*store)->Find("k")->next_offset() == 0);
}

TEST_CASE("Offsets stay dense and monotonic across crashes; acknowledged (synced) records survive") {
  runtime::MemDisk disk;
  PartitionOptions o{.segment_bytes = 100, .index_every_bytes = 40};
  int64_t synced = 0;
  for (int round = 0; round < 20; ++round) {
    auto p = OpenOrDie(disk, "p", o);
    REQUIRE(p->next_offset() >= synced);
    synced = p->next_offset();
    AppendN(*p, 1 + round % 4);
    REQUIRE(p->Sync().ok());
    synced = p->next_offset();
    AppendN(*p, round % 3);  // never synced
    p.reset();
    disk.Crash(size_t(round % 7));
  }
  auto p = OpenOrDie(disk, "p", o);
  CHECK(p->next_offset() == synced);
  std::vector<LogEntry> all = ReadAll(*p);
  for (size_t i = 0; i < all.size(); ++i) CHECK(all[i].offset == int64_t(i));
}

TEST_CASE("Every offset replays through the sparse index, which stays bounded per segment") {
  runtime::MemDisk disk;
  PartitionOptions o{.segment_bytes = 1000, .index_every_bytes = 100};
  auto p = OpenOrDie(disk, "p", o);
  AppendN(*p, 2000);
  REQUIRE(p->Sync().ok());
  CHECK(p->index_entries() <= p->segment_count() * (1000 / 100 + 2));
  for (int64_t from = 0; from < 2000; from += 37) {
    auto r = p->Read(from, 2000, 5, 1 << 20);
    REQUIRE(r.ok());
    REQUIRE(r->size() == size_t(std::min<int64_t>(5, 2000 - from)));
    for (size_t i = 0; i < r->size(); ++i) {
      CHECK((*r)[i].offset == from + int64_t(i));
      CHECK((*r)[i].message == Msg(int(from + int64_t(i))));
    }
  }
  // A reopened partition rebuilds the same index from disk.
  size_t entries = p->index_entries();
  p.reset();
  auto again = OpenOrDie(disk, "p", o);
  CHECK(again->index_entries() == entries);
  auto r = again->Read(1999, 5000, 10, 1 << 20);
  REQUIRE(r.ok());
  REQUIRE(r->size() == 1);
  CHECK(r->front().offset == 1999);
}

TEST_CASE("Reads stop at the end given and at the byte budget, but return at least one record") {
  runtime::MemDisk disk;
  auto p = OpenOrDie(disk, "p", PartitionOptions{});
  AppendN(*p, 10);
  auto r = p->Read(3, 6, 100, 1 << 20);
  REQUIRE(r.ok());
  CHECK(r->size() == 3);
  r = p->Read(3, 10, 100, 1);
  REQUIRE(r.ok());
  CHECK(r->size() == 1);
  r = p->Read(10, 20, 100, 1 << 20);
  REQUIRE(r.ok());
  CHECK(r->empty());
}

TEST_CASE("LogStore finds every key again after a restart, whatever its bytes") {
  runtime::MemDisk disk;
  const std::vector<std::string> keys = {"0", "17", "a/b", "..", "", "\xff\x00z"};
  {
    auto store = LogStore::Open(disk, "root", PartitionOptions{});
    REQUIRE(store.ok());
    for (size_t i = 0; i < keys.size(); ++i) {
      for (size_t j = 0; j <= i; ++j) REQUIRE((*store)->Append(keys[i], int64_t(j), "1").ok());
    }
    CHECK((*store)->has_dirty());
    REQUIRE((*store)->SyncDirty().ok());
    CHECK(!(*store)->has_dirty());
  }
  disk.Crash();
  auto store = LogStore::Open(disk, "root", PartitionOptions{});
  REQUIRE(store.ok());
  REQUIRE((*store)->partitions().size() == keys.size());
  for (size_t i = 0; i < keys.size(); ++i) CHECK((*store)->Find(keys[i])->next_offset() == int64_t(i + 1));
}

TEST_CASE("CommitStore keeps the maximum per key, numbers own raises, and survives restarts and compaction") {
  runtime::MemDisk disk;
  REQUIRE(disk.CreateDir("d").ok());
  {
    auto s = CommitStore::Open(disk, "d");
    REQUIRE(s.ok());
    CommitStore& c = **s;
    CHECK(*c.Raise("a", 5, true) == true);
    CHECK(*c.Raise("a", 3, true) == false);  // never lowers
    CHECK(*c.Raise("b", 2, false) == true);  // from a peer: no sequence number
    CHECK(*c.Raise("a", 9, true) == true);
    CHECK(c.Get("a") == 9);
    CHECK(c.Get("b") == 2);
    CHECK(!c.Get("z"));
    auto changes = c.OwnChangesAfter(0, 10);
    REQUIRE(changes.size() == 1);  // a's newest raise replaced its older one
    CHECK(changes[0].key == "a");
    CHECK(changes[0].offset == 9);
    CHECK(changes[0].seq == 2);
    REQUIRE(c.Sync().ok());
    CHECK(*c.Raise("c", 1, true) == true);  // unsynced: lost in the crash
  }
  disk.Crash(5);  // and a torn fragment of it
  auto s = CommitStore::Open(disk, "d");
  REQUIRE(s.ok());
  CommitStore& c = **s;
  CHECK((*s)->dropped_tail_bytes() == 5);
  CHECK(c.Get("a") == 9);
  CHECK(c.Get("b") == 2);
  CHECK(!c.Get("c"));
  CHECK(c.last_seq() == 2);
  // Enough raises to trigger compaction; the state is unchanged by it.
  for (int i = 0; i < 6000; ++i) REQUIRE(c.Raise("hot", i, true).ok());
  REQUIRE(c.Sync().ok());
  CHECK(*disk.FileSize("d/commits.log") < 200);
  s = CommitStore::Open(disk, "d");
  REQUIRE(s.ok());
  CHECK((*s)->Get("hot") == 5999);
  CHECK((*s)->Get("a") == 9);
  CHECK((*s)->last_seq() == c.last_seq());
}

TEST_CASE("CommitStore recovery under transient read faults keeps every synced commit or refuses to open") {
  int opened = 0;
  int64_t faults = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    runtime::MemDisk disk;
    REQUIRE(disk.CreateDir("d").ok());
    {
      auto s = CommitStore::Open(disk, "d");
      REQUIRE(s.ok());
      for (int i = 0; i < 20; ++i) REQUIRE((*s)->Raise(absl::StrCat("k", i), i + 1, true).ok());
      REQUIRE((*s)->Sync().ok());
      REQUIRE((*s)->Raise("late", 1, true).ok());  // unsynced, torn below
    }
    disk.Crash(7);
    disk.SetReadFaults(0.4, seed);
    auto s = CommitStore::Open(disk, "d");
    faults += disk.read_faults_injected();
    disk.SetReadFaults(0, 0);
    if (!s.ok()) {
      CHECK(absl::IsDataLoss(s.status()));
      continue;
    }
    ++opened;
    CHECK((*s)->dropped_tail_bytes() == 7);
    for (int i = 0; i < 20; ++i) CHECK((*s)->Get(absl::StrCat("k", i)) == i + 1);
    CHECK((*s)->last_seq() == 20);
  }
  CHECK(opened > 0);
  CHECK(faults > 0);
}

TEST_CASE("PosixDisk: a partition on real files recovers after its tail is cut by hand") {
  std::string tmpl = (std::filesystem::temp_directory_path() / "kafka-log-test-XXXXXX").string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  std::unique_ptr<runtime::Disk> disk = runtime::NewPosixDisk(/*max_open_files=*/2);
  PartitionOptions o{.segment_bytes = 64, .index_every_bytes = 32};
  {
    auto p = OpenOrDie(*disk, tmpl + "/p", o);
    AppendN(*p, 30);  // more segments than open descriptors
    REQUIRE(p->Sync().ok());
    CHECK(ReadAll(*p).size() == 30);
  }
  auto names = disk->ListDir(tmpl + "/p");
  REQUIRE(names.ok());
  std::string last = tmpl + "/p/" + names->back();
  uint64_t size = *disk->FileSize(last);
  REQUIRE(disk->Truncate(last, size - 3).ok());
  disk = runtime::NewPosixDisk(2);
  auto p = OpenOrDie(*disk, tmpl + "/p", o);
  CHECK(p->next_offset() == 29);
  CHECK(p->dropped_tail_bytes() > 0);
  CHECK(ReadAll(*p).back().message == Msg(28));
  p.reset();
  disk.reset();
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace kafka
