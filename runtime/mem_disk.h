// MemDisk: Disk in memory, for tests and the deterministic simulator.
//
// Each file keeps its bytes and how many of them are durable (synced).
// Crash() models a process killed with the machine losing its page cache:
// every file falls back to its synced bytes, optionally keeping a torn
// fragment of the unsynced ones; names created since their directory's last
// SyncDir survive too (a simplification: directories are treated as always
// durable). CrashRandomly() draws the tearing per file from the caller's
// engine, so a simulator's seed decides it. SetReadFaults() makes ReadAt
// return, now and then, the right number of bytes with one bit flipped (a
// corrupted or misdirected read); each read draws afresh, so a re-read
// usually heals it: callers detect it by their checksums (verified_read.h).
// Tests reach the bytes through mutable_bytes() to corrupt them for good.
// Not thread-safe.
#ifndef RUNTIME_MEM_DISK_H_
#define RUNTIME_MEM_DISK_H_

#include <cstdint>
#include <map>
#include <memory>
#include <random>
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
  // Every file with unsynced bytes loses them, or (half the time, drawn per
  // file in path order) keeps a prefix of them of a length drawn uniformly
  // from [0, unsynced]: a write torn anywhere.
  void CrashRandomly(std::mt19937_64& engine);
  // From now on each ReadAt that returns bytes flips one of their bits with
  // `probability` (0 turns faults off), drawn from an engine seeded with
  // `seed`. The stored bytes never change.
  void SetReadFaults(double probability, uint64_t seed);

  // The files and directories as they are now, and a way back to them: the
  // simulator restores the disk as it was when an fsync began if the node
  // dies before the fsync ends (operations after it never happened then).
  struct Image;
  std::shared_ptr<const Image> TakeImage() const;
  void RestoreImage(const Image& image);
  int64_t read_faults_injected() const { return read_faults_injected_; }
  // REQUIRES: the file exists.
  std::string& mutable_bytes(const std::string& path);
  int64_t sync_count() const { return sync_count_; }
  // When set, every Sync fails (a disk that stopped accepting writes).
  void set_fail_sync(bool fail) { fail_sync_ = fail; }

 public:
  struct File {
    std::string bytes;
    size_t synced = 0;
  };
  struct Image {
    std::map<std::string, File> files;
    std::set<std::string> dirs;
  };

 private:
  std::map<std::string, File> files_;
  std::set<std::string> dirs_;
  int64_t sync_count_ = 0;
  bool fail_sync_ = false;
  double read_fault_probability_ = 0;
  std::mt19937_64 read_fault_engine_;
  int64_t read_faults_injected_ = 0;
};

}  // namespace runtime

#endif  // RUNTIME_MEM_DISK_H_
