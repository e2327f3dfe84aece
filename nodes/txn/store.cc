#include "nodes/txn/store.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "runtime/check.h"

namespace txn {

Store::Store(int self, int node_count)
    : self_(self), applied_(size_t(node_count), 0), peer_clock_(size_t(node_count), 0) {
  KIT_CHECK(node_count > 0);
  KIT_CHECK(self >= 0);
  KIT_CHECK(self < node_count);
}

runtime::Result<void> Store::CheckKinds(const std::vector<MicroOp>& ops) const {
  absl::flat_hash_set<int64_t> written, appended;
  for (const MicroOp& op : ops) {
    if (op.kind == OpKind::kWrite) {
      if (lists_.contains(op.key) || appended.contains(op.key)) {
        return runtime::Error::Malformed(absl::StrCat("key ", op.key, " is a list; it cannot be written with w"));
      }
      written.insert(op.key);
    } else if (op.kind == OpKind::kAppend) {
      if (registers_.contains(op.key) || written.contains(op.key)) {
        return runtime::Error::Malformed(absl::StrCat("key ", op.key, " is a register; it cannot be appended to"));
      }
      appended.insert(op.key);
    }
  }
  return {};
}

runtime::Result<Store::Outcome> Store::Execute(const std::vector<MicroOp>& ops) {
  runtime::Result<void> kinds = CheckKinds(ops);
  if (!kinds.ok()) return kinds.error();

  Outcome out;
  out.reads.resize(ops.size());
  // The txn's own writes so far, which its later reads see (registers), and
  // its appends, which only a peerless node may show (see store.h).
  absl::flat_hash_map<int64_t, int64_t> own_registers;
  absl::flat_hash_map<int64_t, std::vector<int64_t>> own_appends;
  std::vector<Write> writes;
  for (size_t i = 0; i < ops.size(); ++i) {
    const MicroOp& op = ops[i];
    switch (op.kind) {
      case OpKind::kRead: {
        auto own_list = own_appends.find(op.key);
        if (lists_.contains(op.key) || own_list != own_appends.end()) {
          std::vector<int64_t> list = StablePrefix(op.key);
          if (node_count() == 1 && own_list != own_appends.end()) {
            list.insert(list.end(), own_list->second.begin(), own_list->second.end());
          }
          if (!list.empty()) out.reads[i] = std::move(list);
        } else if (auto own = own_registers.find(op.key); own != own_registers.end()) {
          out.reads[i] = own->second;
        } else if (auto it = registers_.find(op.key); it != registers_.end()) {
          out.reads[i] = it->second.value;
        }
        break;
      }
      case OpKind::kWrite:
        own_registers[op.key] = op.value;
        writes.push_back(Write{op.kind, op.key, op.value});
        break;
      case OpKind::kAppend:
        own_appends[op.key].push_back(op.value);
        writes.push_back(Write{op.kind, op.key, op.value});
        break;
    }
  }
  if (writes.empty()) return out;

  // Only a register's final write of this txn leaves it: nobody else may
  // ever read an intermediate one (G1b). Appends all stay, in order.
  absl::flat_hash_map<int64_t, size_t> last_write;
  for (size_t i = 0; i < writes.size(); ++i) {
    if (writes[i].kind == OpKind::kWrite) last_write[writes[i].key] = i;
  }
  Record record;
  record.seq = applied_[size_t(self_)] + 1;
  record.lamport = clock_ + 1;
  record.deps = applied_;
  for (size_t i = 0; i < writes.size(); ++i) {
    if (writes[i].kind == OpKind::kWrite && last_write[writes[i].key] != i) continue;
    record.writes.push_back(writes[i]);
  }
  Install(record, self_);
  applied_[size_t(self_)] = record.seq;
  clock_ = record.lamport;
  out.record = std::move(record);
  return out;
}

Store::ApplyStatus Store::Apply(int origin, const Record& record) {
  KIT_CHECK(origin >= 0);
  KIT_CHECK(origin < node_count());
  KIT_CHECK(origin != self_);
  KIT_CHECK(record.deps.size() == applied_.size());
  int64_t& applied = applied_[size_t(origin)];
  if (record.seq <= applied) return ApplyStatus::kDuplicate;
  if (record.seq > applied + 1) return ApplyStatus::kGap;
  // Causal delivery: whatever the origin had seen when the txn ran is here
  // first, so a txn that reads this record's writes cannot miss theirs. Our
  // own records are all here unless we restarted, which is out of scope.
  for (int q = 0; q < node_count(); ++q) {
    if (q == origin || q == self_) continue;
    if (applied_[size_t(q)] < record.deps[size_t(q)]) return ApplyStatus::kBlocked;
  }
  Install(record, origin);
  applied = record.seq;
  clock_ = std::max(clock_, record.lamport);
  return ApplyStatus::kApplied;
}

void Store::Install(const Record& record, int origin) {
  const Stamp stamp{record.lamport, int32_t(origin)};
  for (size_t i = 0; i < record.writes.size(); ++i) {
    const Write& w = record.writes[i];
    if (w.kind == OpKind::kWrite) {
      auto [it, fresh] = registers_.try_emplace(w.key, Version{w.value, stamp});
      if (!fresh && it->second.stamp < stamp) it->second = Version{w.value, stamp};
      continue;
    }
    KIT_CHECK(w.kind == OpKind::kAppend);
    std::vector<Element>& list = lists_[w.key];
    Element e{stamp, int32_t(i), w.value};
    auto at = std::upper_bound(list.begin(), list.end(), e,
                               [](const Element& a, const Element& b) { return a.Order() < b.Order(); });
    list.insert(at, e);
  }
}

void Store::ObserveClock(int origin, int64_t clock, int64_t upto) {
  KIT_CHECK(origin >= 0);
  KIT_CHECK(origin < node_count());
  clock_ = std::max(clock_, clock);
  if (origin == self_) return;
  if (applied_[size_t(origin)] >= upto) {
    peer_clock_[size_t(origin)] = std::max(peer_clock_[size_t(origin)], clock);
  }
}

int64_t Store::stable() const {
  int64_t stable = clock_;
  for (int q = 0; q < node_count(); ++q) {
    if (q != self_) stable = std::min(stable, peer_clock_[size_t(q)]);
  }
  return stable;
}

std::vector<int64_t> Store::StablePrefix(int64_t key) const {
  std::vector<int64_t> out;
  auto it = lists_.find(key);
  if (it == lists_.end()) return out;
  const int64_t stable_lamport = stable();
  for (const Element& e : it->second) {
    if (e.stamp.lamport > stable_lamport) break;  // sorted by stamp: the rest is later
    out.push_back(e.value);
  }
  return out;
}

std::optional<int64_t> Store::Register(int64_t key) const {
  auto it = registers_.find(key);
  if (it == registers_.end()) return std::nullopt;
  return it->second.value;
}

std::vector<int64_t> Store::List(int64_t key, bool stable_only) const {
  if (stable_only) return StablePrefix(key);
  std::vector<int64_t> out;
  auto it = lists_.find(key);
  if (it == lists_.end()) return out;
  for (const Element& e : it->second) out.push_back(e.value);
  return out;
}

}  // namespace txn
