// WorstRealtimeLag (kafka_cases.h), Jepsen's realtime-lag reduced to its
// maximum. Jepsen keeps, per key, a vector indexed by raw offset of the time
// each offset stopped being the tail; offsets may be sparse and large, so
// here each key keeps only the steps of its running maximum known offset
// (the time an op first showed an offset >= o is the time of the first step
// reaching o), and a poll's lag is found by binary search.
#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "harness/checkers/kafka_cases.h"

namespace harness::kafka {
namespace {

struct Step {
  int64_t max_offset;  // the running maximum known offset of the key ...
  int64_t time_ns;     // ... from this completion on
};

// Highest offset per key that `op` sent or polled.
void MaxOffsets(const KOp& op, absl::flat_hash_map<KeyId, int64_t>& out) {
  out.clear();
  auto bump = [&](KeyId k, int64_t o) {
    auto [it, inserted] = out.emplace(k, o);
    if (!inserted) it->second = std::max(it->second, o);
  };
  for (const Send& s : op.sends) {
    if (s.offset) bump(s.key, *s.offset);
  }
  for (const Poll& p : op.polls) {
    for (const auto& [o, m] : p.pairs) bump(p.key, o);
  }
}

}  // namespace

RealtimeLag WorstRealtimeLag(const KafkaHistory& h) {
  std::vector<std::vector<Step>> steps(h.keys.size());
  absl::flat_hash_map<KeyId, int64_t> known;
  for (const KOp& op : h.ops) {
    if (op.type != OpType::kOk && op.type != OpType::kInfo) continue;
    MaxOffsets(op, known);
    const int64_t t = (*h.history)[static_cast<size_t>(op.pos())].time_ns;
    for (const auto& [k, o] : known) {
      auto& s = steps[static_cast<size_t>(k)];
      if (s.empty() || s.back().max_offset < o) s.push_back({o, t});
    }
  }
  // When offset `o` of `k` was first known to exist (INT64_MAX: never).
  auto existed_at = [&](KeyId k, int64_t o) {
    const auto& s = steps[static_cast<size_t>(k)];
    auto it = std::lower_bound(s.begin(), s.end(), o,
                               [](const Step& a, int64_t x) { return a.max_offset < x; });
    return it == s.end() ? INT64_MAX : it->time_ns;
  };
  RealtimeLag worst;
  // Per process: assigned key -> highest offset it polled (-1 for none).
  absl::flat_hash_map<int64_t, absl::flat_hash_map<KeyId, int64_t>> offsets;
  for (const KOp& op : h.ops) {
    if (op.type != OpType::kOk) continue;
    auto& mine = offsets[op.process];
    if (op.kind == Kind::kAssign) {
      absl::flat_hash_map<KeyId, int64_t> next;
      for (KeyId k : op.assigned) {
        auto it = mine.find(k);
        next[k] = it == mine.end() ? -1 : it->second;
      }
      mine = std::move(next);
      continue;
    }
    if (op.kind != Kind::kPoll) continue;
    MaxOffsets(op, known);
    for (const auto& [k, o] : known) {
      auto [it, inserted] = mine.emplace(k, o);
      if (!inserted) it->second = std::max(it->second, o);
    }
    for (const auto& [k, o] : mine) {
      const int64_t expired = existed_at(k, o + 1);
      if (expired == INT64_MAX) continue;
      const int64_t lag = op.invoke_ns - expired;
      if (lag > worst.lag_ns) {
        worst = {op.invoke_ns, op.process, h.keys[static_cast<size_t>(k)], lag};
      }
    }
  }
  return worst;
}

}  // namespace harness::kafka
