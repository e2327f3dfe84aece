#include "nodes/kafka/log_store.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace kafka {

std::string LogStore::DirName(const std::string& key) { return absl::StrCat("p-", absl::BytesToHexString(key)); }

absl::StatusOr<std::unique_ptr<LogStore>> LogStore::Open(runtime::Disk& disk, std::string root, PartitionOptions options) {
  std::unique_ptr<LogStore> store(new LogStore(disk, std::move(root), options));
  absl::Status st = disk.CreateDir(store->root_);
  if (!st.ok()) return st;
  absl::StatusOr<std::vector<std::string>> names = disk.ListDir(store->root_);
  if (!names.ok()) return names.status();
  for (const std::string& name : *names) {
    if (!absl::StartsWith(name, "p-")) continue;
    std::string hex = name.substr(2);
    if (hex.size() % 2 != 0 || !std::all_of(hex.begin(), hex.end(), [](char c) { return absl::ascii_isxdigit(c); })) {
      continue;
    }
    std::string key = absl::HexStringToBytes(hex);
    absl::StatusOr<std::unique_ptr<Partition>> p =
        Partition::Open(disk, absl::StrCat(store->root_, "/", name), options);
    if (!p.ok()) return p.status();
    store->partitions_[key] = std::move(*p);
  }
  return store;
}

Partition* LogStore::Find(const std::string& key) {
  auto it = partitions_.find(key);
  return it == partitions_.end() ? nullptr : it->second.get();
}

absl::StatusOr<Partition*> LogStore::GetOrCreate(const std::string& key) {
  if (Partition* p = Find(key)) return p;
  absl::StatusOr<std::unique_ptr<Partition>> p =
      Partition::Open(disk_, absl::StrCat(root_, "/", DirName(key)), options_);
  if (!p.ok()) return p.status();
  root_dirty_ = true;
  Partition* raw = p->get();
  partitions_[key] = std::move(*p);
  return raw;
}

absl::Status LogStore::Append(const std::string& key, int64_t offset, std::string_view message, bool durable) {
  absl::StatusOr<Partition*> p = GetOrCreate(key);
  if (!p.ok()) return p.status();
  if ((*p)->broken()) return absl::DataLossError(absl::StrCat("partition of key ", key, " is broken"));
  bool was_dirty = (*p)->needs_sync();
  absl::Status st = (*p)->Append(offset, message);
  if (durable && !was_dirty && (*p)->needs_sync()) dirty_.push_back(*p);
  return st;
}

absl::Status LogStore::SyncDirty() {
  // The root first: a partition's directory must exist durably before
  // records in it count as durable.
  if (root_dirty_) {
    absl::Status st = disk_.SyncDir(root_);
    if (!st.ok()) return st;
    root_dirty_ = false;
  }
  while (!dirty_.empty()) {
    absl::Status st = dirty_.back()->Sync();
    if (!st.ok()) return st;
    dirty_.pop_back();
  }
  return absl::OkStatus();
}

uint64_t LogStore::dropped_tail_bytes() const {
  uint64_t n = 0;
  for (const auto& [key, p] : partitions_) n += p->dropped_tail_bytes();
  return n;
}

std::vector<std::string> LogStore::broken_keys() const {
  std::vector<std::string> out;
  for (const auto& [key, p] : partitions_) {
    if (p->broken()) out.push_back(key);
  }
  return out;
}

}  // namespace kafka
