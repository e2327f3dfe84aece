#include "nodes/raftkv/raft/file_storage.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "nodes/raftkv/raft/check.h"
#include "runtime/crc32.h"
#include "runtime/verified_read.h"

namespace raft {
namespace {

enum RecordType : uint8_t { kBase = 1, kHardState = 2, kEntry = 3 };
constexpr uint32_t kMaxRecordBytes = 256u << 20;

void PutU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
void PutU64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}

// Bounds-checked little-endian reader over one payload.
class Reader {
 public:
  Reader(const char* p, size_t n) : p_(p), n_(n) {}
  bool U8(uint8_t& v) {
    if (n_ < 1) return false;
    v = static_cast<uint8_t>(*p_);
    Skip(1);
    return true;
  }
  bool U64(uint64_t& v) {
    if (n_ < 8) return false;
    v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(p_[i])} << (8 * i);
    Skip(8);
    return true;
  }
  bool Str(std::string& s) {
    uint64_t len;
    if (!U64(len) || len > n_) return false;
    s.assign(p_, len);
    Skip(len);
    return true;
  }
  bool done() const { return n_ == 0; }

 private:
  void Skip(size_t k) {
    p_ += k;
    n_ -= k;
  }
  const char* p_;
  size_t n_;
};

std::string Frame(const std::string& payload) {
  std::string out;
  PutU32(out, static_cast<uint32_t>(payload.size()));
  PutU32(out, runtime::Crc32(payload));
  out += payload;
  return out;
}

// Splits buf into framed payloads; stops at the first bad frame and reports
// where the good prefix ends.
std::vector<std::string> Unframe(std::string_view buf, size_t* good_end) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (buf.size() - pos >= 8) {
    Reader h(buf.data() + pos, 8);
    uint64_t both;
    h.U64(both);
    uint32_t len = static_cast<uint32_t>(both);
    uint32_t crc = static_cast<uint32_t>(both >> 32);
    if (len > kMaxRecordBytes || buf.size() - pos - 8 < len) break;
    if (runtime::Crc32(std::string_view(buf.data() + pos + 8, len)) != crc) break;
    out.emplace_back(buf.substr(pos + 8, len));
    pos += 8 + len;
  }
  *good_end = pos;
  return out;
}

std::string EntryRecord(const Entry& e) {
  std::string p(1, static_cast<char>(kEntry));
  PutU64(p, e.term);
  PutU64(p, e.index);
  PutU64(p, e.data.size());
  p += e.data;
  return Frame(p);
}

std::string HardStateRecord(const HardState& hs) {
  std::string p(1, static_cast<char>(kHardState));
  PutU64(p, hs.term);
  PutU64(p, hs.vote);
  PutU64(p, hs.commit);
  return Frame(p);
}

std::string BaseRecord(uint64_t index, uint64_t term) {
  std::string p(1, static_cast<char>(kBase));
  PutU64(p, index);
  PutU64(p, term);
  return Frame(p);
}

size_t GoodPrefix(std::string_view buf) {
  size_t good_end = 0;
  Unframe(buf, &good_end);
  return good_end;
}

// Reads a whole file for recovery (exists=false if absent), re-reading what
// fails its checksums so a transient bad read is neither used nor taken
// for a torn tail (verified_read.h).
absl::StatusOr<std::string> ReadFile(runtime::Disk& disk, const std::string& path, bool* exists) {
  absl::StatusOr<runtime::VerifiedRead> read = runtime::ReadFileVerified(disk, path, GoodPrefix);
  if (absl::IsNotFound(read.status())) {
    *exists = false;
    return std::string();
  }
  if (!read.ok()) return read.status();
  *exists = true;
  return std::move(read->bytes);
}

// Writes a whole file atomically: temp file, sync, rename, sync dir.
absl::Status ReplaceFile(runtime::Disk& disk, const std::string& dir, const std::string& path,
                         const std::string& bytes, bool sync) {
  std::string tmp = path + ".tmp";
  // A temp file left by a crash would be appended to: start it afresh.
  if (disk.FileSize(tmp).ok()) {
    absl::Status st = disk.Remove(tmp);
    if (!st.ok()) return st;
  }
  absl::Status st = disk.Append(tmp, bytes);
  if (st.ok() && sync) st = disk.Sync(tmp);
  if (!st.ok()) return st;
  st = disk.Rename(tmp, path);
  if (!st.ok()) return st;
  return sync ? disk.SyncDir(dir) : absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<FileStorage>> FileStorage::Open(
    runtime::Disk& disk, const std::string& dir, const std::string& name, bool sync) {
  if (name.empty() || name.find('/') != std::string::npos) {
    return absl::InvalidArgumentError("bad storage name");
  }
  std::unique_ptr<FileStorage> fs(new FileStorage(
      disk, dir, dir + "/" + name + ".raftlog", dir + "/" + name + ".raftsnap", sync));
  absl::Status st = fs->ReadAll();
  if (!st.ok()) return st;
  // Creates the log when absent, as the node always has.
  st = disk.Append(fs->log_path_, "");
  if (!st.ok()) return st;
  return fs;
}

absl::Status FileStorage::ReadAll() {
  bool exists = false;
  absl::StatusOr<std::string> snap_bytes = ReadFile(disk_, snap_path_, &exists);
  if (!snap_bytes.ok()) return snap_bytes.status();
  if (exists) {
    size_t end = 0;
    std::vector<std::string> recs = Unframe(*snap_bytes, &end);
    if (recs.size() != 1 || end != snap_bytes->size()) {
      return absl::DataLossError(absl::StrCat("corrupt snapshot ", snap_path_));
    }
    auto s = std::make_shared<Snapshot>();
    Reader r(recs[0].data(), recs[0].size());
    if (!r.U64(s->index) || !r.U64(s->term) || !r.Str(s->data) || !r.done() ||
        s->index == 0) {
      return absl::DataLossError(absl::StrCat("corrupt snapshot ", snap_path_));
    }
    state_.snapshot = std::move(s);
  }

  absl::StatusOr<std::string> log_bytes = ReadFile(disk_, log_path_, &exists);
  if (!log_bytes.ok()) return log_bytes.status();
  size_t good_end = 0;
  std::vector<std::string> recs = Unframe(*log_bytes, &good_end);
  if (good_end < log_bytes->size()) {
    // A write cut short by a crash: nothing after it was ever acknowledged
    // (we fsync before sending), so it is safe to drop.
    // (Two identical reads showed it: it is the file, not a bad read.)
    dropped_tail_bytes_ = log_bytes->size() - good_end;
    absl::Status st = disk_.Truncate(log_path_, good_end);
    if (!st.ok()) return st;
  }
  uint64_t base_index = 0;
  uint64_t base_term = 0;
  std::vector<Entry> log;  // entries after base
  auto corrupt = [&](const char* why) {
    return absl::DataLossError(absl::StrCat(log_path_, ": ", why));
  };
  for (const std::string& rec : recs) {
    Reader r(rec.data(), rec.size());
    uint8_t type = 0;
    if (!r.U8(type)) return corrupt("empty record");
    if (type == kBase) {
      if (!r.U64(base_index) || !r.U64(base_term)) return corrupt("base");
      log.clear();
    } else if (type == kHardState) {
      HardState& hs = state_.hard_state;
      if (!r.U64(hs.term) || !r.U64(hs.vote) || !r.U64(hs.commit)) {
        return corrupt("hard state");
      }
    } else if (type == kEntry) {
      Entry e;
      if (!r.U64(e.term) || !r.U64(e.index) || !r.Str(e.data)) {
        return corrupt("entry");
      }
      if (e.index <= base_index || e.index > base_index + log.size() + 1) {
        return corrupt("entry out of sequence");
      }
      log.resize(e.index - base_index - 1);
      log.push_back(std::move(e));
    } else {
      return corrupt("unknown record type");
    }
    if (!r.done()) return corrupt("trailing bytes in record");
  }
  // Reconcile with the snapshot exactly as ApplyReadyToState would have: a
  // crash may fall between replacing the snapshot and rewriting the log.
  if (state_.snapshot != nullptr) {
    const Snapshot& s = *state_.snapshot;
    if (s.index == base_index && s.term == base_term) {
      // The log was rewritten after this snapshot.
    } else if (s.index < base_index) {
      return corrupt("log base beyond snapshot");
    } else if (s.index - base_index <= log.size() &&
               log[s.index - base_index - 1].term == s.term) {
      log.erase(log.begin(), log.begin() + static_cast<long>(s.index - base_index));
    } else {
      log.clear();
    }
  } else if (base_index != 0) {
    return corrupt("log base without snapshot");
  }
  state_.entries = std::move(log);
  uint64_t last = (state_.snapshot ? state_.snapshot->index : 0) +
                  state_.entries.size();
  // The commit index is a hint (types.h); never claim beyond what we hold.
  if (state_.hard_state.commit > last) state_.hard_state.commit = last;
  return absl::OkStatus();
}

absl::Status FileStorage::WriteSnapshot(const Snapshot& s) {
  std::string p;
  PutU64(p, s.index);
  PutU64(p, s.term);
  PutU64(p, s.data.size());
  p += s.data;
  return ReplaceFile(disk_, dir_, snap_path_, Frame(p), sync_);
}

absl::Status FileStorage::RewriteLog() {
  std::string bytes;
  if (state_.snapshot != nullptr) {
    bytes += BaseRecord(state_.snapshot->index, state_.snapshot->term);
  }
  bytes += HardStateRecord(state_.hard_state);
  for (const Entry& e : state_.entries) bytes += EntryRecord(e);
  absl::Status st = ReplaceFile(disk_, dir_, log_path_, bytes, sync_);
  if (!st.ok()) return st;
  records_since_rewrite_ = 0;
  return absl::OkStatus();
}

absl::Status FileStorage::Append(const std::string& bytes, bool sync) {
  absl::Status st = disk_.Append(log_path_, bytes);
  if (!st.ok()) return st;
  if (sync_ && sync) return disk_.Sync(log_path_);
  return absl::OkStatus();
}

absl::Status FileStorage::Save(const Ready& rd) {
  if (rd.snapshot != nullptr) {
    absl::Status st = WriteSnapshot(*rd.snapshot);
    if (!st.ok()) return st;
    ApplyReadyToState(rd, state_);
    return RewriteLog();
  }
  // Hard state first: a crash may keep any whole-record prefix of this
  // write, and an entry kept without the term it was written in would hold
  // a term above the stored one (the core refuses such a state). The other
  // way round a kept prefix may carry a commit beyond the entries kept,
  // which ReadAll caps (commit is only a hint).
  std::string bytes;
  if (rd.has_hard_state) bytes += HardStateRecord(rd.hard_state);
  for (const Entry& e : rd.entries) bytes += EntryRecord(e);
  if (bytes.empty()) return absl::OkStatus();
  const bool commit_only =
      rd.entries.empty() && rd.has_hard_state &&
      rd.hard_state.term == state_.hard_state.term &&
      rd.hard_state.vote == state_.hard_state.vote;
  ApplyReadyToState(rd, state_);
  records_since_rewrite_ += rd.entries.size() + (rd.has_hard_state ? 1 : 0);
  // Hard-state records and overwritten entries pile up without snapshots;
  // rewrite once the file holds mostly dead records.
  if (records_since_rewrite_ > 4 * state_.entries.size() + 10000) {
    return RewriteLog();
  }
  // Only the commit index moved: types.h says losing it is safe (it is
  // re-learned from the leader), so it rides along with the next fsync
  // instead of costing one of its own on every commit advance.
  return Append(bytes, /*sync=*/!commit_only);
}

}  // namespace raft
