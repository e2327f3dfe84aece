// SimDisk: a node's disk under the simulator, with fsync that takes time.
//
// Wraps a runtime::MemDisk (which survives the node's kills: the host owns
// it) and forwards every call, except that a Sync or SyncDir does not make
// bytes durable at once: it tells the host (on_sync), which keeps the node
// busy for the fsync's latency and only then calls Commit(). A kill in
// between (Abandon) finds those bytes still unsynced, so the MemDisk's
// crash model loses or tears them; and whatever the node did to the disk
// after calling the fsync (a rename of the synced file, say) is undone,
// since a real node blocked in fsync could not have done it yet. The disk
// image is taken lazily, before the first change after a sync, so a node
// that only appends and syncs never pays for a copy. This is what lets a seeded kill land between a
// node's "send the append" and "fsync the log", as it can on a real machine.
// Not thread-safe.
#ifndef HARNESS_HOST_SIM_DISK_H_
#define HARNESS_HOST_SIM_DISK_H_

#include <functional>
#include <string>
#include <vector>

#include "runtime/disk.h"
#include "runtime/mem_disk.h"

namespace harness {

class SimDisk final : public runtime::Disk {
 public:
  // `on_sync` runs inside each Sync/SyncDir call.
  SimDisk(runtime::MemDisk* disk, std::function<void()> on_sync)
      : disk_(disk), on_sync_(std::move(on_sync)) {}

  absl::Status CreateDir(const std::string& dir) override {
    BeforeChange();
    return disk_->CreateDir(dir);
  }
  absl::StatusOr<std::vector<std::string>> ListDir(const std::string& dir) override {
    return disk_->ListDir(dir);
  }
  absl::StatusOr<uint64_t> FileSize(const std::string& path) override {
    return disk_->FileSize(path);
  }
  absl::Status Append(const std::string& path, std::string_view bytes) override {
    BeforeChange();
    return disk_->Append(path, bytes);
  }
  absl::StatusOr<std::string> ReadAt(const std::string& path, uint64_t pos,
                                     size_t max_bytes) override {
    return disk_->ReadAt(path, pos, max_bytes);
  }
  absl::Status Truncate(const std::string& path, uint64_t size) override {
    BeforeChange();
    return disk_->Truncate(path, size);
  }
  absl::Status Sync(const std::string& path) override;
  absl::Status SyncDir(const std::string& dir) override;
  // A pending sync follows its file through a rename and ends with a
  // removal (write tmp, sync, rename: the synced bytes are the new name's).
  absl::Status Rename(const std::string& from, const std::string& to) override;
  absl::Status Remove(const std::string& path) override;

  // Makes the syncs asked for so far durable (the fsync completed).
  void Commit();
  // Forgets them and undoes what came after them (the node died first).
  void Abandon();
  bool has_pending() const { return !pending_files_.empty(); }

 private:
  // Takes the image when a sync is under way and none was taken yet.
  void BeforeChange() {
    if (syncing_ && image_ == nullptr) image_ = disk_->TakeImage();
  }

  runtime::MemDisk* disk_;
  bool syncing_ = false;  // a Sync/SyncDir is under way
  std::shared_ptr<const runtime::MemDisk::Image> image_;
  std::function<void()> on_sync_;
  std::vector<std::string> pending_files_;
};

}  // namespace harness

#endif  // HARNESS_HOST_SIM_DISK_H_
