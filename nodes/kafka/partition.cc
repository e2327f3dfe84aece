#include "nodes/kafka/partition.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nodes/kafka/record.h"
#include "runtime/check.h"
#include "runtime/verified_read.h"

namespace kafka {
namespace {

constexpr char kSegmentSuffix[] = ".seg";
constexpr size_t kReadChunkBytes = 64 << 10;

// "00000000000000000042.seg" -> 42; nullopt for any other name.
std::optional<int64_t> SegmentBase(const std::string& name) {
  if (name.size() != 20 + 4 || !absl::EndsWith(name, kSegmentSuffix)) return std::nullopt;
  int64_t base = 0;
  if (!absl::SimpleAtoi(name.substr(0, 20), &base) || base < 0) return std::nullopt;
  return base;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Partition>> Partition::Open(runtime::Disk& disk, std::string dir, PartitionOptions options) {
  KIT_CHECK(options.segment_bytes > 0);
  KIT_CHECK(options.index_every_bytes > 0);
  std::unique_ptr<Partition> p(new Partition(disk, std::move(dir), options));
  absl::Status st = p->Recover();
  if (!st.ok()) return st;
  return p;
}

std::string Partition::SegmentPath(int64_t base) const {
  return absl::StrFormat("%s/%020d%s", dir_, base, kSegmentSuffix);
}

size_t Partition::index_entries() const {
  size_t n = 0;
  for (const Segment& s : segments_) n += s.index.size();
  return n;
}

void Partition::MaybeIndex(Segment& seg, int64_t offset, uint64_t pos) {
  if (seg.index.empty() || pos - seg.last_indexed_pos >= options_.index_every_bytes) {
    seg.index.emplace_back(offset, pos);
    seg.last_indexed_pos = pos;
  }
}

absl::Status Partition::Recover() {
  absl::Status st = disk_.CreateDir(dir_);
  if (!st.ok()) return st;
  absl::StatusOr<std::vector<std::string>> names = disk_.ListDir(dir_);
  if (!names.ok()) return names.status();
  std::vector<int64_t> bases;
  for (const std::string& name : *names) {
    if (auto base = SegmentBase(name)) bases.push_back(*base);
  }
  std::sort(bases.begin(), bases.end());
  for (size_t i = 0; i < bases.size(); ++i) {
    if (bases[i] != next_offset_) {
      // A gap or overlap between segments: nothing after it can be trusted.
      broken_ = true;
      break;
    }
    Segment seg;
    seg.base = bases[i];
    seg.path = SegmentPath(bases[i]);
    const bool last = i + 1 == bases.size();
    absl::StatusOr<bool> clean = ScanSegment(seg, last);
    if (!clean.ok()) return clean.status();
    segments_.push_back(std::move(seg));
    if (!*clean) {
      broken_ = true;
      break;
    }
  }
  // What survived the crash may still sit only in the page cache; a second
  // crash could take it, and its offsets would then be handed out again
  // after this node has already served them. Make it durable first.
  if (!segments_.empty()) {
    st = disk_.Sync(segments_.back().path);
    if (!st.ok()) return st;
  }
  durable_end_ = next_offset_;
  return absl::OkStatus();
}

absl::StatusOr<bool> Partition::ScanSegment(Segment& seg, bool last) {
  // Whole records in sequence from next_offset_; a pure function of the
  // bytes, so a re-read can be judged by it (verified_read.h).
  const int64_t first = next_offset_;
  auto good_prefix = [first](std::string_view bytes) {
    size_t pos = 0;
    for (int64_t expect = first; pos < bytes.size(); ++expect) {
      Decoded d = DecodeRecord(bytes, pos);
      if (d.kind != Decoded::kOk || d.offset != expect) break;
      pos += d.size;
    }
    return pos;
  };
  // A segment holds at most segment_bytes plus one record, so it is read
  // whole: recovery memory is bounded by one segment (times the reads it
  // takes to tell a transient fault from the file's real content).
  absl::StatusOr<runtime::VerifiedRead> read = runtime::ReadFileVerified(disk_, seg.path, good_prefix);
  if (!read.ok()) return read.status();
  const std::string& bytes = read->bytes;
  size_t pos = 0;
  while (pos < read->good) {
    Decoded d = DecodeRecord(bytes, pos);
    KIT_CHECK(d.kind == Decoded::kOk && d.offset == next_offset_);
    MaybeIndex(seg, d.offset, pos);
    pos += d.size;
    ++next_offset_;
  }
  seg.size = pos;
  if (pos == bytes.size()) return true;
  if (!last) return false;
  // The last segment's tail was being written when the process died: it
  // was never synced, so never acknowledged. Cut it off so appends continue
  // from the last whole record.
  dropped_tail_bytes_ = bytes.size() - pos;
  absl::Status st = disk_.Truncate(seg.path, pos);
  if (!st.ok()) return st;
  return true;
}

absl::Status Partition::Roll(int64_t base) {
  if (!segments_.empty() && active_unsynced_) {
    absl::Status st = disk_.Sync(segments_.back().path);
    if (!st.ok()) return st;
    active_unsynced_ = false;
  }
  Segment seg;
  seg.base = base;
  seg.path = SegmentPath(base);
  absl::Status st = disk_.Append(seg.path, "");
  if (!st.ok()) return st;
  segments_.push_back(std::move(seg));
  dir_dirty_ = true;
  return absl::OkStatus();
}

absl::Status Partition::Append(int64_t offset, std::string_view message) {
  KIT_CHECK(!broken_);
  KIT_CHECK(offset == next_offset_);
  KIT_CHECK(message.size() <= kMaxMessageBytes);
  if (segments_.empty() || segments_.back().size >= options_.segment_bytes) {
    absl::Status st = Roll(offset);
    if (!st.ok()) {
      broken_ = true;
      return st;
    }
  }
  Segment& seg = segments_.back();
  std::string frame = EncodeRecord(offset, message);
  absl::Status st = disk_.Append(seg.path, frame);
  if (!st.ok()) {
    broken_ = true;
    return st;
  }
  MaybeIndex(seg, offset, seg.size);
  seg.size += frame.size();
  ++next_offset_;
  active_unsynced_ = true;
  return absl::OkStatus();
}

absl::Status Partition::Sync() {
  if (active_unsynced_) {
    absl::Status st = disk_.Sync(segments_.back().path);
    if (!st.ok()) return st;
    active_unsynced_ = false;
  }
  if (dir_dirty_) {
    absl::Status st = disk_.SyncDir(dir_);
    if (!st.ok()) return st;
    dir_dirty_ = false;
  }
  durable_end_ = next_offset_;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<LogEntry>> Partition::Read(int64_t from, int64_t end, size_t max_records, size_t max_bytes) {
  std::vector<LogEntry> out;
  from = std::max<int64_t>(from, 0);
  end = std::min(end, next_offset_);
  if (from >= end || segments_.empty() || max_records == 0) return out;
  // The last segment whose base is <= from, then its last index entry <= from.
  auto seg_it = std::upper_bound(segments_.begin(), segments_.end(), from,
                                 [](int64_t off, const Segment& s) { return off < s.base; });
  KIT_CHECK(seg_it != segments_.begin());  // offsets start at segments_[0].base == 0
  --seg_it;
  size_t bytes_out = 0;
  for (; seg_it != segments_.end(); ++seg_it) {
    const Segment& seg = *seg_it;
    uint64_t pos = 0;
    int64_t expect = seg.base;
    auto idx = std::upper_bound(seg.index.begin(), seg.index.end(), from,
                                [](int64_t off, const std::pair<int64_t, uint64_t>& e) { return off < e.first; });
    if (idx != seg.index.begin()) {
      --idx;
      expect = idx->first;
      pos = idx->second;
    }
    std::string buf;
    size_t buf_pos = 0;
    // A record that fails its check is read again from the disk before the
    // poll fails: the fault may be the read's, not the file's
    // (verified_read.h). Reset by every good record.
    int bad_reads = 0;
    auto reread = [&] {
      buf.clear();
      buf_pos = 0;
      return ++bad_reads < runtime::kMaxVerifiedReads;
    };
    while (pos < seg.size) {
      Decoded d = DecodeRecord(buf, buf_pos);
      if (d.kind == Decoded::kShort) {
        if (buf_pos == 0 && buf.size() == seg.size - pos) {
          if (reread()) continue;
          return absl::DataLossError(
              absl::StrCat(seg.path, " ends inside a record (", bad_reads, " reads at position ", pos, ")"));
        }
        // Refill from the current record on, with room for the whole frame.
        size_t want = kReadChunkBytes;
        if (buf.size() - buf_pos >= 4) {
          uint32_t len = 0;
          for (int i = 0; i < 4; ++i) len |= uint32_t(uint8_t(buf[buf_pos + size_t(i)])) << (8 * i);
          want = std::max(want, kRecordHeaderBytes + size_t(len));
        }
        want = size_t(std::min<uint64_t>(want, seg.size - pos));
        absl::StatusOr<std::string> chunk = disk_.ReadAt(seg.path, pos, want);
        if (!chunk.ok()) return chunk.status();
        if (chunk->size() < want) return absl::DataLossError(absl::StrCat(seg.path, " is shorter than expected"));
        buf = std::move(*chunk);
        buf_pos = 0;
        continue;
      }
      if (d.kind == Decoded::kCorrupt || d.offset != expect) {
        if (reread()) continue;
        return absl::DataLossError(absl::StrCat(seg.path, ": bad record at position ", pos, " on ", bad_reads, " reads"));
      }
      bad_reads = 0;
      if (d.offset >= end) return out;
      if (d.offset >= from) {
        out.push_back(LogEntry{d.offset, std::string(d.message)});
        bytes_out += d.message.size();
        if (out.size() >= max_records || bytes_out >= max_bytes) return out;
      }
      buf_pos += d.size;
      pos += d.size;
      ++expect;
    }
  }
  return out;
}

}  // namespace kafka
