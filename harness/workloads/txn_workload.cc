#include "harness/workloads/txn_workload.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "harness/run/check.h"

namespace harness {

using nlohmann::json;

TxnWorkload::TxnWorkload(bool list_append, int key_count, int max_txn_length,
                         int max_writes_per_key)
    : list_append_(list_append),
      key_count_(key_count),
      max_txn_length_(max_txn_length),
      max_writes_per_key_(max_writes_per_key),
      next_key_(key_count) {
  HARNESS_CHECK(key_count_ > 0);
  HARNESS_CHECK(max_txn_length_ > 0);
  HARNESS_CHECK(max_writes_per_key_ > 0);
  for (int i = 0; i < key_count_; ++i) slots_.push_back(i);
}

int64_t TxnWorkload::PickKey(Rng& rng, int* slot) {
  // Slot i has weight 2^i: walk down from the newest, each slot taking half
  // of what is left (the weights normalised by 2^K - 1).
  double u = rng.UniformReal() * (1.0 - std::ldexp(1.0, -key_count_));
  int i = key_count_ - 1;
  double w = 0.5;
  while (i > 0 && u >= w) {
    u -= w;
    w /= 2;
    --i;
  }
  *slot = i;
  return slots_[static_cast<size_t>(i)];
}

Invocation TxnWorkload::NextOp(int, int64_t, Rng& rng) {
  const int length = static_cast<int>(rng.UniformInt(1, max_txn_length_ + 1));
  std::vector<Value> mops;
  for (int m = 0; m < length; ++m) {
    int slot = 0;
    const int64_t key = PickKey(rng, &slot);
    if (rng.Coin()) {
      mops.push_back(Value::Vec({Value::Keyword("r"), Value::Int(key), Value()}));
      continue;
    }
    const int64_t v = ++writes_[key];
    if (v >= max_writes_per_key_) slots_[static_cast<size_t>(slot)] = next_key_++;
    mops.push_back(Value::Vec(
        {Value::Keyword(list_append_ ? "append" : "w"), Value::Int(key), Value::Int(v)}));
  }
  return {"txn", Value::Vec(std::move(mops))};
}

json TxnWorkload::Request(const Invocation& op) const {
  json txn = json::array();
  for (const Value& mop : op.value.items()) {
    const auto& m = mop.items();
    txn.push_back(json::array({m[0].as_string(), m[1].as_int(), m[2].ToJson()}));
  }
  return json{{"type", "txn"}, {"txn", std::move(txn)}};
}

ReplySchema TxnWorkload::Schema(const Invocation&) const {
  return {"txn_ok", {{"txn", ReplySchema::Kind::kArray}}};
}

absl::StatusOr<Value> TxnWorkload::OkValue(const Invocation& op, const json& reply) const {
  const json& txn = reply.at("txn");
  const auto& asked = op.value.items();
  if (txn.size() != asked.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("txn has ", txn.size(), " micro-ops; ", asked.size(), " were sent"));
  }
  std::vector<Value> out;
  for (size_t i = 0; i < asked.size(); ++i) {
    const auto& a = asked[i].items();
    const json& m = txn[i];
    const std::string f = a[0].as_string();
    if (!m.is_array() || m.size() != 3 || !m[0].is_string() || m[0].get<std::string>() != f ||
        !m[1].is_number_integer() || m[1].get<int64_t>() != a[1].as_int()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "micro-op ", i, " is ", m.dump(), "; expected [\"", f, "\", ", a[1].as_int(), ", ...]"));
    }
    Value v;
    if (f != "r") {
      if (!m[2].is_number_integer() || m[2].get<int64_t>() != a[2].as_int()) {
        return absl::InvalidArgumentError(
            absl::StrCat("micro-op ", i, " is ", m.dump(), "; it wrote ", a[2].as_int()));
      }
      v = a[2];
    } else if (m[2].is_null()) {
    } else if (!list_append_ && m[2].is_number_integer()) {
      v = Value::Int(m[2].get<int64_t>());
    } else if (list_append_ && m[2].is_array()) {
      std::vector<Value> elems;
      for (const json& e : m[2]) {
        if (!e.is_number_integer()) {
          return absl::InvalidArgumentError(
              absl::StrCat("micro-op ", i, " read ", m[2].dump(), ": not a list of integers"));
        }
        elems.push_back(Value::Int(e.get<int64_t>()));
      }
      v = Value::Vec(std::move(elems));
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "micro-op ", i, " read ", m[2].dump(),
          list_append_ ? ": not null or a list of integers" : ": not null or an integer"));
    }
    out.push_back(Value::Vec({a[0], a[1], std::move(v)}));
  }
  return Value::Vec(std::move(out));
}

}  // namespace harness
