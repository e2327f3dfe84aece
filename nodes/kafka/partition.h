// Partition: the log of one key, as append-only segment files in one
// directory of a Disk.
//
// Offsets are dense: the first record has offset 0 and each Append takes
// the next one. Segment files are named after the offset of their first
// record (00000000000000000042.seg) and a new one is started once the
// active one reaches `segment_bytes`; the old one is synced first, so only
// the last segment can ever end in a torn write. Each record carries a
// CRC-32 (record.h). In memory a partition keeps, per segment, its base
// offset, size and a sparse index (one offset -> file position entry per
// `index_every_bytes`); messages are always read back from the Disk.
//
// Open() recovers the directory: a record cut short or failing its checksum
// in the last segment is a torn tail, cut off (it was never synced, hence
// never acknowledged); one in an earlier segment, or records out of
// sequence, is corruption: the partition keeps the good prefix, serves
// reads and refuses appends (broken()). Not thread-safe.
#ifndef NODES_KAFKA_PARTITION_H_
#define NODES_KAFKA_PARTITION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/disk.h"

namespace kafka {

struct PartitionOptions {
  uint64_t segment_bytes = 1 << 20;
  uint64_t index_every_bytes = 4096;
};

struct LogEntry {
  int64_t offset = 0;
  std::string message;  // the JSON text given to Append
};

class Partition {
 public:
  // Creates `dir` if absent, then recovers what it holds (see above).
  // Fails only on I/O errors.
  static absl::StatusOr<std::unique_ptr<Partition>> Open(runtime::Disk& disk, std::string dir, PartitionOptions options);

  int64_t next_offset() const { return next_offset_; }
  // Offsets below this are synced.
  int64_t durable_end() const { return durable_end_; }
  bool broken() const { return broken_; }
  bool needs_sync() const { return durable_end_ < next_offset_ || dir_dirty_; }
  uint64_t dropped_tail_bytes() const { return dropped_tail_bytes_; }
  size_t segment_count() const { return segments_.size(); }
  size_t index_entries() const;
  const std::string& dir() const { return dir_; }

  // Writes one record. On a write error the partition becomes broken (a
  // partial record may sit at the end). REQUIRES: !broken(),
  // offset == next_offset(), message.size() <= kMaxMessageBytes.
  absl::Status Append(int64_t offset, std::string_view message);
  // Makes every appended record durable; then durable_end() == next_offset().
  absl::Status Sync();
  // Records with from <= offset < end, ascending, at most max_records and
  // (after the first) about max_bytes of messages. DataLoss if the bytes on
  // disk no longer decode.
  absl::StatusOr<std::vector<LogEntry>> Read(int64_t from, int64_t end, size_t max_records, size_t max_bytes);

 private:
  struct Segment {
    int64_t base = 0;
    std::string path;
    uint64_t size = 0;
    std::vector<std::pair<int64_t, uint64_t>> index;  // (offset, position), ascending
    uint64_t last_indexed_pos = 0;
  };

  Partition(runtime::Disk& disk, std::string dir, PartitionOptions options)
      : disk_(disk), dir_(std::move(dir)), options_(options) {}
  absl::Status Recover();
  // Scans one segment file; returns false when it does not end cleanly.
  absl::StatusOr<bool> ScanSegment(Segment& seg, bool last);
  void MaybeIndex(Segment& seg, int64_t offset, uint64_t pos);
  absl::Status Roll(int64_t base);
  std::string SegmentPath(int64_t base) const;

  runtime::Disk& disk_;
  std::string dir_;
  PartitionOptions options_;
  std::vector<Segment> segments_;
  int64_t next_offset_ = 0;
  int64_t durable_end_ = 0;
  bool broken_ = false;
  bool dir_dirty_ = false;
  bool active_unsynced_ = false;
  uint64_t dropped_tail_bytes_ = 0;
};

}  // namespace kafka

#endif  // NODES_KAFKA_PARTITION_H_
