#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/checkers/checker_util.h"
#include "harness/checkers/kafka_cases.h"

namespace harness::kafka {

Value OpValue(const KafkaHistory& h, int32_t op) {
  return OpToValue((*h.history)[static_cast<size_t>(h.ops[static_cast<size_t>(op)].pos())]);
}
Value KeyValue(const KafkaHistory& h, KeyId k) { return Value::String(h.keys[static_cast<size_t>(k)]); }
Value MsgValue(const KafkaHistory& h, MsgId m) { return h.msgs[static_cast<size_t>(m)]; }
std::string OpRef(const KafkaHistory& h, int32_t op) {
  const KOp& o = h.ops[static_cast<size_t>(op)];
  return absl::StrCat("op ", o.pos(), " (process ", o.process, ")");
}

namespace {

const KeyState& StateOf(const KafkaHistory& h, KeyId k) { return h.by_key[static_cast<size_t>(k)]; }
std::string Quoted(const KafkaHistory& h, KeyId k) { return KeyValue(h, k).ToEdn(); }
std::string MsgText(const KafkaHistory& h, MsgId m) { return MsgValue(h, m).ToEdn(); }

// Ops whose sends or polls hold (key, offset), at most `limit`; only used
// to name witnesses of rare errors.
std::vector<int32_t> OpsAtOffset(const KafkaHistory& h, KeyId k, int64_t offset, size_t limit) {
  std::vector<int32_t> out;
  for (size_t i = 0; i < h.ops.size() && out.size() < limit; ++i) {
    const KOp& op = h.ops[i];
    bool hit = false;
    for (const Send& s : op.sends) hit = hit || (s.key == k && s.offset == offset);
    for (const Poll& p : op.polls) {
      if (p.key != k) continue;
      for (const auto& [o, m] : p.pairs) hit = hit || o == offset;
    }
    if (hit) out.push_back(static_cast<int32_t>(i));
  }
  return out;
}

// The first ok poll that returned (key, msg), or -1.
int32_t FirstReader(const KafkaHistory& h, KeyId k, MsgId m) {
  for (size_t i = 0; i < h.ops.size(); ++i) {
    const KOp& op = h.ops[i];
    if (op.type != OpType::kOk) continue;
    for (const Poll& p : op.polls) {
      if (p.key != k) continue;
      for (const auto& [o, mm] : p.pairs) {
        if (mm == m) return static_cast<int32_t>(i);
      }
    }
  }
  return -1;
}

Value OpsValue(const KafkaHistory& h, const std::vector<int32_t>& ops) {
  std::vector<Value> v;
  for (int32_t op : ops) v.push_back(OpValue(h, op));
  return Value::Vec(std::move(v));
}

std::string OpRefs(const KafkaHistory& h, const std::vector<int32_t>& ops) {
  std::vector<std::string> refs;
  for (int32_t op : ops) refs.push_back(OpRef(h, op));
  return absl::StrJoin(refs, ", ");
}

Value SkippedValue(const KafkaHistory& h, const VersionOrder& vo, int64_t from, int64_t to) {
  // Messages at indices (from, to); at most 32 of them.
  std::vector<Value> v;
  for (int64_t i = from + 1; i < to && v.size() < 32; ++i) {
    v.push_back(MsgValue(h, vo.chosen[static_cast<size_t>(i)]));
  }
  return Value::Vec(std::move(v));
}

}  // namespace

void FindOffsetErrors(const KafkaHistory& h, ErrorSet& out) {
  for (size_t k = 0; k < h.by_key.size(); ++k) {
    const KeyId key = static_cast<KeyId>(k);
    const VersionOrder& vo = h.by_key[k].order;
    absl::flat_hash_map<MsgId, std::vector<int64_t>> offsets_of;
    size_t i = 0;
    int64_t index = 0;
    while (i < vo.log.size()) {
      size_t j = i;
      std::vector<Value> values;
      while (j < vo.log.size() && vo.log[j].first == vo.log[i].first) {
        values.push_back(MsgValue(h, vo.log[j].second));
        offsets_of[vo.log[j].second].push_back(vo.log[j].first);
        ++j;
      }
      if (values.size() > 1) {
        const int64_t offset = vo.log[i].first;
        // Witnesses cost a scan each: only for the errors the report keeps.
        auto ops = out["inconsistent-offsets"].size() < 32 ? OpsAtOffset(h, key, offset, 4)
                                                           : std::vector<int32_t>{};
        std::string line = absl::StrCat("key ", Quoted(h, key), " offset ", offset, " holds ",
                                        values.size(), " messages: ", Value::Set(values).ToEdn(),
                                        " (", OpRefs(h, ops), ")");
        out["inconsistent-offsets"].push_back(
            {MapBuilder()
                 .Add("key", KeyValue(h, key))
                 .Add("offset", Value::Int(offset))
                 .Add("index", Value::Int(index))
                 .Add("values", Value::Set(std::move(values)))
                 .Add("ops", OpsValue(h, ops))
                 .Build(),
             std::move(line), static_cast<int64_t>(j - i)});
      }
      ++index;
      i = j;
    }
    std::vector<std::pair<MsgId, std::vector<int64_t>>> dups;
    for (auto& [m, offs] : offsets_of) {
      if (offs.size() > 1) dups.emplace_back(m, std::move(offs));
    }
    std::sort(dups.begin(), dups.end());
    for (auto& [m, offs] : dups) {
      std::vector<Value> ov;
      std::vector<int32_t> ops;
      const bool witnesses = out["duplicate"].size() < 32;
      for (int64_t o : offs) {
        ov.push_back(Value::Int(o));
        if (!witnesses) continue;
        for (int32_t op : OpsAtOffset(h, key, o, 2)) ops.push_back(op);
      }
      std::string line = absl::StrCat("key ", Quoted(h, key), " message ", MsgText(h, m),
                                      " at offsets ", Value::Vec(ov).ToEdn(), " (",
                                      OpRefs(h, ops), ")");
      out["duplicate"].push_back({MapBuilder()
                                      .Add("key", KeyValue(h, key))
                                      .Add("value", MsgValue(h, m))
                                      .Add("count", Value::Int(static_cast<int64_t>(offs.size())))
                                      .Add("offsets", Value::Vec(std::move(ov)))
                                      .Add("ops", OpsValue(h, ops))
                                      .Build(),
                                  std::move(line), static_cast<int64_t>(offs.size())});
    }
  }
}

void FindLostWrites(const KafkaHistory& h, ErrorSet& out) {
  for (size_t k = 0; k < h.by_key.size(); ++k) {
    const KeyId key = static_cast<KeyId>(k);
    const KeyState& ks = h.by_key[k];
    const VersionOrder& vo = ks.order;
    int64_t bound = -1;
    for (MsgId m : ks.ok_read) {
      auto it = vo.first_index.find(m);
      if (it != vo.first_index.end()) bound = std::max(bound, it->second);
    }
    if (bound < 0) continue;
    // Messages whose last appearance is at or below the bound, by index.
    std::vector<std::pair<int64_t, MsgId>> must;
    for (const auto& [m, last] : vo.last_index) {
      if (last <= bound && !ks.ok_read.contains(m)) must.emplace_back(last, m);
    }
    if (must.empty()) continue;
    std::sort(must.begin(), must.end());
    int32_t max_read = -1;
    for (auto& [last, m] : must) {
      auto w = ks.writer.find(m);
      if (w == ks.writer.end()) continue;  // reported as :unknown-message
      const KOp& writer = h.ops[static_cast<size_t>(w->second)];
      if (!h.MustHaveCommitted(writer)) continue;
      if (max_read < 0) max_read = FirstReader(h, key, vo.chosen[static_cast<size_t>(bound)]);
      const int64_t index = vo.first_index.at(m);
      std::string line = absl::StrCat(
          "key ", Quoted(h, key), " message ", MsgText(h, m), " (index ", index, ") sent by ",
          OpRef(h, w->second), " was never polled, though polls read up to index ", bound,
          max_read >= 0 ? absl::StrCat(" (", OpRef(h, max_read), ")") : "");
      MapBuilder b;
      b.Add("key", KeyValue(h, key))
          .Add("value", MsgValue(h, m))
          .Add("index", Value::Int(index))
          .Add("max-read-index", Value::Int(bound))
          .Add("writer", OpValue(h, w->second));
      if (max_read >= 0) b.Add("max-read", OpValue(h, max_read));
      out["lost-write"].push_back({b.Build(), std::move(line), index});
    }
  }
}

void FindAbortedAndUnknownReads(const KafkaHistory& h, ErrorSet& out) {
  for (size_t i = 0; i < h.ops.size(); ++i) {
    const KOp& op = h.ops[i];
    for (const Poll& p : op.polls) {
      const KeyState& ks = StateOf(h, p.key);
      for (const auto& [o, m] : p.pairs) {
        auto w = ks.writer.find(m);
        if (w == ks.writer.end()) {
          out["unknown-message"].push_back(
              {MapBuilder()
                   .Add("key", KeyValue(h, p.key))
                   .Add("value", MsgValue(h, m))
                   .Add("offset", Value::Int(o))
                   .Add("reader", OpValue(h, static_cast<int32_t>(i)))
                   .Build(),
               absl::StrCat("key ", Quoted(h, p.key), " message ", MsgText(h, m), " at offset ", o,
                            " was polled by ", OpRef(h, static_cast<int32_t>(i)),
                            " but no op ever sent it"),
               o});
          continue;
        }
        if (op.type == OpType::kOk && ks.failed.contains(m)) {
          out["G1a"].push_back(
              {MapBuilder()
                   .Add("key", KeyValue(h, p.key))
                   .Add("value", MsgValue(h, m))
                   .Add("writer", OpValue(h, w->second))
                   .Add("reader", OpValue(h, static_cast<int32_t>(i)))
                   .Build(),
               absl::StrCat("key ", Quoted(h, p.key), " message ", MsgText(h, m), " sent by ",
                            OpRef(h, w->second), ", which failed, was polled by ",
                            OpRef(h, static_cast<int32_t>(i))),
               o});
        }
      }
    }
  }
}

void FindInternalPollErrors(const KafkaHistory& h, ErrorSet& out) {
  for (size_t i = 0; i < h.ops.size(); ++i) {
    for (const Poll& p : h.ops[i].polls) {
      const VersionOrder& vo = StateOf(h, p.key).order;
      std::optional<int64_t> i1;
      for (size_t j = 0; j < p.pairs.size(); ++j) {
        std::optional<int64_t> i2 = vo.IndexOf(p.pairs[j].second);
        const int64_t delta = (j > 0 && i1 && i2) ? *i2 - *i1 : 1;
        if (delta != 1) {
          const bool skip = delta > 1;
          MapBuilder b;
          b.Add("key", KeyValue(h, p.key))
              .Add("values", Value::Vec({MsgValue(h, p.pairs[j - 1].second),
                                         MsgValue(h, p.pairs[j].second)}))
              .Add("delta", Value::Int(delta));
          if (skip) b.Add("skipped", SkippedValue(h, vo, *i1, *i2));
          b.Add("op", OpValue(h, static_cast<int32_t>(i)));
          out[skip ? "int-poll-skip" : "int-nonmonotonic-poll"].push_back(
              {b.Build(),
               absl::StrCat("key ", Quoted(h, p.key), " ", OpRef(h, static_cast<int32_t>(i)),
                            " polled ", MsgText(h, p.pairs[j - 1].second), " then ",
                            MsgText(h, p.pairs[j].second), ", index delta ", delta),
               delta});
        }
        i1 = i2;
      }
    }
  }
}

namespace {

// Each process's ops in order (ops are in history order, and one process
// runs one op at a time).
std::vector<std::vector<int32_t>> ByProcess(const KafkaHistory& h) {
  absl::flat_hash_map<int64_t, size_t> slot;
  std::vector<std::vector<int32_t>> out;
  for (size_t i = 0; i < h.ops.size(); ++i) {
    auto [it, inserted] = slot.emplace(h.ops[i].process, out.size());
    if (inserted) out.emplace_back();
    out[it->second].push_back(static_cast<int32_t>(i));
  }
  return out;
}

// Keeps only the keys `op` assigns.
void Restrict(absl::flat_hash_map<KeyId, int32_t>& last, const KOp& op) {
  absl::flat_hash_map<KeyId, int32_t> kept;
  for (KeyId k : op.assigned) {
    if (auto it = last.find(k); it != last.end()) kept.insert(*it);
  }
  last = std::move(kept);
}

const Poll* PollOf(const KOp& op, KeyId k) {
  for (const Poll& p : op.polls) {
    if (p.key == k) return &p;
  }
  return nullptr;
}

}  // namespace

void FindProcessPollErrors(const KafkaHistory& h, ErrorSet& out) {
  for (const auto& ops : ByProcess(h)) {
    absl::flat_hash_map<KeyId, int32_t> last_reads;
    for (int32_t i : ops) {
      const KOp& op = h.ops[static_cast<size_t>(i)];
      if (op.kind == Kind::kAssign) {
        if (op.type == OpType::kOk || op.type == OpType::kInfo) Restrict(last_reads, op);
        continue;
      }
      if (op.polls.empty()) continue;
      for (const Poll& p : op.polls) {
        auto it = last_reads.find(p.key);
        if (it == last_reads.end()) continue;
        const Poll* prev = PollOf(h.ops[static_cast<size_t>(it->second)], p.key);
        if (prev == nullptr || prev->pairs.empty() || p.pairs.empty()) continue;
        const VersionOrder& vo = StateOf(h, p.key).order;
        const MsgId v = prev->pairs.back().second, v2 = p.pairs.front().second;
        auto i1 = vo.IndexOf(v), i2 = vo.IndexOf(v2);
        const int64_t delta = (i1 && i2) ? *i2 - *i1 : 1;
        if (delta == 1) continue;
        const bool skip = delta > 1;
        MapBuilder b;
        b.Add("key", KeyValue(h, p.key)).Add("delta", Value::Int(delta));
        if (skip) {
          b.Add("skipped", SkippedValue(h, vo, *i1, *i2));
        } else {
          b.Add("values", Value::Vec({MsgValue(h, v), MsgValue(h, v2)}));
        }
        b.Add("ops", OpsValue(h, {it->second, i}));
        out[skip ? "poll-skip" : "nonmonotonic-poll"].push_back(
            {b.Build(),
             absl::StrCat("key ", Quoted(h, p.key), " process ", op.process, " polled ",
                          MsgText(h, v), " in ", OpRef(h, it->second), " then ", MsgText(h, v2),
                          " in ", OpRef(h, i), ", index delta ", delta),
             delta});
      }
      if (op.type == OpType::kOk) {
        for (const Poll& p : op.polls) last_reads[p.key] = i;
      }
    }
  }
}

void FindNonmonotonicSends(const KafkaHistory& h, ErrorSet& out) {
  for (const auto& ops : ByProcess(h)) {
    absl::flat_hash_map<KeyId, int32_t> last_sends;
    for (int32_t i : ops) {
      const KOp& op = h.ops[static_cast<size_t>(i)];
      if (op.type != OpType::kOk && op.type != OpType::kInfo) continue;
      if (op.kind == Kind::kAssign) {
        Restrict(last_sends, op);
        continue;
      }
      for (const Send& s : op.sends) {
        auto it = last_sends.find(s.key);
        if (it != last_sends.end()) {
          const KOp& prev = h.ops[static_cast<size_t>(it->second)];
          MsgId v = -1;
          for (const Send& ps : prev.sends) {
            if (ps.key == s.key) v = ps.msg;
          }
          const VersionOrder& vo = StateOf(h, s.key).order;
          auto i1 = v >= 0 ? vo.IndexOf(v) : std::nullopt;
          auto i2 = vo.IndexOf(s.msg);
          if (i1 && i2 && *i2 - *i1 < 1) {
            const int64_t delta = *i2 - *i1;
            out["nonmonotonic-send"].push_back(
                {MapBuilder()
                     .Add("key", KeyValue(h, s.key))
                     .Add("values", Value::Vec({MsgValue(h, v), MsgValue(h, s.msg)}))
                     .Add("delta", Value::Int(delta))
                     .Add("ops", OpsValue(h, {it->second, i}))
                     .Build(),
                 absl::StrCat("key ", Quoted(h, s.key), " process ", op.process, " sent ",
                              MsgText(h, v), " (", OpRef(h, it->second), ", index ", *i1,
                              ") then ", MsgText(h, s.msg), " (", OpRef(h, i), ", index ", *i2,
                              ")"),
                 delta});
          }
        }
        last_sends[s.key] = i;
      }
    }
  }
}

Unseen ComputeUnseen(const KafkaHistory& h) {
  Unseen u;
  std::vector<absl::flat_hash_set<MsgId>> unseen(h.keys.size()), polled(h.keys.size());
  int64_t total = 0;
  for (const KOp& op : h.ops) {
    if (op.type != OpType::kOk || (op.sends.empty() && op.polls.empty())) continue;
    for (const Send& s : op.sends) {
      const size_t k = static_cast<size_t>(s.key);
      if (!polled[k].contains(s.msg) && unseen[k].insert(s.msg).second) ++total;
    }
    for (const Poll& p : op.polls) {
      const size_t k = static_cast<size_t>(p.key);
      for (const auto& [o, m] : p.pairs) {
        polled[k].insert(m);
        total -= static_cast<int64_t>(unseen[k].erase(m));
      }
    }
    u.series.push_back({(*h.history)[static_cast<size_t>(op.pos())].time_ns, total});
  }
  for (size_t k = 0; k < unseen.size(); ++k) {
    if (unseen[k].empty()) continue;
    std::vector<Value> msgs;
    for (MsgId m : unseen[k]) msgs.push_back(MsgValue(h, m));
    std::sort(msgs.begin(), msgs.end());
    u.final_messages[h.keys[k]] = std::move(msgs);
  }
  return u;
}

}  // namespace harness::kafka
