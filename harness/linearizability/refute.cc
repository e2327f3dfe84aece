#include "harness/linearizability/refute.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string_view>

#include "absl/container/flat_hash_map.h"

namespace harness::lin {
namespace {

constexpr int64_t kBeforeEverything = std::numeric_limits<int64_t>::min();

bool IsWrite(const SearchOp& op) { return op.kind == OpKind::kWrite || op.kind == OpKind::kCas; }
State Installs(const SearchOp& op) { return op.kind == OpKind::kWrite ? op.a : op.b; }

// Definite writes/cas by invocation; query: the earliest-completing one
// invoked after a position.
class Separators {
 public:
  explicit Separators(const std::vector<SearchOp>& ops) {
    for (size_t i = 0; i < ops.size(); ++i) {
      if (IsWrite(ops[i]) && !ops[i].indefinite) by_call_.push_back(static_cast<int32_t>(i));
    }
    std::sort(by_call_.begin(), by_call_.end(),
              [&](int32_t x, int32_t y) { return ops[x].call_pos < ops[y].call_pos; });
    best_.resize(by_call_.size());
    for (size_t i = by_call_.size(); i-- > 0;) {
      const int32_t here = by_call_[i];
      best_[i] = here;
      if (i + 1 < by_call_.size() && ops[best_[i + 1]].return_pos < ops[here].return_pos) {
        best_[i] = best_[i + 1];
      }
    }
  }
  // A definite write/cas invoked after `after` that completed before
  // `before`, or -1.
  int32_t Between(const std::vector<SearchOp>& ops, int64_t after, int64_t before) const {
    const auto it = std::upper_bound(by_call_.begin(), by_call_.end(), after,
                                     [&](int64_t pos, int32_t id) { return pos < ops[id].call_pos; });
    if (it == by_call_.end()) return -1;
    const int32_t w = best_[static_cast<size_t>(it - by_call_.begin())];
    return ops[w].return_pos < before ? w : -1;
  }

 private:
  std::vector<int32_t> by_call_;
  std::vector<int32_t> best_;  // [i]: earliest-completing among by_call_[i..]
};

}  // namespace

std::optional<RealTimeRefutation> RefuteRegister(const std::vector<SearchOp>& ops,
                                                 const RegisterModel& model) {
  absl::flat_hash_map<State, std::vector<int32_t>> producers;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (IsWrite(ops[i])) producers[Installs(ops[i])].push_back(static_cast<int32_t>(i));
  }
  std::vector<int32_t> readers;
  for (size_t i = 0; i < ops.size(); ++i) {
    const SearchOp& op = ops[i];
    if (op.indefinite) continue;
    const bool reads = op.kind == OpKind::kRead && !(op.a == kNil && model.nil_read_passes);
    if (reads || op.kind == OpKind::kCas) readers.push_back(static_cast<int32_t>(i));
  }
  // Completion order: the report names the earliest impossible op.
  std::sort(readers.begin(), readers.end(),
            [&](int32_t x, int32_t y) { return ops[x].return_pos < ops[y].return_pos; });
  const Separators separators(ops);
  static const std::vector<int32_t> kNone;
  for (const int32_t r : readers) {
    const SearchOp& reader = ops[static_cast<size_t>(r)];
    const State u = reader.a;
    const auto found = producers.find(u);
    const std::vector<int32_t>& from = found == producers.end() ? kNone : found->second;
    if (from.size() + (u == kNil ? 1 : 0) > kMaxProducers) continue;
    RealTimeRefutation out;
    out.reader = r;
    bool all_excluded = true;
    auto exclude = [&](int32_t p, int64_t p_call, int64_t p_return) {
      if (reader.return_pos < p_call) {
        out.producers.push_back({p, -1});
        return true;
      }
      const int32_t w = separators.Between(ops, p_return, reader.call_pos);
      if (w < 0) return false;
      out.producers.push_back({p, w});
      return true;
    };
    if (u == kNil) all_excluded = exclude(-1, kBeforeEverything, kBeforeEverything);
    for (size_t k = 0; all_excluded && k < from.size(); ++k) {
      const SearchOp& p = ops[static_cast<size_t>(from[k])];
      all_excluded = exclude(from[k], p.call_pos, p.return_pos);
    }
    if (all_excluded) return out;
  }
  return std::nullopt;
}

namespace {

// Splits every definite get's value into put/append strings; empty when
// the strings are not a prefix code (then the rule is off).
std::vector<std::vector<int32_t>> SplitGets(const std::vector<SearchOp>& ops,
                                            const StringTable& table, bool* on) {
  absl::flat_hash_map<std::string_view, int32_t> op_of;
  std::vector<std::string_view> strings;
  std::vector<size_t> lengths;
  *on = false;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].kind != OpKind::kPut && ops[i].kind != OpKind::kAppend) continue;
    const std::string_view s = table.Get(ops[i].a);
    if (s.empty() || !op_of.try_emplace(s, static_cast<int32_t>(i)).second) return {};
    strings.push_back(s);
    lengths.push_back(s.size());
  }
  std::sort(strings.begin(), strings.end());
  for (size_t i = 1; i < strings.size(); ++i) {
    // Sorted, a string that is a prefix of another is a prefix of the next.
    if (strings[i].substr(0, strings[i - 1].size()) == strings[i - 1]) return {};
  }
  std::sort(lengths.begin(), lengths.end());
  lengths.erase(std::unique(lengths.begin(), lengths.end()), lengths.end());
  std::vector<std::vector<int32_t>> pieces(ops.size());
  for (size_t g = 0; g < ops.size(); ++g) {
    if (ops[g].kind != OpKind::kGet || ops[g].indefinite) continue;
    const std::string_view v = table.Get(ops[g].a);
    size_t at = 0;
    bool whole = true;
    while (at < v.size() && whole) {
      whole = false;
      for (size_t len : lengths) {  // a prefix code: at most one length matches
        if (at + len > v.size()) break;
        const auto it = op_of.find(v.substr(at, len));
        if (it == op_of.end()) continue;
        pieces[g].push_back(it->second);
        at += len;
        whole = true;
        break;
      }
    }
    if (!whole) pieces[g] = {-1};  // no split: unreadable, left to the search
  }
  *on = true;
  return pieces;
}

class Fenwick {
 public:
  explicit Fenwick(size_t n) : tree_(n + 1, 0) {}
  void Add(size_t i) {
    for (++i; i < tree_.size(); i += i & (~i + 1)) ++tree_[i];
  }
  int64_t Prefix(size_t n) const {  // count of positions < n
    int64_t sum = 0;
    for (; n > 0; n -= n & (~n + 1)) sum += tree_[n];
    return sum;
  }

 private:
  std::vector<int64_t> tree_;
};

}  // namespace

std::optional<RealTimeRefutation> RefuteKv(const std::vector<SearchOp>& ops,
                                           const StringTable& table) {
  bool on = false;
  const std::vector<std::vector<int32_t>> pieces = SplitGets(ops, table, &on);
  if (!on) return std::nullopt;
  std::vector<int32_t> gets, appends;
  for (size_t i = 0; i < ops.size(); ++i) {
    const auto id = static_cast<int32_t>(i);
    if (ops[i].kind == OpKind::kGet && !ops[i].indefinite) gets.push_back(id);
    if (ops[i].kind == OpKind::kAppend && !ops[i].indefinite) appends.push_back(id);
  }
  const auto by_call = [&](int32_t x, int32_t y) { return ops[x].call_pos < ops[y].call_pos; };
  std::sort(gets.begin(), gets.end(), by_call);
  // Appends: Fenwick positions by invocation, added in completion order.
  std::vector<int32_t> append_by_call = appends;
  std::sort(append_by_call.begin(), append_by_call.end(), by_call);
  std::vector<int32_t> append_by_return = appends;
  std::sort(append_by_return.begin(), append_by_return.end(),
            [&](int32_t x, int32_t y) { return ops[x].return_pos < ops[y].return_pos; });
  absl::flat_hash_map<int32_t, size_t> call_rank;
  for (size_t i = 0; i < append_by_call.size(); ++i) call_rank[append_by_call[i]] = i;
  Fenwick added(appends.size());
  size_t next_append = 0;
  int64_t added_count = 0;

  // The first refutable get in invocation order.
  RealTimeRefutation out;
  for (const int32_t g : gets) {
    const SearchOp& get = ops[static_cast<size_t>(g)];
    while (next_append < append_by_return.size() &&
           ops[append_by_return[next_append]].return_pos < get.call_pos) {
      added.Add(call_rank[append_by_return[next_append++]]);
      ++added_count;
    }
    const std::vector<int32_t>& shown = pieces[static_cast<size_t>(g)];
    if (!shown.empty() && shown[0] < 0) continue;
    for (const int32_t x : shown) {
      if (ops[x].call_pos > get.return_pos) {
        out.reader = g;
        out.future_op = x;
        return out;
      }
    }
    // Pieces in value order are in linearization order: a piece whose op
    // completed before an earlier piece's op was invoked is out of order.
    int64_t min_return = kNeverReturns;
    int32_t min_op = -1;
    for (size_t k = shown.size(); k-- > 0;) {
      const SearchOp& x = ops[static_cast<size_t>(shown[k])];
      if (min_op >= 0 && min_return < x.call_pos) {
        out.reader = g;
        out.reordered = {shown[k], min_op};
        return out;
      }
      if (x.return_pos < min_return) {
        min_return = x.return_pos;
        min_op = shown[k];
      }
    }
    // The split is unique, so the last put before g is g's first piece when
    // that is a put, and there is none otherwise: m is when it completed.
    const bool put_first = !shown.empty() && ops[static_cast<size_t>(shown[0])].kind == OpKind::kPut;
    const int64_t m = put_first ? ops[static_cast<size_t>(shown[0])].return_pos : kBeforeEverything;
    if (m == kNeverReturns) continue;
    // Appends added (completed before g was invoked) and invoked after m.
    const auto a_start = std::upper_bound(append_by_call.begin(), append_by_call.end(), m,
                                          [&](int64_t pos, int32_t id) { return pos < ops[id].call_pos; });
    const int64_t window = added_count - added.Prefix(static_cast<size_t>(a_start - append_by_call.begin()));
    if (window == 0) continue;
    int64_t shown_in_window = 0;
    absl::flat_hash_map<int32_t, bool> seen;
    for (const int32_t x : shown) {
      const SearchOp& op = ops[static_cast<size_t>(x)];
      if (op.kind == OpKind::kAppend && !op.indefinite && op.call_pos > m &&
          op.return_pos < get.call_pos && seen.try_emplace(x, true).second) {
        ++shown_in_window;
      }
    }
    if (shown_in_window >= window) continue;
    // Name one append of the window the value lacks (found once: O(n)).
    for (const int32_t a : appends) {
      const SearchOp& op = ops[static_cast<size_t>(a)];
      if (op.call_pos > m && op.return_pos < get.call_pos && !seen.contains(a)) {
        out.reader = g;
        out.missing_append = a;
        return out;
      }
    }
  }
  return std::nullopt;
}

}  // namespace harness::lin
