#include "harness/linearizability/prune_rules.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

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
  for (const SearchOp& op : ops) {
    State v;
    if (Needs(op, &v)) ++needs_[Slot(v)];
    if (Produces(op, &v)) ++producers_[Slot(v)];
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
  State v;
  if (Needs(ops_[op], &v)) Change(needs_, v, -1);
  if (Produces(ops_[op], &v)) Change(producers_, v, -1);
}

void RegisterRules::Unlift(size_t op) {
  lifted_[op] = false;
  State v;
  if (Needs(ops_[op], &v)) Change(needs_, v, +1);
  if (Produces(ops_[op], &v)) Change(producers_, v, +1);
}

bool RegisterRules::Dead(State state) const {
  // The value the register holds now is reachable without a producer.
  const bool holds_starved = Slot(state) < needs_.size() && Starved(Slot(state));
  return starved_ - (holds_starved ? 1 : 0) > 0;
}

int32_t RegisterRules::Victim(State state) const {
  for (size_t i = 0; i < ops_.size(); ++i) {
    State v;
    if (!lifted_[i] && Needs(ops_[i], &v) && v != state && Starved(Slot(v))) {
      return static_cast<int32_t>(i);
    }
  }
  return -1;
}

KvRules::KvRules(const std::vector<SearchOp>& ops, const KvModel* model)
    : ops_(ops), model_(model), rank_(ops.size(), -1), lifted_(ops.size(), false) {
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].kind == OpKind::kGet && !ops[i].indefinite) gets_.ops.push_back(static_cast<int32_t>(i));
    if (ops[i].kind == OpKind::kPut) puts_.ops.push_back(static_cast<int32_t>(i));
  }
  auto by = [&](auto pos) {
    return [&, pos](int32_t x, int32_t y) { return pos(ops[static_cast<size_t>(x)]) < pos(ops[static_cast<size_t>(y)]); };
  };
  std::stable_sort(gets_.ops.begin(), gets_.ops.end(), by([](const SearchOp& o) { return o.return_pos; }));
  std::stable_sort(puts_.ops.begin(), puts_.ops.end(), by([](const SearchOp& o) { return o.call_pos; }));
  for (size_t r = 0; r < gets_.ops.size(); ++r) rank_[static_cast<size_t>(gets_.ops[r])] = static_cast<int32_t>(r);
  for (size_t r = 0; r < puts_.ops.size(); ++r) rank_[static_cast<size_t>(puts_.ops[r])] = static_cast<int32_t>(r);
}

void KvRules::Advance(Queue& q) {
  while (q.first < q.ops.size() && lifted_[static_cast<size_t>(q.ops[q.first])]) ++q.first;
}

void KvRules::Lift(size_t op) {
  lifted_[op] = true;
  if (rank_[op] < 0) return;
  Queue& q = ops_[op].kind == OpKind::kPut ? puts_ : gets_;
  Advance(q);
}

void KvRules::Unlift(size_t op) {
  lifted_[op] = false;
  if (rank_[op] < 0) return;
  Queue& q = ops_[op].kind == OpKind::kPut ? puts_ : gets_;
  q.first = std::min(q.first, static_cast<size_t>(rank_[op]));
}

bool KvRules::Dead(State state) const {
  if (gets_.first >= gets_.ops.size()) return false;
  const SearchOp& g = ops_[static_cast<size_t>(gets_.ops[gets_.first])];
  if (puts_.first < puts_.ops.size() &&
      ops_[static_cast<size_t>(puts_.ops[puts_.first])].call_pos < g.return_pos) {
    return false;  // a put may come before g and replace the string
  }
  return !model_->IsPrefixOf(state, g.a);
}

int32_t KvRules::Victim(State state) const {
  return Dead(state) ? gets_.ops[gets_.first] : -1;
}

}  // namespace harness::lin
