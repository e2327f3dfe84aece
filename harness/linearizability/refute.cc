#include "harness/linearizability/refute.h"

#include <algorithm>
#include <limits>
#include <numeric>

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

}  // namespace harness::lin
