#include "harness/linearizability/search.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <type_traits>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "harness/linearizability/prune_rules.h"

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
  // Ops for which `skip` says true are left out (never lifted).
  template <class Skip>
  EntryList(const std::vector<SearchOp>& ops, Skip skip)
      : sentinel_(static_cast<int32_t>(2 * ops.size())), next_(2 * ops.size() + 1),
        prev_(2 * ops.size() + 1) {
    std::vector<int32_t> order;
    for (size_t i = 0; i < ops.size(); ++i) {
      if (skip(i)) continue;
      order.push_back(static_cast<int32_t>(2 * i));
      order.push_back(static_cast<int32_t>(2 * i + 1));
    }
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

// The search as a resumable state machine: Advance runs the loop for a
// number of steps and returns with every variable kept, so the checker can
// interleave keys. Rules is RegisterRules or KvRules (prune_rules.h).
template <class Model, class Rules>
class Engine final : public KeySearch {
 public:
  Engine(const std::vector<SearchOp>& ops, Model model, const StringTable* table = nullptr)
      : ops_(ops), model_(std::move(model)), rules_(MakeRules(ops, table)),
        list_(ops, [this](size_t op) { return rules_.Droppable(op); }),
        cache_((ops.size() + 63) / 64), bits_((ops.size() + 63) / 64, 0), zobrist_(ops.size()) {
    Check(ops.size() < (size_t{1} << 30), "partition too large");
    for (const SearchOp& op : ops) Check(op.call_pos < op.return_pos, "call before return");
    uint64_t seed = 0x243f6a8885a308d3ULL;  // fixed: runs are reproducible
    for (auto& z : zobrist_) z = Mix(seed += 0x9e3779b97f4a7c15ULL);
    for (const SearchOp& op : ops) remaining_ += op.indefinite ? 0 : 1;
    stack_.reserve(ops.size());
    state_ = model_.Init();
    entry_ = list_.first();
    if (remaining_ == 0) Decide(Verdict::kLinearizable);
  }

  bool decided() const override { return result_.verdict != Verdict::kUnknown; }

  size_t memory_bytes() const override {
    return cache_.memory_bytes() + stack_.capacity() * sizeof(Frame) + ModelMemory();
  }

  SearchResult Result() const override {
    SearchResult r = result_;
    r.cache_entries = static_cast<int64_t>(cache_.size());
    return r;
  }

  bool Advance(int64_t steps) override {
    for (int64_t i = 0; i < steps && !decided(); ++i) Step();
    return decided();
  }

 private:
  struct Frame {
    int32_t call;
    State state_before;
    bool forced;  // a read lifted as soon as legal: no alternative to try
  };

  Rules MakeRules(const std::vector<SearchOp>& ops, const StringTable* table) {
    if constexpr (std::is_same_v<Rules, KvRules>) {
      return KvRules(ops, &model_, *table);
    } else {
      return RegisterRules(ops, model_);
    }
  }
  size_t ModelMemory() const {
    if constexpr (std::is_same_v<Model, KvModel>) {
      return model_.memory_bytes();
    } else {
      return 0;
    }
  }

  void Decide(Verdict v) {
    result_.verdict = v;
    if (v != Verdict::kNotLinearizable) {
      // Only a refutation carries a dead end; a partial search proves nothing.
      result_.prefix.clear();
      result_.candidates.clear();
      result_.stuck_op = -1;
    }
  }

  // One entry visited: a call tried (lifted or passed over) or a return met.
  void Step() {
    ++result_.steps;
    Check(!list_.is_end(entry_), "a definite return remains");
    if (entry_ % 2 == 0) {
      TryLift();
      return;
    }
    // A return: its op had to take effect before every op still listed after
    // it, and no continuation from here reaches it. Remember the deepest
    // such dead end for the report, then backtrack.
    if (!have_best_ || stack_.size() > best_depth_) RecordDeadEnd(-1, entry_);
    Backtrack();
  }

  // The current configuration has no completion: take back lifts until one
  // has an alternative left. A read lifted as soon as it was legal (a
  // "forced" frame, see TryLift) has none: if the configuration after it
  // fails, so does the one before it, so the search keeps going back.
  void Backtrack() {
    while (true) {
      if (stack_.empty()) {
        Decide(Verdict::kNotLinearizable);
        return;
      }
      const Frame f = stack_.back();
      stack_.pop_back();
      low_water_ = std::min(low_water_, stack_.size());
      const size_t op = static_cast<size_t>(f.call / 2);
      bits_[op / 64] ^= uint64_t{1} << (op % 64);
      zob_ ^= zobrist_[op];
      state_ = f.state_before;
      if (!ops_[op].indefinite) ++remaining_;
      rules_.Unlift(op);
      list_.Unlift(f.call);
      if (!f.forced) {
        entry_ = list_.next(f.call);
        return;
      }
    }
  }

  // Remembers the dead end of the current configuration, plus `extra_call`
  // when it is >= 0 (a lift a rule refused): after the prefix, the op whose
  // return entry is `stuck_return` cannot be placed; candidates are the ops
  // still listed before that return (the stuck op's call among them).
  void RecordDeadEnd(int32_t extra_call, int32_t stuck_return) {
    have_best_ = true;
    best_depth_ = stack_.size() + (extra_call >= 0 ? 1 : 0);
    // Frames below the low-water mark are unchanged since the last record:
    // copy only the rest, so a search that goes forward records in O(1).
    const size_t keep = std::min(low_water_, recorded_frames_);
    result_.prefix.resize(keep);
    for (size_t i = keep; i < stack_.size(); ++i) result_.prefix.push_back(stack_[i].call / 2);
    recorded_frames_ = stack_.size();
    low_water_ = stack_.size();
    if (extra_call >= 0) result_.prefix.push_back(extra_call / 2);
    result_.stuck_op = stuck_return / 2;
    result_.candidates.clear();
    for (int32_t e = list_.first(); e != stuck_return; e = list_.next(e)) {
      if (e % 2 == 0 && e != extra_call) result_.candidates.push_back(e / 2);
    }
  }

  // A refused lift is a dead end one op deeper than the current prefix, and
  // usually a more telling one: the victim is the read that the lift would
  // make impossible. Its return entry is still listed (it is unlinearized).
  void RecordPruned(int32_t call, int32_t victim) {
    if (victim < 0 || ops_[static_cast<size_t>(victim)].indefinite) return;
    RecordDeadEnd(call, 2 * victim + 1);
  }

  // Reads commute with everything but writes, so a read that is legal now
  // may be linearized now: in any completion that places it later, the
  // state is unchanged between here and there (it is a completion, and a
  // read does not change the state), and moving it to the front breaks no
  // real-time order (it is callable: no remaining op completed before it
  // was invoked). So a legal read is lifted without keeping the
  // alternatives ("forced"); if its configuration is already known, or
  // dead, the current one is too.
  static bool IsRead(const SearchOp& op) {
    return op.kind == OpKind::kRead || op.kind == OpKind::kGet;
  }

  void TryLift() {
    const size_t op = static_cast<size_t>(entry_ / 2);
    State next_state;
    if (!model_.Step(state_, ops_[op], &next_state)) {
      entry_ = list_.next(entry_);
      return;
    }
    const bool forced = IsRead(ops_[op]);
    rules_.Lift(op);
    if (rules_.Dead(next_state)) {
      ++result_.pruned;
      if (!have_best_ || stack_.size() + 1 > best_depth_) {
        RecordPruned(entry_, rules_.Victim(next_state));
      }
      rules_.Unlift(op);
      if (forced) return Backtrack();
      entry_ = list_.next(entry_);
      return;
    }
    next_state = rules_.Canonical(next_state);
    bits_[op / 64] ^= uint64_t{1} << (op % 64);
    const uint64_t next_zob = zob_ ^ zobrist_[op];
    const uint64_t key = Mix(next_zob ^ Mix(static_cast<uint64_t>(next_state)));
    if (cache_.Insert(bits_, key, next_state)) {
      stack_.push_back({entry_, state_, forced});
      state_ = next_state;
      zob_ = next_zob;
      list_.Lift(entry_);
      if (!ops_[op].indefinite) --remaining_;
      entry_ = list_.first();
      if (remaining_ == 0) Decide(Verdict::kLinearizable);
      return;
    }
    bits_[op / 64] ^= uint64_t{1} << (op % 64);
    rules_.Unlift(op);
    if (forced) return Backtrack();
    entry_ = list_.next(entry_);
  }

  const std::vector<SearchOp>& ops_;
  Model model_;
  Rules rules_;
  EntryList list_;
  ConfigCache cache_;
  std::vector<uint64_t> bits_;
  std::vector<uint64_t> zobrist_;
  int64_t remaining_ = 0;  // definite ops not yet linearized
  std::vector<Frame> stack_;
  State state_ = 0;
  uint64_t zob_ = 0;
  size_t best_depth_ = 0;
  bool have_best_ = false;
  size_t recorded_frames_ = 0;  // stack frames in result_.prefix
  size_t low_water_ = 0;        // lowest stack height since the last record
  int32_t entry_ = 0;
  SearchResult result_;
};

}  // namespace

// A key the real-time refutation already decided: no steps, no memory.
class Refuted final : public KeySearch {
 public:
  // `model`: the register's, to build the prefix; null for kv.
  Refuted(const std::vector<SearchOp>& ops, const RegisterModel* model,
          RealTimeRefutation refutation) {
    result_.verdict = Verdict::kNotLinearizable;
    result_.stuck_op = refutation.reader;
    // With one writer and one overwriter (unique values), "writer then
    // overwriter" is the report's prefix when it is a legal run from the
    // start (two writes; not a cas expecting some other value): then the
    // report shows the state the reader finds, as a search's dead end does.
    if (model != nullptr && refutation.producers.size() == 1 && refutation.producers[0].producer >= 0 &&
        refutation.producers[0].overwriter >= 0) {
      const std::vector<int32_t> run = {refutation.producers[0].producer,
                                        refutation.producers[0].overwriter};
      State s = model->Init();
      bool legal = true;
      for (int32_t id : run) legal = legal && model->Step(s, ops[static_cast<size_t>(id)], &s);
      if (legal) result_.prefix = run;
    }
    std::vector<int32_t> ids = {refutation.reader};
    if (refutation.missing_append >= 0) ids.push_back(refutation.missing_append);
    if (refutation.future_op >= 0) ids.push_back(refutation.future_op);
    if (refutation.reordered.first >= 0) {
      ids.push_back(refutation.reordered.first);
      ids.push_back(refutation.reordered.second);
    }
    for (const RealTimeRefutation::Excluded& e : refutation.producers) {
      if (e.producer >= 0) ids.push_back(e.producer);
      if (e.overwriter >= 0) ids.push_back(e.overwriter);
    }
    std::erase_if(ids, [&](int32_t id) {
      return std::find(result_.prefix.begin(), result_.prefix.end(), id) != result_.prefix.end();
    });
    std::sort(ids.begin(), ids.end(), [&](int32_t x, int32_t y) {
      return ops[static_cast<size_t>(x)].call_pos < ops[static_cast<size_t>(y)].call_pos;
    });
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    result_.candidates = std::move(ids);
    result_.refutation = std::move(refutation);
  }
  bool Advance(int64_t) override { return true; }
  bool decided() const override { return true; }
  size_t memory_bytes() const override { return 0; }
  SearchResult Result() const override { return result_; }

 private:
  SearchResult result_;
};

std::unique_ptr<KeySearch> NewRegisterSearch(const std::vector<SearchOp>& ops,
                                             RegisterModel model) {
  if (std::optional<RealTimeRefutation> r = RefuteRegister(ops, model)) {
    return std::make_unique<Refuted>(ops, &model, std::move(*r));
  }
  return std::make_unique<Engine<RegisterModel, RegisterRules>>(ops, model);
}

std::unique_ptr<KeySearch> NewKvSearch(const std::vector<SearchOp>& ops,
                                       const StringTable* table) {
  if (std::optional<RealTimeRefutation> r = RefuteKv(ops, *table)) {
    return std::make_unique<Refuted>(ops, nullptr, std::move(*r));
  }
  return std::make_unique<Engine<KvModel, KvRules>>(ops, KvModel(table, ops), table);
}

SearchResult RunSearch(KeySearch& search, const Budget& budget) {
  // Memory is looked at between slices of steps; both counts are
  // deterministic, so the verdict does not depend on the machine's load.
  constexpr int64_t kSlice = 1 << 14;
  int64_t spent = 0;
  while (!search.decided()) {
    if (spent >= budget.max_steps) {
      SearchResult r = search.Result();
      r.unknown_reason = "step budget exceeded";
      return r;
    }
    if (search.memory_bytes() > budget.memory_bytes) {
      SearchResult r = search.Result();
      r.unknown_reason = "memory budget exceeded";
      return r;
    }
    const int64_t slice = std::min(kSlice, budget.max_steps - spent);
    search.Advance(slice);
    spent += slice;
  }
  return search.Result();
}

SearchResult Search(const std::vector<SearchOp>& ops, const RegisterModel& model,
                    const Budget& budget) {
  std::unique_ptr<KeySearch> search = NewRegisterSearch(ops, model);
  return RunSearch(*search, budget);
}

SearchResult Search(const std::vector<SearchOp>& ops, const StringTable& table,
                    const Budget& budget) {
  std::unique_ptr<KeySearch> search = NewKvSearch(ops, &table);
  return RunSearch(*search, budget);
}

}  // namespace harness::lin
