// CommitStore: the committed offset of each key, kept durable in one
// append-only file of CRC-framed records (record.h; the record's offset is
// the committed offset, its message the JSON text [key, seq]).
//
// A committed offset only grows (Raise keeps the maximum), so replaying the
// file in any order gives the same map. Raises that came from this node's
// own clients get a sequence number (persisted, so it keeps growing across
// restarts); peers learn them by asking for OwnChangesAfter(the last
// sequence they acknowledged). The file is rewritten compactly (temp file,
// sync, rename) once it holds mostly superseded records. Recovery cuts off
// a torn or corrupt tail: a lost commit only makes a consumer re-read.
// Not thread-safe.
#ifndef NODES_KAFKA_COMMIT_STORE_H_
#define NODES_KAFKA_COMMIT_STORE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/status/statusor.h"
#include "runtime/disk.h"

namespace kafka {

class CommitStore {
 public:
  struct Change {
    int64_t seq = 0;
    std::string key;
    int64_t offset = 0;
  };

  // Opens or creates <dir>/commits.log (dir must exist).
  static absl::StatusOr<std::unique_ptr<CommitStore>> Open(runtime::Disk& disk, std::string dir);

  std::optional<int64_t> Get(const std::string& key) const;
  // Raises the key's committed offset to `offset` if that is higher and
  // returns whether it did. `own`: a client of this node committed it.
  // On a write error nothing changes in memory.
  absl::StatusOr<bool> Raise(const std::string& key, int64_t offset, bool own);
  // This node's own raises with seq > `seq`, by seq, at most `limit`.
  std::vector<Change> OwnChangesAfter(int64_t seq, size_t limit) const;
  int64_t last_seq() const { return last_seq_; }
  bool needs_sync() const { return unsynced_; }
  // Makes every raise durable (and compacts the file when due).
  absl::Status Sync();
  size_t size() const { return entries_.size(); }
  uint64_t dropped_tail_bytes() const { return dropped_tail_bytes_; }

 private:
  struct Entry {
    int64_t offset = 0;
    int64_t own_seq = 0;  // 0: learned from a peer
  };
  CommitStore(runtime::Disk& disk, std::string dir);
  absl::Status Recover();
  absl::Status Compact();
  void Apply(const std::string& key, int64_t offset, int64_t seq);

  runtime::Disk& disk_;
  std::string dir_;
  std::string path_;
  absl::btree_map<std::string, Entry> entries_;
  std::map<int64_t, std::string> own_by_seq_;
  int64_t last_seq_ = 0;
  uint64_t records_ = 0;
  bool unsynced_ = false;
  uint64_t dropped_tail_bytes_ = 0;
};

}  // namespace kafka

#endif  // NODES_KAFKA_COMMIT_STORE_H_
