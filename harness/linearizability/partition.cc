#include "harness/linearizability/partition.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace harness::lin {
namespace {

constexpr size_t kMaxMessages = 20;

void Note(std::vector<std::string>& list, std::string message) {
  if (list.size() < kMaxMessages) list.push_back(std::move(message));
}

// Pairs invocations with completions per process, in invocation order.
std::vector<PairedOp> PairOps(const History& history, Partitions& out) {
  std::vector<PairedOp> paired;
  absl::flat_hash_map<int64_t, size_t> pending;  // process -> slot in `paired`
  for (size_t pos = 0; pos < history.size(); ++pos) {
    const Op& op = history[pos];
    if (!op.is_client()) continue;
    auto it = pending.find(op.process);
    if (op.type == OpType::kInvoke) {
      if (it != pending.end()) {
        // Jepsen never does this; if it happens the earlier op's fate is unknown.
        Note(out.warnings, absl::StrCat("process ", op.process, " invoked :index ", op.index,
                                        " while :index ", history[paired[it->second].invoke].index,
                                        " was pending; the earlier op is treated as indefinite"));
        pending.erase(it);
      }
      pending[op.process] = paired.size();
      paired.push_back({pos, std::nullopt, OpType::kInfo});
      continue;
    }
    if (it == pending.end()) {
      Note(out.errors, absl::StrCat("completion :index ", op.index, " of process ", op.process,
                                    " has no invocation"));
      continue;
    }
    PairedOp& p = paired[it->second];
    p.completion = pos;
    p.outcome = op.type;
    pending.erase(it);
  }
  return paired;
}

struct Converted {
  bool keep = false;  // false: dropped (failed, indeterminate read, other :f)
  SearchOp op;
  std::optional<std::string> error;
};

absl::StatusOr<Value> Inner(const Value& v, bool independent) {
  if (!independent) return v;
  if (!v.is_vector() || v.items().size() != 2) {
    return absl::InvalidArgumentError(absl::StrCat("value ", v.ToEdn(), " is not [key v]"));
  }
  return v.items()[1];
}

std::optional<std::string> ConvertRegister(const std::string& f, const Value& invoked,
                                           const Value* completed, ValueTables& tables,
                                           SearchOp& op) {
  if (f == "read") {
    if (completed == nullptr) return "read completed without a value";
    op.kind = OpKind::kRead;
    op.a = tables.InternRegister(*completed);
    return std::nullopt;
  }
  if (f == "write") {
    op.kind = OpKind::kWrite;
    op.a = tables.InternRegister(invoked);
    return std::nullopt;
  }
  // cas
  if (!invoked.is_vector() || invoked.items().size() != 2) {
    return absl::StrCat("cas value ", invoked.ToEdn(), " is not [from to]");
  }
  op.kind = OpKind::kCas;
  op.a = tables.InternRegister(invoked.items()[0]);
  op.b = tables.InternRegister(invoked.items()[1]);
  return std::nullopt;
}

std::optional<std::string> ConvertKv(const std::string& f, const Value& invoked,
                                     const Value* completed, ValueTables& tables, SearchOp& op) {
  if (f == "get") {
    if (completed == nullptr) return "get completed without a value";
    if (completed->is_nil()) {
      op.a = 0;  // a missing key reads as the empty string it starts as
    } else if (completed->is_string()) {
      op.a = tables.strings.Intern(completed->as_string());
    } else {
      return absl::StrCat("get returned ", completed->ToEdn(), ", not a string");
    }
    op.kind = OpKind::kGet;
    return std::nullopt;
  }
  if (!invoked.is_string()) return absl::StrCat(f, " value ", invoked.ToEdn(), " is not a string");
  op.kind = f == "put" ? OpKind::kPut : OpKind::kAppend;
  op.a = tables.strings.Intern(invoked.as_string());
  return std::nullopt;
}

bool IsModelOp(ModelKind model, const std::string& f) {
  if (model == ModelKind::kCasRegister) return f == "read" || f == "write" || f == "cas";
  return f == "get" || f == "put" || f == "append";
}

bool IsRead(const std::string& f) { return f == "read" || f == "get"; }

}  // namespace

int64_t ValueTables::InternRegister(const Value& v) {
  if (v.is_nil()) return kNil;
  auto [it, inserted] = register_ids.try_emplace(v, static_cast<int64_t>(register_values.size()));
  if (inserted) register_values.push_back(v);
  return it->second;
}

Value ValueTables::RegisterValue(State s) const {
  if (s == kNil) return Value();
  return register_values.at(static_cast<size_t>(s));
}

bool LooksIndependent(const History& history) {
  for (const Op& op : history) {
    if (!op.is_client() || op.type != OpType::kInvoke) continue;
    const Value& v = op.value;
    if ((op.f == "read" || op.f == "write" || op.f == "get" || op.f == "put" ||
         op.f == "append") && v.is_vector()) {
      return true;
    }
    if (op.f == "cas" && v.is_vector() && v.items().size() == 2 && v.items()[1].is_vector()) {
      return true;
    }
  }
  return false;
}

Partitions PartitionHistory(const History& history, ModelKind model, bool independent) {
  Partitions out;
  std::map<Value, size_t> key_slot;
  for (const PairedOp& p : PairOps(history, out)) {
    const Op& invoke = history[p.invoke];
    if (!IsModelOp(model, invoke.f)) {
      Note(out.warnings, absl::StrCat(":index ", invoke.index, " has :f :", invoke.f,
                                      ", not an op of this model; ignored"));
      continue;
    }
    if (p.outcome == OpType::kFail) {
      ++out.dropped_failed;
      continue;
    }
    if (p.outcome == OpType::kInfo && IsRead(invoke.f)) {
      ++out.dropped_indeterminate_reads;
      continue;
    }
    Value key;
    if (independent) {
      if (!invoke.value.is_vector() || invoke.value.items().size() != 2) {
        Note(out.errors, absl::StrCat(":index ", invoke.index, " value ", invoke.value.ToEdn(),
                                      " is not [key v]"));
        continue;
      }
      key = invoke.value.items()[0];
    }
    auto [slot, inserted] = key_slot.try_emplace(key, out.keys.size());
    if (inserted) out.keys.push_back(KeyPartition{key, {}, {}, std::nullopt});
    KeyPartition& part = out.keys[slot->second];

    SearchOp op;
    op.indefinite = p.outcome == OpType::kInfo;
    op.call_pos = static_cast<int64_t>(p.invoke);
    op.return_pos = p.completion && !op.indefinite ? static_cast<int64_t>(*p.completion)
                                                    : kNeverReturns;
    std::optional<std::string> error;
    absl::StatusOr<Value> invoked = Inner(invoke.value, independent);
    std::optional<Value> completed;
    if (p.completion && IsRead(invoke.f)) {
      absl::StatusOr<Value> c = Inner(history[*p.completion].value, independent);
      if (c.ok()) {
        completed = *c;
      } else {
        invoked = c.status();
      }
    }
    if (!invoked.ok()) {
      error = std::string(invoked.status().message());
    } else if (model == ModelKind::kCasRegister) {
      error = ConvertRegister(invoke.f, *invoked, completed ? &*completed : nullptr, *out.tables, op);
    } else {
      error = ConvertKv(invoke.f, *invoked, completed ? &*completed : nullptr, *out.tables, op);
    }
    if (error) {
      if (!part.error) part.error = absl::StrCat(":index ", invoke.index, ": ", *error);
      continue;
    }
    part.ops.push_back(op);
    part.sources.push_back(p);
  }
  std::sort(out.keys.begin(), out.keys.end(),
            [](const KeyPartition& x, const KeyPartition& y) { return x.key < y.key; });
  return out;
}

}  // namespace harness::lin
