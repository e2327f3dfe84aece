#include "harness/host/sim_disk.h"

#include <algorithm>

namespace harness {

absl::Status SimDisk::Sync(const std::string& path) {
  // The file must exist now, as fsync on an open descriptor would.
  if (auto size = disk_->FileSize(path); !size.ok()) return size.status();
  if (std::find(pending_files_.begin(), pending_files_.end(), path) == pending_files_.end()) {
    pending_files_.push_back(path);
  }
  syncing_ = true;
  on_sync_();
  return absl::OkStatus();
}

absl::Status SimDisk::SyncDir(const std::string& dir) {
  // MemDisk keeps names durable at once (mem_disk.h); only the time is paid.
  syncing_ = true;
  on_sync_();
  return disk_->SyncDir(dir);
}

absl::Status SimDisk::Rename(const std::string& from, const std::string& to) {
  BeforeChange();
  absl::Status s = disk_->Rename(from, to);
  if (!s.ok()) return s;
  std::erase(pending_files_, to);
  std::replace(pending_files_.begin(), pending_files_.end(), from, to);
  return s;
}

absl::Status SimDisk::Remove(const std::string& path) {
  BeforeChange();
  absl::Status s = disk_->Remove(path);
  if (s.ok()) std::erase(pending_files_, path);
  return s;
}

void SimDisk::Commit() {
  for (const std::string& path : pending_files_) {
    // A file removed or renamed away since its sync has nothing left to sync.
    (void)disk_->Sync(path);
  }
  pending_files_.clear();
  syncing_ = false;
  image_.reset();
}

void SimDisk::Abandon() {
  if (image_ != nullptr) disk_->RestoreImage(*image_);
  pending_files_.clear();
  syncing_ = false;
  image_.reset();
}

}  // namespace harness
