#include "harness/linearizability/prune_rules.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "absl/container/flat_hash_map.h"

namespace harness::lin {
namespace {

void Check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "prune rules: check failed: %s\n", what);
    std::abort();
  }
}

}  // namespace

RegisterRules::RegisterRules(const std::vector<SearchOp>& ops, const RegisterModel& model)
    : ops_(ops), nil_read_passes_(model.nil_read_passes), lifted_(ops.size(), false) {
  State max_value = kNil;
  for (const SearchOp& op : ops) {
    Check(op.kind == OpKind::kRead || op.kind == OpKind::kWrite || op.kind == OpKind::kCas,
          "register op");
    Check(op.a >= kNil && op.b >= kNil, "register value id");
    max_value = std::max({max_value, op.a, op.b});
  }
  needs_.assign(Slot(max_value) + 1, 0);
  producers_.assign(Slot(max_value) + 1, 0);
  observers_.assign(Slot(max_value) + 1, 0);
  for (const SearchOp& op : ops) {
    State v;
    if (Needs(op, &v)) ++needs_[Slot(v)];
    if (Produces(op, &v)) ++producers_[Slot(v)];
    if (Observes(op, &v)) ++observers_[Slot(v)];
  }
  for (size_t slot = 0; slot < needs_.size(); ++slot) starved_ += Starved(slot) ? 1 : 0;
}

// Indefinite ops need nothing: they may never take effect.
bool RegisterRules::Needs(const SearchOp& op, State* v) const {
  if (op.indefinite) return false;
  if (op.kind == OpKind::kRead) {
    *v = op.a;
    return !(nil_read_passes_ && op.a == kNil);
  }
  *v = op.a;
  return op.kind == OpKind::kCas;
}

bool RegisterRules::Observes(const SearchOp& op, State* v) const {
  *v = op.a;
  if (op.kind == OpKind::kCas) return true;
  return op.kind == OpKind::kRead && !(nil_read_passes_ && op.a == kNil);
}

bool RegisterRules::Produces(const SearchOp& op, State* v) const {
  if (op.kind == OpKind::kRead) return false;
  *v = op.kind == OpKind::kWrite ? op.a : op.b;
  return true;
}

void RegisterRules::Change(std::vector<int32_t>& counts, State v, int32_t delta) {
  const size_t slot = Slot(v);
  starved_ -= Starved(slot) ? 1 : 0;
  counts[slot] += delta;
  Check(counts[slot] >= 0, "count below zero");
  starved_ += Starved(slot) ? 1 : 0;
}

void RegisterRules::Lift(size_t op) {
  lifted_[op] = true;
  while (first_unlifted_ < ops_.size() && lifted_[first_unlifted_]) ++first_unlifted_;
  State v;
  if (Needs(ops_[op], &v)) Change(needs_, v, -1);
  if (Produces(ops_[op], &v)) Change(producers_, v, -1);
  if (Observes(ops_[op], &v)) --observers_[Slot(v)];
}

void RegisterRules::Unlift(size_t op) {
  lifted_[op] = false;
  first_unlifted_ = std::min(first_unlifted_, op);
  State v;
  if (Needs(ops_[op], &v)) Change(needs_, v, +1);
  if (Produces(ops_[op], &v)) Change(producers_, v, +1);
  if (Observes(ops_[op], &v)) ++observers_[Slot(v)];
}

bool RegisterRules::Dead(State state) const {
  // The value the register holds now is reachable without a producer.
  const bool holds_starved = Slot(state) < needs_.size() && Starved(Slot(state));
  return starved_ - (holds_starved ? 1 : 0) > 0;
}

bool RegisterRules::Droppable(size_t op) const {
  State v;
  return ops_[op].indefinite && Produces(ops_[op], &v) && observers_[Slot(v)] == 0;
}

int32_t RegisterRules::Victim(State state) const {
  for (size_t i = first_unlifted_; i < ops_.size(); ++i) {
    State v;
    if (!lifted_[i] && Needs(ops_[i], &v) && v != state && Starved(Slot(v))) {
      return static_cast<int32_t>(i);
    }
  }
  return -1;
}

KvRules::KvRules(const std::vector<SearchOp>& ops, const KvModel* model, const StringTable& table)
    : ops_(ops), model_(model), lifted_(ops.size(), false), slot_(ops.size(), 0),
      rescuers_(ops.size(), 0), rescues_(ops.size()), out_of_order_(ops.size(), false) {
  std::vector<size_t> puts;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].kind == OpKind::kPut) puts.push_back(i);
    if (ops[i].kind != OpKind::kGet || ops[i].indefinite) continue;
    slot_[i] = model->SlotOf(ops[i].a);
    gets_by_return_.push_back(static_cast<int32_t>(i));
  }
  std::stable_sort(gets_by_return_.begin(), gets_by_return_.end(), [&](int32_t x, int32_t y) {
    return ops[static_cast<size_t>(x)].return_pos < ops[static_cast<size_t>(y)].return_pos;
  });
  get_rank_.assign(ops.size(), -1);
  for (size_t r = 0; r < gets_by_return_.size(); ++r) {
    get_rank_[static_cast<size_t>(gets_by_return_[r])] = static_cast<int32_t>(r);
  }
  for (size_t p : puts) {
    const State after_put = model->StateOf(ops[p].a);
    for (int32_t g : gets_by_return_) {
      const SearchOp& get = ops[static_cast<size_t>(g)];
      if (ops[p].call_pos < get.return_pos && model->IsPrefixOf(after_put, get.a)) {
        rescues_[p].push_back(g);
        ++rescuers_[static_cast<size_t>(g)];
      }
    }
  }
  for (int32_t g : gets_by_return_) {
    if (rescuers_[static_cast<size_t>(g)] == 0) Expose(static_cast<size_t>(g));
  }
  BuildPieces(table);
  droppable_.assign(ops.size(), false);
  std::vector<std::string_view> values;
  for (int32_t g : gets_by_return_) values.push_back(table.Get(ops[static_cast<size_t>(g)].a));
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  for (size_t i = 0; i < ops.size(); ++i) {
    if (!ops[i].indefinite) continue;
    if (ops[i].kind == OpKind::kPut) {
      droppable_[i] = model->StateOf(ops[i].a) == KvModel::kDead;
    } else if (ops[i].kind == OpKind::kAppend) {
      const std::string_view s = table.Get(ops[i].a);
      droppable_[i] = std::none_of(values.begin(), values.end(), [&](std::string_view v) {
        return v.find(s) != std::string_view::npos;
      });
    }
  }
}

void KvRules::BuildPieces(const StringTable& table) {
  // The pieces: every put and append string, each naming its one op.
  absl::flat_hash_map<std::string_view, int32_t> op_of;
  std::vector<std::string_view> strings;
  std::set<size_t> lengths;
  for (size_t i = 0; i < ops_.size(); ++i) {
    if (ops_[i].kind != OpKind::kPut && ops_[i].kind != OpKind::kAppend) continue;
    const std::string_view s = table.Get(ops_[i].a);
    if (s.empty() || !op_of.try_emplace(s, static_cast<int32_t>(i)).second) return;  // off
    strings.push_back(s);
    lengths.insert(s.size());
  }
  std::sort(strings.begin(), strings.end());
  for (size_t i = 1; i < strings.size(); ++i) {
    // Sorted, a string that is a prefix of another is a prefix of the next.
    if (strings[i].substr(0, strings[i - 1].size()) == strings[i - 1]) return;  // off
  }
  pieces_.assign(ops_.size(), {});
  preceded_.assign(ops_.size(), {});
  for (int32_t g : gets_by_return_) {
    const std::string_view v = table.Get(ops_[static_cast<size_t>(g)].a);
    std::vector<int32_t>& pieces = pieces_[static_cast<size_t>(g)];
    size_t at = 0;
    while (at < v.size()) {
      int32_t op = -1;
      for (size_t len : lengths) {
        if (at + len > v.size()) break;
        auto it = op_of.find(v.substr(at, len));
        if (it != op_of.end()) {
          op = it->second;
          at += len;
          break;
        }
      }
      if (op < 0) break;  // g can never be read; the search finds that itself
      pieces.push_back(op);
    }
    if (at < v.size()) pieces.clear();
    for (size_t i = 1; i < pieces.size(); ++i) {
      std::vector<int32_t>& before = preceded_[static_cast<size_t>(pieces[i])];
      if (std::find(before.begin(), before.end(), pieces[i - 1]) == before.end()) {
        before.push_back(pieces[i - 1]);
      }
    }
  }
}

void KvRules::Expose(size_t get) { exposed_.insert(slot_[get]); }
void KvRules::Cover(size_t get) { exposed_.erase(exposed_.find(slot_[get])); }

void KvRules::Lift(size_t op) {
  lifted_[op] = true;
  while (first_get_ < gets_by_return_.size() &&
         lifted_[static_cast<size_t>(gets_by_return_[first_get_])]) {
    ++first_get_;
  }
  const SearchOp& o = ops_[op];
  if (o.kind == OpKind::kAppend && !preceded_.empty()) {
    for (int32_t before : preceded_[op]) {
      if (!lifted_[static_cast<size_t>(before)]) {
        out_of_order_[op] = true;
        ++out_of_order_count_;
        break;
      }
    }
  }
  if (o.kind == OpKind::kGet && !o.indefinite && rescuers_[op] == 0) Cover(op);
  if (o.kind != OpKind::kPut) return;
  for (int32_t g : rescues_[op]) {
    const size_t get = static_cast<size_t>(g);
    if (--rescuers_[get] == 0 && !lifted_[get]) Expose(get);
  }
}

void KvRules::Unlift(size_t op) {
  lifted_[op] = false;
  if (get_rank_[op] >= 0) first_get_ = std::min(first_get_, static_cast<size_t>(get_rank_[op]));
  const SearchOp& o = ops_[op];
  if (out_of_order_[op]) {
    out_of_order_[op] = false;
    --out_of_order_count_;
  }
  if (o.kind == OpKind::kGet && !o.indefinite && rescuers_[op] == 0) Expose(op);
  if (o.kind != OpKind::kPut) return;
  for (int32_t g : rescues_[op]) {
    const size_t get = static_cast<size_t>(g);
    if (rescuers_[get]++ == 0 && !lifted_[get]) Cover(get);
  }
}

bool KvRules::Dead(State state) const {
  if (out_of_order_count_ > 0) return true;
  if (exposed_.empty()) return false;
  return !model_->IsPrefixOfSlots(state, *exposed_.begin(), *exposed_.rbegin());
}

bool KvRules::Reachable(size_t get, State state) const {
  return rescuers_[get] > 0 || model_->IsPrefixOf(state, ops_[get].a);
}

int32_t KvRules::Victim(State state) const {
  if (out_of_order_count_ > 0) {
    // A get that shows a lifted append right after an op not yet lifted.
    for (size_t r = first_get_; r < gets_by_return_.size(); ++r) {
      const int32_t g = gets_by_return_[r];
      const std::vector<int32_t>& pieces = pieces_[static_cast<size_t>(g)];
      for (size_t i = 1; i < pieces.size(); ++i) {
        if (lifted_[static_cast<size_t>(pieces[i])] && !lifted_[static_cast<size_t>(pieces[i - 1])] &&
            !lifted_[static_cast<size_t>(g)]) {
          return g;
        }
      }
    }
  }
  for (size_t r = first_get_; r < gets_by_return_.size(); ++r) {
    const int32_t g = gets_by_return_[r];
    if (!lifted_[static_cast<size_t>(g)] && !Reachable(static_cast<size_t>(g), state)) return g;
  }
  return -1;
}

}  // namespace harness::lin
