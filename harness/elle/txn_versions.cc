#include "harness/elle/txn_versions.h"

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace harness::elle {
namespace {

Value Kw(const char* s) { return Value::Keyword(s); }
Value V(int64_t v) { return v == kNil ? Value() : Value::Int(v); }
std::string S(int64_t v) { return v == kNil ? "nil" : absl::StrCat(v); }

Value MapOf(std::vector<std::pair<const char*, Value>> kv) {
  std::vector<std::pair<Value, Value>> e;
  for (auto& [k, v] : kv) e.emplace_back(Kw(k), std::move(v));
  return Value::Map(std::move(e));
}

Value MopValue(const Mop& m, bool list_read) {
  const char* f = m.kind == MopKind::kRead ? "r" : m.kind == MopKind::kWrite ? "w" : "append";
  Value v;
  if (m.kind != MopKind::kRead) {
    v = Value::Int(m.value);
  } else if (!m.nil) {
    if (list_read) {
      std::vector<Value> items;
      for (int64_t e : m.list) items.push_back(Value::Int(e));
      v = Value::Vec(std::move(items));
    } else {
      v = Value::Int(m.value);
    }
  }
  return Value::Vec({Kw(f), Value::Int(m.key), std::move(v)});
}

// Per txn and key: the last write, and the reads of others' versions.
struct KeyUse {
  int64_t key;
  bool writes = false;
  int64_t final_value = 0;
  std::vector<int64_t> ext_reads;  // values (kNil for nil) read before any own write
};

std::vector<KeyUse> KeyUses(const Txn& t, bool list_append) {
  std::vector<KeyUse> uses;
  auto use = [&](int64_t k) -> KeyUse& {
    for (KeyUse& u : uses) {
      if (u.key == k) return u;
    }
    uses.push_back({k});
    return uses.back();
  };
  for (const Mop& m : t.mops) {
    KeyUse& u = use(m.key);
    if (m.kind != MopKind::kRead) {
      u.writes = true;
      u.final_value = m.value;
    } else if (!u.writes && t.type == OpType::kOk) {
      if (list_append) {
        u.ext_reads.push_back(m.nil || m.list.empty() ? kNil : m.list.back());
      } else {
        u.ext_reads.push_back(m.nil ? kNil : m.value);
      }
    }
  }
  return uses;
}

class Builder {
 public:
  Builder(const TxnHistory& h, bool list_append) : h_(h), list_append_(list_append) {
    uses_.reserve(h.txns.size());
    for (const Txn& t : h.txns) uses_.push_back(KeyUses(t, list_append));
    IndexWriters();
  }

  void Add(const char* name, Value detail, std::string line) {
    v_.found.push_back({name, std::move(detail), std::move(line)});
  }
  Value Op(int t) const { return TxnOpValue(h_.txns[static_cast<size_t>(t)]); }
  int64_t Index(int t) const { return h_.txns[static_cast<size_t>(t)].index; }

  void IndexWriters() {
    for (size_t i = 0; i < h_.txns.size(); ++i) {
      const Txn& t = h_.txns[i];
      for (size_t m = 0; m < t.mops.size(); ++m) {
        const Mop& mop = t.mops[m];
        if (mop.kind == MopKind::kRead) continue;
        bool final = true;
        for (size_t n = m + 1; n < t.mops.size(); ++n) {
          final = final && !(t.mops[n].kind != MopKind::kRead && t.mops[n].key == mop.key);
        }
        v_.writers.try_emplace({mop.key, mop.value}, Versions::Writer{static_cast<int>(i), final});
      }
    }
  }

  const Versions::Writer* WriterOf(int64_t key, int64_t value) const {
    if (value == kNil) return nullptr;
    auto it = v_.writers.find({key, value});
    return it == v_.writers.end() ? nullptr : &it->second;
  }

  // G1a / G1b for txn t's read of (key, value) written by another txn.
  void CheckDirtyRead(int t, const Mop& mop, int64_t value, bool last) {
    const Versions::Writer* w = WriterOf(mop.key, value);
    if (w == nullptr || w->txn == t) return;
    const Txn& wt = h_.txns[static_cast<size_t>(w->txn)];
    if (wt.type == OpType::kFail) {
      Add("G1a",
          MapOf({{"op", Op(t)},
                 {"writer", Op(w->txn)},
                 {"mop", MopValue(mop, list_append_)},
                 {"element", V(value)}}),
          absl::StrCat("op ", Index(t), " read ", S(value), " of key ", mop.key, ", written by op ",
                       wt.index, ", which failed (aborted read)"));
    } else if (last && !w->final) {
      Add("G1b",
          MapOf({{"op", Op(t)},
                 {"writer", Op(w->txn)},
                 {"mop", MopValue(mop, list_append_)},
                 {"element", V(value)}}),
          absl::StrCat("op ", Index(t), " read ", S(value), " of key ", mop.key,
                       ", an intermediate write of op ", wt.index,
                       ", which wrote the key again later (intermediate read)"));
    }
  }

  void Internal(int t, const Mop& mop, Value expected, bool suffix = false) {
    const std::string what = suffix ? " but its own appends imply a list ending in "
                                    : " but its own earlier micro-ops imply ";
    Add("internal",
        MapOf({{"op", Op(t)}, {"mop", MopValue(mop, list_append_)}, {"expected", expected}}),
        absl::StrCat("op ", Index(t), " read ", MopValue(mop, list_append_).ToEdn(), what,
                     expected.ToEdn(), " (internal)"));
  }

  void LostUpdates() {
    std::map<KeyValue, std::vector<int>> by_read;
    for (size_t i = 0; i < h_.txns.size(); ++i) {
      if (h_.txns[i].type != OpType::kOk) continue;
      for (const KeyUse& u : uses_[i]) {
        if (!u.writes || u.ext_reads.empty()) continue;
        by_read[{u.key, u.ext_reads.front()}].push_back(static_cast<int>(i));
      }
    }
    for (const auto& [kv, txns] : by_read) {
      if (txns.size() < 2) continue;
      std::vector<Value> ops;
      std::vector<std::string> idx;
      for (int t : txns) {
        ops.push_back(Op(t));
        idx.push_back(absl::StrCat(Index(t)));
      }
      Add("lost-update",
          MapOf({{"key", Value::Int(kv.first)},
                 {"value", V(kv.second)},
                 {"txns", Value::Vec(std::move(ops))}}),
          absl::StrCat("ops ", absl::StrJoin(idx, ", "), " all read key ", kv.first, " = ",
                       S(kv.second), " and all wrote it (lost update)"));
    }
  }

  void RwReads() {
    for (size_t i = 0; i < h_.txns.size(); ++i) {
      const Txn& t = h_.txns[i];
      if (t.type != OpType::kOk) continue;
      const int ti = static_cast<int>(i);
      struct State {
        int64_t key;
        bool wrote;
        int64_t value;
      };
      std::vector<State> state;
      auto find = [&](int64_t k) -> State* {
        for (State& s : state) {
          if (s.key == k) return &s;
        }
        return nullptr;
      };
      for (const Mop& m : t.mops) {
        State* s = find(m.key);
        if (m.kind == MopKind::kWrite) {
          if (s == nullptr) {
            state.push_back({m.key, true, m.value});
          } else {
            *s = {m.key, true, m.value};
          }
          continue;
        }
        if (m.kind != MopKind::kRead) continue;
        const int64_t got = m.nil ? kNil : m.value;
        if (s != nullptr) {
          if (s->value != got) Internal(ti, m, V(s->value));
          if (s->wrote) continue;
        } else {
          state.push_back({m.key, false, got});
        }
        v_.readers[{m.key, got}].push_back(ti);
        CheckDirtyRead(ti, m, got, true);
      }
    }
  }

  void RwBaseEdges() {
    absl::flat_hash_set<KeyValue> has_pred;
    for (size_t i = 0; i < h_.txns.size(); ++i) {
      if (h_.txns[i].type != OpType::kOk) continue;
      for (const KeyUse& u : uses_[i]) {
        if (!u.writes) continue;
        for (int64_t r : u.ext_reads) {
          if (r == kNil || r == u.final_value) continue;
          v_.edges.push_back({u.key, r, u.final_value});
          has_pred.insert({u.key, u.final_value});
        }
      }
    }
    for (const auto& [kv, w] : v_.writers) {
      if (!w.final || h_.txns[static_cast<size_t>(w.txn)].type == OpType::kFail) continue;
      if (!has_pred.contains(kv)) v_.edges.push_back({kv.first, kNil, kv.second});
    }
    // absl iteration order is random: sort so reports are reproducible.
    std::sort(v_.edges.begin(), v_.edges.end(), [](const VersionEdge& a, const VersionEdge& b) {
      return std::tie(a.key, a.from, a.to) < std::tie(b.key, b.from, b.to);
    });
  }

  void CyclicVersions() {
    // Kahn's algorithm per key over the (a)/(b) edges, which are sorted by key.
    for (size_t lo = 0; lo < v_.edges.size();) {
      size_t hi = lo;
      while (hi < v_.edges.size() && v_.edges[hi].key == v_.edges[lo].key) ++hi;
      std::map<int64_t, int> indeg;
      std::map<int64_t, std::vector<int64_t>> out;
      for (size_t e = lo; e < hi; ++e) {
        indeg[v_.edges[e].from] += 0;
        indeg[v_.edges[e].to] += 1;
        out[v_.edges[e].from].push_back(v_.edges[e].to);
      }
      std::vector<int64_t> ready;
      for (auto& [v, d] : indeg) {
        if (d == 0) ready.push_back(v);
      }
      while (!ready.empty()) {
        int64_t v = ready.back();
        ready.pop_back();
        for (int64_t w : out[v]) {
          if (--indeg[w] == 0) ready.push_back(w);
        }
      }
      std::vector<Value> left;
      std::vector<std::string> names;
      for (auto& [v, d] : indeg) {
        if (d > 0) {
          left.push_back(V(v));
          names.push_back(S(v));
        }
      }
      if (!left.empty()) {
        Add("cyclic-versions",
            MapOf({{"key", Value::Int(v_.edges[lo].key)}, {"scc", Value::Vec(std::move(left))}}),
            absl::StrCat("key ", v_.edges[lo].key, ": the inferred version order of values ",
                         absl::StrJoin(names, ", "), " is cyclic"));
      }
      lo = hi;
    }
  }

  void RealtimeEdges() {
    struct Event {
      int64_t time;
      int order;  // 0 invocation, 1 completion: at equal times "before" is strict
      int txn;
    };
    std::vector<Event> events;
    for (size_t i = 0; i < h_.txns.size(); ++i) {
      const Txn& t = h_.txns[i];
      if (t.type == OpType::kFail) continue;
      events.push_back({t.invoke_ns, 0, static_cast<int>(i)});
      if (t.type == OpType::kOk) events.push_back({t.complete_ns, 1, static_cast<int>(i)});
    }
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      return std::tie(a.time, a.order, a.txn) < std::tie(b.time, b.order, b.txn);
    });
    absl::flat_hash_map<int64_t, std::vector<int>> frontier;  // key -> ok writers
    auto final_of = [&](int w, int64_t key) {
      for (const KeyUse& u : uses_[static_cast<size_t>(w)]) {
        if (u.key == key) return u.final_value;
      }
      return kNil;
    };
    for (const Event& e : events) {
      const Txn& t = h_.txns[static_cast<size_t>(e.txn)];
      if (e.order == 0) {
        for (const KeyUse& u : uses_[static_cast<size_t>(e.txn)]) {
          auto f = frontier.find(u.key);
          if (f == frontier.end()) continue;
          for (int w : f->second) {
            const int64_t b = final_of(w, u.key);
            for (int64_t a : u.ext_reads) {
              if (a != b) v_.rt_edges.push_back({u.key, b, a, e.txn});
            }
            if (u.writes && u.final_value != b) {
              v_.rt_edges.push_back({u.key, b, u.final_value, e.txn});
            }
          }
        }
        continue;
      }
      for (const KeyUse& u : uses_[static_cast<size_t>(e.txn)]) {
        if (!u.writes) continue;
        std::vector<int>& f = frontier[u.key];
        std::erase_if(
            f, [&](int w) { return h_.txns[static_cast<size_t>(w)].complete_ns < t.invoke_ns; });
        f.push_back(e.txn);
      }
    }
  }

  void AppendReads(std::map<int64_t, std::vector<std::pair<int, const Mop*>>>* reads) {
    for (size_t i = 0; i < h_.txns.size(); ++i) {
      const Txn& t = h_.txns[i];
      if (t.type != OpType::kOk) continue;
      const int ti = static_cast<int>(i);
      struct State {
        int64_t key;
        bool read_known = false;
        std::vector<int64_t> read;  // the last external read
        std::vector<int64_t> own;   // own appends so far
      };
      std::vector<State> state;
      auto find = [&](int64_t k) -> State& {
        for (State& s : state) {
          if (s.key == k) return s;
        }
        state.push_back({k});
        return state.back();
      };
      for (size_t mi = 0; mi < t.mops.size(); ++mi) {
        const Mop& m = t.mops[mi];
        State& s = find(m.key);
        if (m.kind == MopKind::kAppend) {
          s.own.push_back(m.value);
          continue;
        }
        if (m.kind != MopKind::kRead) continue;
        absl::flat_hash_map<int64_t, int> seen;
        std::vector<Value> dups;
        for (int64_t e : m.list) {
          if (++seen[e] == 2) dups.push_back(Value::Int(e));
        }
        if (!dups.empty()) {
          Add("duplicate-elements",
              MapOf({{"op", Op(ti)}, {"mop", MopValue(m, true)}, {"duplicates", Value::Vec(dups)}}),
              absl::StrCat("op ", Index(ti), " read key ", m.key, " = ",
                           MopValue(m, true).items()[2].ToEdn(), ", with elements twice"));
        }
        for (size_t n = mi + 1; n < t.mops.size(); ++n) {
          const Mop& later = t.mops[n];
          if (later.kind == MopKind::kAppend && later.key == m.key && seen.contains(later.value)) {
            Add("future-read",
                MapOf({{"op", Op(ti)},
                       {"mop", MopValue(m, true)},
                       {"element", Value::Int(later.value)}}),
                absl::StrCat("op ", Index(ti), " read ", later.value, " in key ", m.key,
                             " before appending it itself (future read)"));
          }
        }
        if (!s.own.empty()) {
          // Must be the last external state plus the own appends.
          bool ok = m.list.size() >= s.own.size() &&
                    std::equal(s.own.begin(), s.own.end(),
                               m.list.end() - static_cast<long>(s.own.size()));
          std::vector<int64_t> expected = s.read;
          expected.insert(expected.end(), s.own.begin(), s.own.end());
          if (s.read_known) ok = ok && m.list == expected;
          if (!ok) {
            std::vector<Value> ev;
            for (int64_t e : s.read_known ? expected : s.own) ev.push_back(Value::Int(e));
            // Without an earlier read, only the end of the list is known.
            Internal(ti, m, Value::Vec(std::move(ev)), !s.read_known);
          }
          continue;
        }
        if (s.read_known && s.read != m.list) {
          std::vector<Value> ev;
          for (int64_t e : s.read) ev.push_back(Value::Int(e));
          Internal(ti, m, Value::Vec(std::move(ev)));
        }
        s.read_known = true;
        s.read = m.list;
        v_.readers[{m.key, m.list.empty() ? kNil : m.list.back()}].push_back(ti);
        (*reads)[m.key].push_back({ti, &m});
        for (size_t e = 0; e < m.list.size(); ++e) {
          CheckDirtyRead(ti, m, m.list[e], e + 1 == m.list.size());
        }
      }
    }
  }

  void AppendOrders(const std::map<int64_t, std::vector<std::pair<int, const Mop*>>>& reads) {
    for (const auto& [key, rs] : reads) {
      const Mop* longest = rs.front().second;
      for (const auto& [t, m] : rs) {
        if (m->list.size() > longest->list.size()) longest = m;
      }
      const std::vector<int64_t>& order = longest->list;
      for (const auto& [t, m] : rs) {
        if (std::equal(m->list.begin(), m->list.end(), order.begin())) continue;
        Add("incompatible-order",
            MapOf({{"key", Value::Int(key)},
                   {"values", Value::Vec({MopValue(*m, true).items()[2],
                                          MopValue(*longest, true).items()[2]})},
                   {"op", Op(t)}}),
            absl::StrCat("key ", key, ": op ", Index(t), " read ",
                         MopValue(*m, true).items()[2].ToEdn(), ", not a prefix of ",
                         MopValue(*longest, true).items()[2].ToEdn(), " (incompatible order)"));
      }
      if (order.empty()) continue;
      v_.edges.push_back({key, kNil, order[0]});
      for (size_t i = 0; i + 1 < order.size(); ++i) {
        v_.edges.push_back({key, order[i], order[i + 1]});
        const Versions::Writer* a = WriterOf(key, order[i]);
        const Versions::Writer* b = WriterOf(key, order[i + 1]);
        if (a != nullptr && b != nullptr &&
            h_.txns[static_cast<size_t>(a->txn)].type == OpType::kFail &&
            h_.txns[static_cast<size_t>(b->txn)].type != OpType::kFail) {
          Add("dirty-update",
              MapOf({{"key", Value::Int(key)},
                     {"values", Value::Vec({Value::Int(order[i]), Value::Int(order[i + 1])})},
                     {"txns", Value::Vec({Op(a->txn), Op(b->txn)})}}),
              absl::StrCat("key ", key, ": op ", Index(b->txn), " appended ", order[i + 1],
                           " on top of ", order[i], ", appended by op ", Index(a->txn),
                           ", which failed (dirty update)"));
        }
      }
    }
  }

  Versions Take() { return std::move(v_); }

 private:
  const TxnHistory& h_;
  bool list_append_;
  std::vector<std::vector<KeyUse>> uses_;
  Versions v_;
};

}  // namespace

Value TxnOpValue(const Txn& t) {
  return MapOf({{"index", Value::Int(t.index)},
                {"type", Value::Keyword(std::string(OpTypeName(t.type)))},
                {"process", Value::Int(t.process)},
                {"f", Kw("txn")},
                {"value", t.value != nullptr ? *t.value : Value()}});
}

Versions RwRegisterVersions(const TxnHistory& h, bool realtime) {
  Builder b(h, false);
  b.RwReads();
  b.RwBaseEdges();
  b.CyclicVersions();
  if (realtime) b.RealtimeEdges();
  b.LostUpdates();
  return b.Take();
}

Versions ListAppendVersions(const TxnHistory& h) {
  Builder b(h, true);
  std::map<int64_t, std::vector<std::pair<int, const Mop*>>> reads;
  b.AppendReads(&reads);
  b.AppendOrders(reads);
  b.LostUpdates();
  return b.Take();
}

}  // namespace harness::elle
