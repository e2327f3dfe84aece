// LogStore: every partition (key) a node holds, under one root directory.
//
// Key k lives in <root>/p-<hex of k's bytes>/ (any key string is a safe
// file name that way). Open() recovers every partition found; appends go
// through Append so the store knows which partitions SyncDirty must sync:
// the group commit of one event-loop turn is one SyncDirty. Keys are kept in
// order (btree), so iteration never depends on hashing. Not thread-safe.
#ifndef NODES_KAFKA_LOG_STORE_H_
#define NODES_KAFKA_LOG_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/status/statusor.h"
#include "runtime/disk.h"
#include "nodes/kafka/partition.h"

namespace kafka {

class LogStore {
 public:
  using Map = absl::btree_map<std::string, std::unique_ptr<Partition>>;

  // Creates `root` if absent and recovers its partitions. Fails on I/O
  // errors; a partition found corrupt opens broken (partition.h).
  static absl::StatusOr<std::unique_ptr<LogStore>> Open(runtime::Disk& disk, std::string root, PartitionOptions options);

  // nullptr if the key has never been written here.
  Partition* Find(const std::string& key);
  // Appends at `offset`. Fails without writing if the partition is broken
  // or cannot be created. With durable=false the record is left for the
  // OS to write back: SyncDirty skips it (replicas, which their owner
  // resends if a crash takes them). REQUIRES: offset == next offset of the
  // key; a key is always appended with the same `durable`.
  absl::Status Append(const std::string& key, int64_t offset, std::string_view message, bool durable = true);
  // Syncs every partition appended to since the last call (and the root,
  // when partitions were created). On failure the unsynced ones stay dirty.
  absl::Status SyncDirty();
  bool has_dirty() const { return !dirty_.empty() || root_dirty_; }

  const Map& partitions() const { return partitions_; }
  uint64_t dropped_tail_bytes() const;
  std::vector<std::string> broken_keys() const;

  static std::string DirName(const std::string& key);

 private:
  LogStore(runtime::Disk& disk, std::string root, PartitionOptions options)
      : disk_(disk), root_(std::move(root)), options_(options) {}
  absl::StatusOr<Partition*> GetOrCreate(const std::string& key);

  runtime::Disk& disk_;
  std::string root_;
  PartitionOptions options_;
  Map partitions_;
  std::vector<Partition*> dirty_;
  bool root_dirty_ = false;
};

}  // namespace kafka

#endif  // NODES_KAFKA_LOG_STORE_H_
