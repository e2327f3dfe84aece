#include "harness/linearizability/search.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>

#include "absl/container/flat_hash_set.h"

namespace harness::lin {
namespace {

void Check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "linearizability search: check failed: %s\n", what);
    std::abort();
  }
}

uint64_t Mix(uint64_t x) {
  // splitmix64's finaliser: spreads the Zobrist xor and the state over all bits.
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// The set of configurations already explored: (linearized-op bitset, state).
// Entries live in one arena of words [hash, state, bits...] so that an
// insertion allocates nothing but the arena's amortised growth; the hash set
// holds arena slots.
class ConfigCache {
 public:
  explicit ConfigCache(size_t words)
      : words_(words), stride_(words + 2), set_(16, SlotHash{this}, SlotEq{this}) {}
  ConfigCache(const ConfigCache&) = delete;
  ConfigCache& operator=(const ConfigCache&) = delete;

  // Returns true and remembers the configuration if it is new.
  bool Insert(const std::vector<uint64_t>& bits, uint64_t hash, State state) {
    const size_t base = arena_.size();
    arena_.push_back(hash);
    arena_.push_back(static_cast<uint64_t>(state));
    arena_.insert(arena_.end(), bits.begin(), bits.end());
    const auto slot = static_cast<uint32_t>(base / stride_);
    if (set_.insert(slot).second) return true;
    arena_.resize(base);
    return false;
  }
  size_t size() const { return set_.size(); }
  size_t memory_bytes() const {
    return arena_.capacity() * sizeof(uint64_t) + set_.capacity() * (sizeof(uint32_t) + 1);
  }

 private:
  struct SlotHash {
    const ConfigCache* cache;
    size_t operator()(uint32_t slot) const { return cache->arena_[slot * cache->stride_]; }
  };
  struct SlotEq {
    const ConfigCache* cache;
    bool operator()(uint32_t x, uint32_t y) const {
      const uint64_t* a = cache->arena_.data() + x * cache->stride_;
      const uint64_t* b = cache->arena_.data() + y * cache->stride_;
      return std::equal(a, a + cache->stride_, b);
    }
  };

  size_t words_;
  size_t stride_;
  std::vector<uint64_t> arena_;
  absl::flat_hash_set<uint32_t, SlotHash, SlotEq> set_;
};

// Entry e of the list is op e/2's call when e is even, its return when odd;
// node 2n is the sentinel of a circular doubly linked list in event order.
class EntryList {
 public:
  explicit EntryList(const std::vector<SearchOp>& ops)
      : sentinel_(static_cast<int32_t>(2 * ops.size())), next_(2 * ops.size() + 1),
        prev_(2 * ops.size() + 1) {
    std::vector<int32_t> order(2 * ops.size());
    std::iota(order.begin(), order.end(), 0);
    auto pos = [&](int32_t e) {
      const SearchOp& op = ops[static_cast<size_t>(e / 2)];
      return e % 2 == 0 ? op.call_pos : op.return_pos;
    };
    // Stable: returns at kNeverReturns keep op order, which does not matter.
    std::stable_sort(order.begin(), order.end(),
                     [&](int32_t x, int32_t y) { return pos(x) < pos(y); });
    int32_t last = sentinel_;
    for (int32_t e : order) {
      next_[static_cast<size_t>(last)] = e;
      prev_[static_cast<size_t>(e)] = last;
      last = e;
    }
    next_[static_cast<size_t>(last)] = sentinel_;
    prev_[static_cast<size_t>(sentinel_)] = last;
  }

  int32_t first() const { return next_[static_cast<size_t>(sentinel_)]; }
  int32_t next(int32_t e) const { return next_[static_cast<size_t>(e)]; }
  bool is_end(int32_t e) const { return e == sentinel_; }

  // Removes op call/return pair; Unlift must undo lifts in reverse order.
  void Lift(int32_t call) {
    Unlink(call);
    Unlink(call + 1);
  }
  void Unlift(int32_t call) {
    Relink(call + 1);
    Relink(call);
  }

 private:
  void Unlink(int32_t e) {
    const auto i = static_cast<size_t>(e);
    next_[static_cast<size_t>(prev_[i])] = next_[i];
    prev_[static_cast<size_t>(next_[i])] = prev_[i];
  }
  void Relink(int32_t e) {
    const auto i = static_cast<size_t>(e);
    next_[static_cast<size_t>(prev_[i])] = e;
    prev_[static_cast<size_t>(next_[i])] = e;
  }

  int32_t sentinel_;
  std::vector<int32_t> next_;
  std::vector<int32_t> prev_;
};

template <class Model>
SearchResult SearchImpl(const std::vector<SearchOp>& ops, Model& model, const Budget& budget) {
  Check(ops.size() < (size_t{1} << 30), "partition too large");
  for (const SearchOp& op : ops) Check(op.call_pos < op.return_pos, "call before return");
  const size_t n = ops.size();
  SearchResult result;
  EntryList list(ops);
  ConfigCache cache((n + 63) / 64);
  std::vector<uint64_t> bits((n + 63) / 64, 0);
  std::vector<uint64_t> zobrist(n);
  uint64_t seed = 0x243f6a8885a308d3ULL;  // fixed: runs are reproducible
  for (auto& z : zobrist) z = Mix(seed += 0x9e3779b97f4a7c15ULL);

  int64_t remaining = 0;  // definite ops not yet linearized
  for (const SearchOp& op : ops) remaining += op.indefinite ? 0 : 1;
  struct Frame {
    int32_t call;
    State state_before;
  };
  std::vector<Frame> stack;
  stack.reserve(n);
  State state = model.Init();
  uint64_t zob = 0;
  size_t best_depth = 0;
  bool have_best = false;
  int32_t entry = list.first();
  uint64_t iterations = 0;

  while (remaining > 0) {
    if ((++iterations & 1023) == 0) {
      if (std::chrono::steady_clock::now() > budget.deadline) {
        result.unknown_reason = "time budget exceeded";
        break;
      }
      if (cache.memory_bytes() > budget.memory_bytes) {
        result.unknown_reason = "memory budget exceeded";
        break;
      }
    }
    Check(!list.is_end(entry), "a definite return remains");
    if (entry % 2 == 0) {
      const size_t op = static_cast<size_t>(entry / 2);
      State next_state;
      ++result.steps;
      if (model.Step(state, ops[op], &next_state)) {
        bits[op / 64] ^= uint64_t{1} << (op % 64);
        const uint64_t next_zob = zob ^ zobrist[op];
        const uint64_t key = Mix(next_zob ^ Mix(static_cast<uint64_t>(next_state)));
        if (cache.Insert(bits, key, next_state)) {
          stack.push_back({entry, state});
          state = next_state;
          zob = next_zob;
          list.Lift(entry);
          if (!ops[op].indefinite) --remaining;
          entry = list.first();
          continue;
        }
        bits[op / 64] ^= uint64_t{1} << (op % 64);
      }
      entry = list.next(entry);
      continue;
    }
    // A return: its op had to take effect before every op still listed after
    // it, and no continuation from here reaches it. Remember the deepest
    // such dead end for the report, then backtrack.
    if (!have_best || stack.size() > best_depth) {
      have_best = true;
      best_depth = stack.size();
      result.prefix.clear();
      for (const Frame& f : stack) result.prefix.push_back(f.call / 2);
      result.stuck_op = entry / 2;
      result.candidates.clear();
      for (int32_t e = list.first(); e != entry; e = list.next(e)) {
        // The stuck op's own call precedes its return, so it is listed too.
        if (e % 2 == 0) result.candidates.push_back(e / 2);
      }
    }
    if (stack.empty()) {
      result.verdict = Verdict::kNotLinearizable;
      result.cache_entries = static_cast<int64_t>(cache.size());
      return result;
    }
    const Frame f = stack.back();
    stack.pop_back();
    const size_t op = static_cast<size_t>(f.call / 2);
    bits[op / 64] ^= uint64_t{1} << (op % 64);
    zob ^= zobrist[op];
    state = f.state_before;
    if (!ops[op].indefinite) ++remaining;
    list.Unlift(f.call);
    entry = list.next(f.call);
  }
  result.cache_entries = static_cast<int64_t>(cache.size());
  if (remaining == 0) result.verdict = Verdict::kLinearizable;
  // Only a refutation carries a dead end; a partial search proves nothing.
  result.prefix.clear();
  result.candidates.clear();
  result.stuck_op = -1;
  return result;
}

}  // namespace

SearchResult Search(const std::vector<SearchOp>& ops, const RegisterModel& model,
                    const Budget& budget) {
  return SearchImpl(ops, model, budget);
}

SearchResult Search(const std::vector<SearchOp>& ops, KvModel& model, const Budget& budget) {
  return SearchImpl(ops, model, budget);
}

}  // namespace harness::lin
