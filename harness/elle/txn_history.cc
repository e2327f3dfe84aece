#include "harness/elle/txn_history.h"

#include <algorithm>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace harness::elle {
namespace {

// The micro-ops of `v`, or an error saying what is wrong. `with_reads`:
// read values are parsed (an :ok completion); else they are nil.
std::optional<std::string> ParseMops(const Value& v, bool with_reads, std::vector<Mop>* out) {
  if (!v.is_vector()) return "value is not a vector of micro-ops";
  for (const Value& m : v.items()) {
    if (!m.is_vector() || m.items().size() != 3) return absl::StrCat("micro-op ", m.ToEdn());
    const auto& e = m.items();
    if (!(e[0].is_keyword() || e[0].is_string()) || !e[1].is_int()) {
      return absl::StrCat("micro-op ", m.ToEdn(), ": not [f integer-key value]");
    }
    Mop mop;
    mop.key = e[1].as_int();
    const std::string& f = e[0].as_string();
    if (f == "w" || f == "append") {
      mop.kind = f == "w" ? MopKind::kWrite : MopKind::kAppend;
      if (!e[2].is_int()) return absl::StrCat("micro-op ", m.ToEdn(), ": value not an integer");
      mop.value = e[2].as_int();
    } else if (f == "r") {
      mop.kind = MopKind::kRead;
      if (!with_reads || e[2].is_nil()) {
        mop.nil = true;
      } else if (e[2].is_int()) {
        mop.value = e[2].as_int();
      } else if (e[2].is_sequence()) {
        for (const Value& x : e[2].items()) {
          if (!x.is_int()) return absl::StrCat("micro-op ", m.ToEdn(), ": a non-integer element");
          mop.list.push_back(x.as_int());
        }
      } else {
        return absl::StrCat("micro-op ", m.ToEdn(), ": read value not nil, integer or list");
      }
    } else {
      return absl::StrCat("micro-op ", m.ToEdn(), ": unknown function");
    }
    out->push_back(std::move(mop));
  }
  return std::nullopt;
}

}  // namespace

TxnHistory ReadTxnHistory(const History& history) {
  TxnHistory out;
  absl::flat_hash_map<int64_t, size_t> pending;  // process -> invocation position
  auto reject = [&](const Op& op, const std::string& why) {
    ++out.malformed;
    if (out.malformed_reasons.size() < 8) {
      out.malformed_reasons.push_back(absl::StrCat("op ", op.index, ": ", why));
    }
  };
  for (size_t i = 0; i < history.size(); ++i) {
    const Op& op = history[i];
    if (!op.is_client() || op.f != "txn") continue;
    if (op.type == OpType::kInvoke) {
      pending[op.process] = i;
      continue;
    }
    auto it = pending.find(op.process);
    if (it == pending.end()) {
      reject(op, "a completion without an invocation");
      continue;
    }
    const Op& inv = history[it->second];
    pending.erase(it);
    Txn t;
    t.index = op.index;
    t.invoke_index = inv.index;
    t.process = op.process;
    t.invoke_ns = inv.time_ns;
    t.type = op.type;
    if (op.type != OpType::kInfo) t.complete_ns = op.time_ns;
    const bool ok = op.type == OpType::kOk;
    const Value& v = ok || !inv.value.is_vector() ? op.value : inv.value;
    if (auto why = ParseMops(v, ok, &t.mops)) {
      reject(op, *why);
      continue;
    }
    t.value = &v;
    out.txns.push_back(std::move(t));
  }
  // Invocations never completed are :info txns (a crashed client).
  for (const auto& [process, pos] : pending) {
    const Op& inv = history[pos];
    Txn t;
    t.index = inv.index;
    t.invoke_index = inv.index;
    t.process = process;
    t.invoke_ns = inv.time_ns;
    t.type = OpType::kInfo;
    if (auto why = ParseMops(inv.value, false, &t.mops)) {
      reject(inv, *why);
      continue;
    }
    t.value = &inv.value;
    out.txns.push_back(std::move(t));
  }
  auto by_invocation = [](const Txn& a, const Txn& b) { return a.invoke_index < b.invoke_index; };
  if (!std::is_sorted(out.txns.begin(), out.txns.end(), by_invocation)) {
    std::stable_sort(out.txns.begin(), out.txns.end(), by_invocation);
  }
  return out;
}

}  // namespace harness::elle
