// Storage (see storage.h) on a runtime::Disk: real files for the node
// binary (PosixDisk), memory under the simulator and in tests (MemDisk).
//
// Two files in a directory, named after the node so that nodes sharing a
// working directory (Maelstrom runs all of them in one) do not collide:
//   <dir>/<name>.raftlog   append-only records: [len u32][crc32 u32][payload]
//                          payload: base (index, term) | hard state | entry
//   <dir>/<name>.raftsnap  the latest snapshot, one framed record, replaced
//                          atomically (write temp, fsync, rename, fsync dir)
// Save() appends records and fsyncs once per Ready, except a Ready whose
// only durable change is the commit index (safe to lose, see HardState). A snapshot rewrites the
// log atomically to hold only what follows it, so disk use stays bounded.
// After a crash, a torn or corrupt final record (bad length or checksum) is
// detected, dropped and cut off the file; anything else unreadable is an
// error. A record failing its checksum is read again first, and cut only
// when two reads agree (runtime/verified_read.h): a transient bad read
// never drops synced records; reads that never agree fail the Open. Keeps a mirror of the persisted state in memory (bounded like the
// core's log). Not thread-safe.
#ifndef NODES_RAFTKV_RAFT_FILE_STORAGE_H_
#define NODES_RAFTKV_RAFT_FILE_STORAGE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nodes/raftkv/raft/storage.h"
#include "runtime/disk.h"

namespace raft {

class FileStorage final : public Storage {
 public:
  // Opens or creates the files in `dir` on `disk` and reads them back.
  // sync=false skips Sync/SyncDir (benchmarks and tests only). Fails on I/O
  // errors or on corruption other than a torn final log record. `disk`
  // must outlive the storage.
  static absl::StatusOr<std::unique_ptr<FileStorage>> Open(
      runtime::Disk& disk, const std::string& dir, const std::string& name, bool sync = true);

  absl::StatusOr<PersistentState> Load() override { return state_; }
  absl::Status Save(const Ready& rd) override;

  // Bytes cut off the log's end when it was opened (a torn last write).
  uint64_t dropped_tail_bytes() const { return dropped_tail_bytes_; }
  const std::string& log_path() const { return log_path_; }
  const std::string& snapshot_path() const { return snap_path_; }

 private:
  FileStorage(runtime::Disk& disk, std::string dir, std::string log_path,
              std::string snap_path, bool sync)
      : disk_(disk),
        dir_(std::move(dir)),
        log_path_(std::move(log_path)),
        snap_path_(std::move(snap_path)),
        sync_(sync) {}
  absl::Status ReadAll();
  absl::Status WriteSnapshot(const Snapshot& s);
  absl::Status RewriteLog();
  absl::Status Append(const std::string& bytes, bool sync);

  runtime::Disk& disk_;
  std::string dir_;
  std::string log_path_;
  std::string snap_path_;
  bool sync_;
  PersistentState state_;
  uint64_t records_since_rewrite_ = 0;
  uint64_t dropped_tail_bytes_ = 0;
};

}  // namespace raft

#endif  // NODES_RAFTKV_RAFT_FILE_STORAGE_H_
