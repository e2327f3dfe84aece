// MemDisk: Disk in memory, for tests and a later deterministic simulator.
//
// Each file keeps its bytes and how many of them are durable (synced).
// Crash() models a process killed with the machine losing its page cache:
// every file falls back to its synced bytes, optionally keeping a torn
// fragment of the unsynced ones; names created since their directory's last
// SyncDir survive too (a simplification: directories are treated as always
// durable). Tests reach the bytes through mutable_bytes() to corrupt them.
// Not thread-safe.
#ifndef RUNTIME_MEM_DISK_H_
#define RUNTIME_MEM_DISK_H_

#include <map>
#include <set>
#include <string>

#include "runtime/disk.h"

namespace runtime {

class MemDisk final : public Disk {
 public:
  absl::Status CreateDir(const std::string& dir) override;
  absl::StatusOr<std::vector<std::string>> ListDir(const std::string& dir) override;
  absl::StatusOr<uint64_t> FileSize(const std::string& path) override;
  absl::Status Append(const std::string& path, std::string_view bytes) override;
  absl::StatusOr<std::string> ReadAt(const std::string& path, uint64_t pos, size_t max_bytes) override;
  absl::Status Truncate(const std::string& path, uint64_t size) override;
  absl::Status Sync(const std::string& path) override;
  absl::Status SyncDir(const std::string& dir) override { return absl::OkStatus(); }
  absl::Status Rename(const std::string& from, const std::string& to) override;
  absl::Status Remove(const std::string& path) override;

  // Every file loses its unsynced bytes except the first `torn_bytes` of
  // them (a write cut short).
  void Crash(size_t torn_bytes = 0);
  // REQUIRES: the file exists.
  std::string& mutable_bytes(const std::string& path);
  int64_t sync_count() const { return sync_count_; }
  // When set, every Sync fails (a disk that stopped accepting writes).
  void set_fail_sync(bool fail) { fail_sync_ = fail; }

 private:
  struct File {
    std::string bytes;
    size_t synced = 0;
  };
  std::map<std::string, File> files_;
  std::set<std::string> dirs_;
  int64_t sync_count_ = 0;
  bool fail_sync_ = false;
};

}  // namespace runtime

#endif  // RUNTIME_MEM_DISK_H_
