#include "harness/linearizability/search_op.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace harness::lin {

bool RegisterModel::Step(State s, const SearchOp& op, State* next) const {
  switch (op.kind) {
    case OpKind::kRead:
      *next = s;
      return op.a == s || (nil_read_passes && op.a == kNil);
    case OpKind::kWrite:
      *next = op.a;
      return true;
    case OpKind::kCas:
      *next = op.b;
      return s == op.a;
    default:
      std::fprintf(stderr, "RegisterModel: kv op kind %d\n", static_cast<int>(op.kind));
      std::abort();
  }
}

StringTable::StringTable() { Intern(""); }

int64_t StringTable::Intern(std::string_view s) {
  auto [it, inserted] = ids_.try_emplace(std::string(s), static_cast<int64_t>(strings_.size()));
  if (inserted) strings_.emplace_back(s);
  return it->second;
}

const std::string& StringTable::Get(int64_t id) const {
  if (id < 0 || static_cast<size_t>(id) >= strings_.size()) {
    std::fprintf(stderr, "StringTable::Get: bad id %lld\n", static_cast<long long>(id));
    std::abort();
  }
  return strings_[static_cast<size_t>(id)];
}

namespace {

constexpr State kPutKey = -3;

// Compares v with head + tail without building the concatenation.
int CompareConcat(std::string_view v, std::string_view head, std::string_view tail) {
  const size_t n = std::min(v.size(), head.size());
  if (int c = v.substr(0, n).compare(head.substr(0, n)); c != 0) return c;
  if (v.size() < head.size()) return -1;
  return v.substr(head.size()).compare(tail);
}

bool StartsWithConcat(std::string_view v, std::string_view head, std::string_view tail) {
  return v.size() >= head.size() + tail.size() && v.substr(0, head.size()) == head &&
         v.substr(head.size(), tail.size()) == tail;
}

State Pack(size_t slot, size_t length) {
  return static_cast<State>((static_cast<uint64_t>(slot) << 32) | static_cast<uint64_t>(length));
}
size_t SlotOfState(State s) { return static_cast<size_t>(static_cast<uint64_t>(s) >> 32); }
size_t LengthOf(State s) { return static_cast<size_t>(static_cast<uint64_t>(s) & 0xffffffffu); }

}  // namespace

KvModel::KvModel(const StringTable* table, const std::vector<SearchOp>& ops) : table_(table) {
  for (const SearchOp& op : ops) {
    if (op.kind == OpKind::kGet && !op.indefinite) values_.push_back(table_->Get(op.a));
  }
  std::sort(values_.begin(), values_.end());
  values_.erase(std::unique(values_.begin(), values_.end()), values_.end());
  for (const std::string_view v : values_) {
    if (v.size() >= (size_t{1} << 32)) {
      std::fprintf(stderr, "KvModel: a get value of %zu bytes\n", v.size());
      std::abort();
    }
  }
  for (const SearchOp& op : ops) {
    if (op.kind != OpKind::kGet || op.indefinite) continue;
    const std::string_view v = table_->Get(op.a);
    value_slot_[op.a] =
        static_cast<int32_t>(std::lower_bound(values_.begin(), values_.end(), v) - values_.begin());
  }
  // lcp_table_[0][i] = lcp(values_[i-1], values_[i]); level l holds the
  // minimum over 2^l consecutive entries, so any range minimum is two reads.
  std::vector<uint32_t> base(values_.size(), 0);
  for (size_t i = 1; i < values_.size(); ++i) {
    const std::string_view a = values_[i - 1], b = values_[i];
    size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
    base[i] = static_cast<uint32_t>(n);
  }
  lcp_table_.push_back(std::move(base));
  for (size_t width = 2; width <= values_.size(); width *= 2) {
    const std::vector<uint32_t>& prev = lcp_table_.back();
    std::vector<uint32_t> level(values_.size() - width + 1);
    for (size_t i = 0; i < level.size(); ++i) level[i] = std::min(prev[i], prev[i + width / 2]);
    lcp_table_.push_back(std::move(level));
  }
  init_ = Canonical("");
}

size_t KvModel::Lcp(size_t i, size_t k) const {
  if (i == k) return values_[i].size();
  // min of base[i+1 .. k]
  const size_t lo = i + 1, count = k - i;
  size_t level = 0;
  while ((size_t{2} << level) <= count) ++level;
  const std::vector<uint32_t>& t = lcp_table_[level];
  return std::min(t[lo], t[k + 1 - (size_t{1} << level)]);
}

State KvModel::Canonical(std::string_view s) const {
  auto it = std::lower_bound(values_.begin(), values_.end(), s);
  if (it == values_.end() || it->size() < s.size() || it->substr(0, s.size()) != s) return kDead;
  return Pack(static_cast<size_t>(it - values_.begin()), s.size());
}

State KvModel::Append(State s, std::string_view suffix) const {
  if (s == kDead) return kDead;
  const size_t slot = SlotOfState(s), length = LengthOf(s);
  const std::string_view head = values_[slot].substr(0, length);
  // Strings starting with head + suffix form a run of the sorted values at
  // or after `slot` (every one also starts with head); find its first.
  auto it = std::lower_bound(values_.begin() + static_cast<std::ptrdiff_t>(slot), values_.end(),
                             0, [&](std::string_view v, int) {
                               return CompareConcat(v, head, suffix) < 0;
                             });
  if (it == values_.end() || !StartsWithConcat(*it, head, suffix)) return kDead;
  return Pack(static_cast<size_t>(it - values_.begin()), length + suffix.size());
}

size_t KvModel::SlotOf(int64_t get_value) const {
  auto it = value_slot_.find(get_value);
  if (it == value_slot_.end()) {
    std::fprintf(stderr, "KvModel::SlotOf: %lld is no get value\n", static_cast<long long>(get_value));
    std::abort();
  }
  return static_cast<size_t>(it->second);
}

bool KvModel::IsPrefixOfSlots(State s, size_t min_slot, size_t max_slot) const {
  if (s == kDead) return false;
  const size_t slot = SlotOfState(s);
  // The values starting with S are the run of sorted values that begins at
  // `slot` (S's canonical slot); a value k >= slot is in that run iff it
  // shares S's length with values[slot], and the run is contiguous, so
  // checking its far end covers everything between.
  return min_slot >= slot && Lcp(slot, max_slot) >= LengthOf(s);
}

bool KvModel::IsPrefixOf(State s, int64_t get_value) const {
  const size_t k = SlotOf(get_value);
  return IsPrefixOfSlots(s, k, k);
}

bool KvModel::Step(State s, const SearchOp& op, State* next) {
  switch (op.kind) {
    case OpKind::kGet: {
      *next = s;
      auto it = value_slot_.find(op.a);
      // A get that is not definite has no slot; none reaches the search.
      if (it == value_slot_.end() || s == kDead) return false;
      return s == Pack(static_cast<size_t>(it->second), values_[static_cast<size_t>(it->second)].size());
    }
    case OpKind::kPut:
    case OpKind::kAppend: {
      const bool put = op.kind == OpKind::kPut;
      if (!put && s == kDead) {
        *next = kDead;
        return true;
      }
      auto [it, inserted] = transitions_.try_emplace({put ? kPutKey : s, op.a}, kDead);
      if (inserted) {
        it->second = put ? Canonical(table_->Get(op.a)) : Append(s, table_->Get(op.a));
      }
      *next = it->second;
      return true;
    }
    default:
      std::fprintf(stderr, "KvModel: register op kind %d\n", static_cast<int>(op.kind));
      std::abort();
  }
}

}  // namespace harness::lin
