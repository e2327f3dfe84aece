// Disk: the only way a node touches storage (leveldb's Env, cut to
// what an append-only log needs).
//
// Paths are plain strings joined with '/'. Files are append-only byte
// arrays: Append adds at the end (creating the file), ReadAt reads any
// range, Truncate cuts the end (recovery drops a torn tail), Rename replaces
// a file atomically (compaction). Nothing is durable until Sync(file)
// returns OK; a new or renamed name is durable once SyncDir(its directory)
// returns OK. Two implementations: NewPosixDisk (files, a bounded cache of
// open descriptors) and MemDisk (mem_disk.h: tests, and a later simulator
// that loses unsynced bytes on a crash). Not thread-safe.
#ifndef RUNTIME_DISK_H_
#define RUNTIME_DISK_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace runtime {

class Disk {
 public:
  virtual ~Disk() = default;

  // Creates the directory (not its parents); OK if it exists.
  virtual absl::Status CreateDir(const std::string& dir) = 0;
  // Names (not paths) of the entries of `dir`, sorted. NotFound if absent.
  virtual absl::StatusOr<std::vector<std::string>> ListDir(const std::string& dir) = 0;
  // NotFound if the file does not exist.
  virtual absl::StatusOr<uint64_t> FileSize(const std::string& path) = 0;
  // Appends `bytes` at the end of the file, creating it if absent.
  virtual absl::Status Append(const std::string& path, std::string_view bytes) = 0;
  // Up to `max_bytes` from `pos`; fewer (maybe none) past the end.
  virtual absl::StatusOr<std::string> ReadAt(const std::string& path, uint64_t pos, size_t max_bytes) = 0;
  // REQUIRES: size <= FileSize(path).
  virtual absl::Status Truncate(const std::string& path, uint64_t size) = 0;
  // Makes every byte appended to the file so far durable.
  virtual absl::Status Sync(const std::string& path) = 0;
  // Makes the names in `dir` (creations, renames, removals) durable.
  virtual absl::Status SyncDir(const std::string& dir) = 0;
  // Atomically replaces `to` by `from`.
  virtual absl::Status Rename(const std::string& from, const std::string& to) = 0;
  virtual absl::Status Remove(const std::string& path) = 0;
};

// Real files. Keeps at most `max_open_files` descriptors open (least
// recently used closed first), so a node with thousands of partitions stays
// within its descriptor limit.
std::unique_ptr<Disk> NewPosixDisk(size_t max_open_files = 64);

}  // namespace runtime

#endif  // RUNTIME_DISK_H_
