// SyncGate: a runtime::Disk over another that can hold back the sync of one
// file, so the simulator can let FileStorage write a Ready at once and
// complete its fsync later, leaving a window in which a crash loses (or
// tears) the written bytes, as a process killed during fsync would.
//
// While armed for a path, Sync(path) only records that a sync is owed and
// returns OK; Complete() performs it. Every other call, and syncs of other
// paths (snapshot temp files, whose order against Rename matters), pass
// straight through. Forget() drops an owed sync (the process died before
// it). The inner disk must outlive the gate. Not thread-safe.
#ifndef NODES_RAFTKV_RAFT_SIM_SYNC_GATE_H_
#define NODES_RAFTKV_RAFT_SIM_SYNC_GATE_H_

#include <string>
#include <vector>

#include "runtime/disk.h"

namespace raft::sim {

class SyncGate final : public runtime::Disk {
 public:
  explicit SyncGate(runtime::Disk& inner) : inner_(inner) {}

  // Holds back syncs of `path` until Disarm(); "" holds back none.
  void Arm(const std::string& path) { armed_ = path; }
  void Disarm() { armed_.clear(); }
  bool owed() const { return !owed_.empty(); }
  // Performs the owed syncs. Fails as the inner Sync does.
  absl::Status Complete() {
    std::vector<std::string> owed = std::move(owed_);
    owed_.clear();
    for (const std::string& p : owed) {
      absl::Status st = inner_.Sync(p);
      if (!st.ok()) return st;
    }
    return absl::OkStatus();
  }
  void Forget() { owed_.clear(); }

  absl::Status Sync(const std::string& path) override {
    if (!armed_.empty() && path == armed_) {
      owed_.push_back(path);
      return absl::OkStatus();
    }
    return inner_.Sync(path);
  }
  absl::Status CreateDir(const std::string& dir) override { return inner_.CreateDir(dir); }
  absl::StatusOr<std::vector<std::string>> ListDir(const std::string& dir) override {
    return inner_.ListDir(dir);
  }
  absl::StatusOr<uint64_t> FileSize(const std::string& path) override {
    return inner_.FileSize(path);
  }
  absl::Status Append(const std::string& path, std::string_view bytes) override {
    return inner_.Append(path, bytes);
  }
  absl::StatusOr<std::string> ReadAt(const std::string& path, uint64_t pos,
                                     size_t max_bytes) override {
    return inner_.ReadAt(path, pos, max_bytes);
  }
  absl::Status Truncate(const std::string& path, uint64_t size) override {
    return inner_.Truncate(path, size);
  }
  absl::Status SyncDir(const std::string& dir) override { return inner_.SyncDir(dir); }
  absl::Status Rename(const std::string& from, const std::string& to) override {
    return inner_.Rename(from, to);
  }
  absl::Status Remove(const std::string& path) override { return inner_.Remove(path); }

 private:
  runtime::Disk& inner_;
  std::string armed_;
  std::vector<std::string> owed_;
};

}  // namespace raft::sim

#endif  // NODES_RAFTKV_RAFT_SIM_SYNC_GATE_H_
