#include "harness/checkers/kafka_history.h"

#include <algorithm>

#include "harness/checkers/checker_util.h"

namespace harness::kafka {
namespace {

class Interner {
 public:
  explicit Interner(KafkaHistory* h) : h_(h) {}
  KeyId Key(const std::string& k) {
    auto [it, inserted] = keys_.emplace(k, static_cast<KeyId>(h_->keys.size()));
    if (inserted) {
      h_->keys.push_back(k);
      h_->by_key.emplace_back();
    }
    return it->second;
  }
  MsgId Msg(const Value& m) {
    // Messages are integers in practice: a fast path keeps Value hashing off
    // the hot loop.
    if (m.is_int()) {
      auto [it, inserted] = ints_.emplace(m.as_int(), static_cast<MsgId>(h_->msgs.size()));
      if (inserted) h_->msgs.push_back(m);
      return it->second;
    }
    auto [it, inserted] = others_.emplace(m, static_cast<MsgId>(h_->msgs.size()));
    if (inserted) h_->msgs.push_back(m);
    return it->second;
  }

 private:
  KafkaHistory* h_;
  absl::flat_hash_map<std::string, KeyId> keys_;
  absl::flat_hash_map<int64_t, MsgId> ints_;
  absl::flat_hash_map<Value, MsgId, ValueHash> others_;
};

bool IsMop(const Value& mop, const char* f) {
  return mop.is_vector() && !mop.items().empty() && mop.items()[0].is_keyword() &&
         mop.items()[0].as_string() == f;
}

// Reads the mops of `value` into `op`; false if there were none it knew.
bool ReadMops(const Value& value, KOp& op, Interner& in) {
  if (!value.is_vector()) return false;
  bool any = false;
  for (const Value& mop : value.items()) {
    if (IsMop(mop, "send") && mop.items().size() == 3 && mop.items()[1].is_string()) {
      const Value& v = mop.items()[2];
      Send s{in.Key(mop.items()[1].as_string()), std::nullopt, 0};
      if (v.is_vector() && v.items().size() == 2) {
        if (v.items()[0].is_int()) s.offset = v.items()[0].as_int();
        s.msg = in.Msg(v.items()[1]);
      } else {
        s.msg = in.Msg(v);
      }
      op.sends.push_back(s);
      any = true;
    } else if (IsMop(mop, "poll")) {
      any = true;
      if (mop.items().size() != 2 || !mop.items()[1].is_map()) continue;
      const Value& m = mop.items()[1];
      for (size_t i = 0; i < m.map_size(); ++i) {
        if (!m.map_key(i).is_string() || !m.map_value(i).is_vector()) continue;
        Poll p{in.Key(m.map_key(i).as_string()), {}};
        for (const Value& pair : m.map_value(i).items()) {
          if (!pair.is_vector() || pair.items().size() != 2 || !pair.items()[0].is_int()) continue;
          p.pairs.emplace_back(pair.items()[0].as_int(), in.Msg(pair.items()[1]));
        }
        op.polls.push_back(std::move(p));
      }
    }
  }
  return any;
}

void BuildOrder(VersionOrder& vo, const std::vector<Value>& msgs) {
  auto& log = vo.log;
  std::sort(log.begin(), log.end());
  log.erase(std::unique(log.begin(), log.end()), log.end());
  size_t i = 0;
  while (i < log.size()) {
    size_t j = i;
    MsgId best = log[i].second;
    while (j < log.size() && log[j].first == log[i].first) {
      if (msgs[static_cast<size_t>(log[j].second)] < msgs[static_cast<size_t>(best)]) {
        best = log[j].second;
      }
      ++j;
    }
    const int64_t index = static_cast<int64_t>(vo.chosen.size());
    vo.chosen.push_back(best);
    vo.offset_of_index.push_back(log[i].first);
    vo.by_value[best] = index;
    for (size_t k = i; k < j; ++k) {
      vo.first_index.try_emplace(log[k].second, index);
      vo.last_index[log[k].second] = index;
    }
    i = j;
  }
}

}  // namespace

bool KafkaHistory::MustHaveCommitted(const KOp& op) const {
  if (op.type == OpType::kOk) return true;
  if (op.type != OpType::kInfo) return false;
  for (const Send& s : op.sends) {
    if (by_key[static_cast<size_t>(s.key)].ok_read.contains(s.msg)) return true;
  }
  return false;
}

KafkaHistory ReadKafkaHistory(const History& history) {
  KafkaHistory h;
  h.history = &history;
  Interner in(&h);
  std::vector<int64_t> partner = PairOps(history);
  for (size_t pos = 0; pos < history.size(); ++pos) {
    const Op& op = history[pos];
    if (!op.is_client()) continue;
    const int64_t other = partner[pos];
    if (op.type == OpType::kInvoke && other >= 0) continue;  // read with its completion
    KOp k;
    k.type = op.type == OpType::kInvoke ? OpType::kInfo : op.type;
    k.process = op.process;
    if (op.type == OpType::kInvoke) {
      k.invoke_pos = static_cast<int64_t>(pos);
      k.invoke_ns = op.time_ns;
    } else {
      k.complete_pos = static_cast<int64_t>(pos);
      k.complete_ns = op.type == OpType::kInfo ? INT64_MAX : op.time_ns;
      if (other >= 0) {
        k.invoke_pos = other;
        k.invoke_ns = history[static_cast<size_t>(other)].time_ns;
      } else {
        k.invoke_ns = op.time_ns;
      }
    }
    if (op.f == "send" || op.f == "poll" || op.f == "txn") {
      k.kind = op.f == "poll" ? Kind::kPoll : Kind::kSend;
      if (!ReadMops(op.value, k, in) && k.invoke_pos >= 0) {
        ReadMops(history[static_cast<size_t>(k.invoke_pos)].value, k, in);
      }
      if (op.f == "txn") k.kind = k.polls.empty() ? Kind::kSend : Kind::kPoll;
    } else if (op.f == "assign" || op.f == "subscribe") {
      k.kind = Kind::kAssign;
      if (op.value.is_sequence()) {
        for (const Value& key : op.value.items()) {
          if (key.is_string()) k.assigned.push_back(in.Key(key.as_string()));
        }
      }
    }
    h.ops.push_back(std::move(k));
  }
  // Writers, failed sends and ok reads; then the orders, which need to know
  // which :info sends were read.
  for (size_t i = 0; i < h.ops.size(); ++i) {
    const KOp& op = h.ops[i];
    for (const Send& s : op.sends) {
      KeyState& ks = h.by_key[static_cast<size_t>(s.key)];
      ks.writer[s.msg] = static_cast<int32_t>(i);
      if (op.type == OpType::kFail) ks.failed.insert(s.msg);
    }
    if (op.type != OpType::kOk) continue;
    for (const Poll& p : op.polls) {
      KeyState& ks = h.by_key[static_cast<size_t>(p.key)];
      for (const auto& [o, m] : p.pairs) ks.ok_read.insert(m);
    }
  }
  for (const KOp& op : h.ops) {
    for (const Poll& p : op.polls) {
      auto& log = h.by_key[static_cast<size_t>(p.key)].order.log;
      log.insert(log.end(), p.pairs.begin(), p.pairs.end());
    }
    if (op.sends.empty() || !h.MustHaveCommitted(op)) continue;
    for (const Send& s : op.sends) {
      if (s.offset) h.by_key[static_cast<size_t>(s.key)].order.log.emplace_back(*s.offset, s.msg);
    }
  }
  for (KeyState& ks : h.by_key) BuildOrder(ks.order, h.msgs);
  return h;
}

}  // namespace harness::kafka
