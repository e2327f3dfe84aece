#include "nodes/kafka/commit_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "nodes/kafka/record.h"
#include "runtime/message.h"
#include "runtime/verified_read.h"

namespace kafka {
namespace {

std::string Payload(const std::string& key, int64_t seq) { return runtime::Json::array({key, seq}).dump(); }

}  // namespace

CommitStore::CommitStore(runtime::Disk& disk, std::string dir)
    : disk_(disk), dir_(std::move(dir)), path_(dir_ + "/commits.log") {}

absl::StatusOr<std::unique_ptr<CommitStore>> CommitStore::Open(runtime::Disk& disk, std::string dir) {
  std::unique_ptr<CommitStore> s(new CommitStore(disk, std::move(dir)));
  absl::Status st = s->Recover();
  if (!st.ok()) return st;
  return s;
}

void CommitStore::Apply(const std::string& key, int64_t offset, int64_t seq) {
  Entry& e = entries_[key];
  e.offset = std::max(e.offset, offset);
  if (seq > 0) {
    if (e.own_seq > 0) own_by_seq_.erase(e.own_seq);
    e.own_seq = seq;
    own_by_seq_[seq] = key;
    last_seq_ = std::max(last_seq_, seq);
  }
}

absl::Status CommitStore::Recover() {
  // The records that decode and parse, in order; stops at the first that
  // does not (a torn tail, or real damage: both are cut off below).
  struct Parsed {
    std::string key;
    int64_t offset = 0;
    int64_t seq = 0;
  };
  auto parse = [](std::string_view bytes, std::vector<Parsed>* out) {
    size_t pos = 0;
    while (pos < bytes.size()) {
      Decoded d = DecodeRecord(bytes, pos);
      if (d.kind != Decoded::kOk) break;
      runtime::Json payload = runtime::Json::parse(d.message, nullptr, /*allow_exceptions=*/false);
      if (!payload.is_array() || payload.size() != 2 || !payload[0].is_string() || !payload[1].is_number_integer()) {
        break;
      }
      if (out != nullptr) out->push_back(Parsed{payload[0].get<std::string>(), d.offset, payload[1].get<int64_t>()});
      pos += d.size;
    }
    return pos;
  };
  // A transient bad read must not cut synced commits off (verified_read.h).
  absl::StatusOr<runtime::VerifiedRead> read =
      runtime::ReadFileVerified(disk_, path_, [&](std::string_view b) { return parse(b, nullptr); });
  if (absl::IsNotFound(read.status())) return absl::OkStatus();
  if (!read.ok()) return read.status();
  std::vector<Parsed> records;
  parse(read->bytes, &records);
  for (const Parsed& r : records) Apply(r.key, r.offset, r.seq);
  records_ = records.size();
  if (read->good < read->bytes.size()) {
    dropped_tail_bytes_ = read->bytes.size() - read->good;
    absl::Status st = disk_.Truncate(path_, read->good);
    if (!st.ok()) return st;
  }
  // Peers may learn these offsets from us; make sure they do not vanish.
  return disk_.Sync(path_);
}

std::optional<int64_t> CommitStore::Get(const std::string& key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second.offset;
}

absl::StatusOr<bool> CommitStore::Raise(const std::string& key, int64_t offset, bool own) {
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.offset >= offset) return false;
  int64_t seq = own ? last_seq_ + 1 : 0;
  absl::Status st = disk_.Append(path_, EncodeRecord(offset, Payload(key, seq)));
  if (!st.ok()) return st;
  ++records_;
  unsynced_ = true;
  Entry& e = entries_[key];
  e.offset = offset;
  if (seq > 0) Apply(key, offset, seq);
  return true;
}

std::vector<CommitStore::Change> CommitStore::OwnChangesAfter(int64_t seq, size_t limit) const {
  std::vector<Change> out;
  for (auto it = own_by_seq_.upper_bound(seq); it != own_by_seq_.end() && out.size() < limit; ++it) {
    out.push_back(Change{it->first, it->second, entries_.at(it->second).offset});
  }
  return out;
}

absl::Status CommitStore::Sync() {
  if (unsynced_) {
    absl::Status st = disk_.Sync(path_);
    if (!st.ok()) return st;
    unsynced_ = false;
  }
  if (records_ > 4 * entries_.size() + 4096) return Compact();
  return absl::OkStatus();
}

absl::Status CommitStore::Compact() {
  std::string bytes;
  for (const auto& [key, e] : entries_) bytes += EncodeRecord(e.offset, Payload(key, e.own_seq));
  const std::string tmp = path_ + ".tmp";
  if (absl::StatusOr<uint64_t> old = disk_.FileSize(tmp); old.ok()) {
    absl::Status st = disk_.Remove(tmp);
    if (!st.ok()) return st;
  }
  absl::Status st = disk_.Append(tmp, bytes);
  if (st.ok()) st = disk_.Sync(tmp);
  if (st.ok()) st = disk_.Rename(tmp, path_);
  if (st.ok()) st = disk_.SyncDir(dir_);
  if (st.ok()) records_ = entries_.size();
  return st;
}

}  // namespace kafka
