#include "harness/elle/txn_check.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/elle/cycles.h"
#include "harness/elle/graph.h"
#include "harness/elle/txn_history.h"
#include "harness/elle/txn_models.h"
#include "harness/elle/txn_versions.h"

namespace harness::elle {
namespace {

constexpr size_t kMaxPerType = 32;  // anomalies kept per type in the details
const std::vector<std::string> kBaseCycles = {"G0", "G1c", "G-single", "G-nonadjacent",
                                              "G2-item"};

std::string S(int64_t v) { return v == kNil ? "nil" : absl::StrCat(v); }

struct Nodes {
  std::vector<int> node_of;  // txn -> node, -1 for :fail
  std::vector<int> txn_of;
};

Nodes MakeNodes(const TxnHistory& h) {
  Nodes n;
  n.node_of.assign(h.txns.size(), -1);
  for (size_t i = 0; i < h.txns.size(); ++i) {
    if (h.txns[i].type == OpType::kFail) continue;
    n.node_of[i] = static_cast<int>(n.txn_of.size());
    n.txn_of.push_back(static_cast<int>(i));
  }
  return n;
}

// ww and rw edges from version edges; wr edges from reads.
void LinkData(const Versions& v, const std::vector<VersionEdge>& edges, const Nodes& n,
              Graph& g) {
  auto node = [&](int64_t key, int64_t value) {
    if (value == kNil) return -1;
    auto it = v.writers.find({key, value});
    return it == v.writers.end() ? -1 : n.node_of[static_cast<size_t>(it->second.txn)];
  };
  for (const VersionEdge& e : edges) {
    const int to = node(e.key, e.to);
    if (to < 0) continue;
    const int from = node(e.key, e.from);
    if (from >= 0) g.Link(from, to, kWW);
    if (auto r = v.readers.find({e.key, e.from}); r != v.readers.end()) {
      for (int t : r->second) g.Link(n.node_of[static_cast<size_t>(t)], to, kRW);
    }
  }
}

void LinkReads(const Versions& v, const Nodes& n, Graph& g) {
  for (const auto& [kv, readers] : v.readers) {
    auto w = v.writers.find(kv);
    if (w == v.writers.end()) continue;
    const int from = n.node_of[static_cast<size_t>(w->second.txn)];
    if (from < 0) continue;
    for (int t : readers) g.Link(from, n.node_of[static_cast<size_t>(t)], kWR);
  }
}

void LinkProcess(const TxnHistory& h, const Nodes& n, Graph& g) {
  absl::flat_hash_map<int64_t, int> last;
  for (int t : n.txn_of) {
    const int node = n.node_of[static_cast<size_t>(t)];
    auto [it, inserted] = last.emplace(h.txns[static_cast<size_t>(t)].process, node);
    if (!inserted) {
      g.Link(it->second, node, kProcess);
      it->second = node;
    }
  }
}

// An op's invocation links from the frontier of :ok ops completed before it
// (none of which precedes another); its completion then replaces in the
// frontier the ops it follows. Transitively reduced, as Elle's realtime graph.
void LinkRealtime(const TxnHistory& h, const Nodes& n, Graph& g) {
  struct Event {
    int64_t time;
    int order;  // 0 invocation, 1 completion
    int node;
  };
  std::vector<Event> events;
  for (int t : n.txn_of) {
    const Txn& x = h.txns[static_cast<size_t>(t)];
    events.push_back({x.invoke_ns, 0, n.node_of[static_cast<size_t>(t)]});
    if (x.type == OpType::kOk) events.push_back({x.complete_ns, 1, n.node_of[static_cast<size_t>(t)]});
  }
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return std::tie(a.time, a.order, a.node) < std::tie(b.time, b.order, b.node);
  });
  std::vector<int> frontier;
  std::vector<std::vector<int>> preds(n.txn_of.size());
  std::vector<char> in_frontier(n.txn_of.size(), 0);
  for (const Event& e : events) {
    if (e.order == 0) {
      preds[static_cast<size_t>(e.node)] = frontier;
      for (int p : frontier) g.Link(p, e.node, kRealtime);
      continue;
    }
    for (int p : preds[static_cast<size_t>(e.node)]) in_frontier[static_cast<size_t>(p)] = 0;
    std::vector<int>().swap(preds[static_cast<size_t>(e.node)]);
    std::erase_if(frontier, [&](int f) { return !in_frontier[static_cast<size_t>(f)]; });
    frontier.push_back(e.node);
    in_frontier[static_cast<size_t>(e.node)] = 1;
  }
}

class Explainer {
 public:
  // `index`: build the edge indexes (only needed to explain cycles).
  Explainer(const TxnHistory& h, const Versions& v, const Nodes& n, bool list_append, bool index)
      : h_(h), v_(v), n_(n), list_append_(list_append) {
    if (!index) return;
    for (const VersionEdge& e : v.edges) base_.insert({e.key, e.from, e.to});
    for (const VersionEdge& e : v.rt_edges) rt_.try_emplace({e.key, e.from, e.to}, e.witness);
  }
  const Txn& T(int node) const {
    return h_.txns[static_cast<size_t>(n_.txn_of[static_cast<size_t>(node)])];
  }
  std::string Describe(int node) const { return TxnOpValue(T(node)).ToEdn(); }

  // Completes "A < B, because ..." for the edge from -> to counted as
  // `rel`; `inferred`: it holds only through inference (c).
  std::string Because(int from, int to, Rels rel, bool inferred, const std::string& a_name,
                      const std::string& b_name) const {
    const Txn& a = T(from);
    const Txn& b = T(to);
    const int ta = n_.txn_of[static_cast<size_t>(from)];
    if (rel == kProcess) {
      return absl::StrCat("process ", a.process, " executed ", a_name, " before ", b_name);
    }
    if (rel == kRealtime) return absl::StrCat(a_name, " completed before ", b_name, " began");
    for (const Mop& mb : b.mops) {
      if (rel == kWR) {
        if (mb.kind != MopKind::kRead) continue;
        const int64_t got = ReadValue(mb);
        auto w = v_.writers.find({mb.key, got});
        if (w == v_.writers.end() || w->second.txn != ta) continue;
        return list_append_ ? absl::StrCat(b_name, " observed ", a_name, "'s append of ", got,
                                           " to key ", mb.key)
                            : absl::StrCat(a_name, " wrote key ", mb.key, " = ", got, ", and ",
                                           b_name, " read it");
      }
      if (mb.kind == MopKind::kRead) continue;
      for (const Mop& ma : a.mops) {
        if (ma.key != mb.key) continue;
        const bool a_writes = ma.kind != MopKind::kRead;
        if ((rel == kWW) != a_writes) continue;
        const int64_t av = a_writes ? ma.value : ReadValue(ma);
        const std::tuple<int64_t, int64_t, int64_t> edge{mb.key, av, mb.value};
        auto rt = rt_.find(edge);
        if (inferred ? rt == rt_.end() : !base_.contains(edge)) continue;
        std::string why =
            rel == kWW
                ? (list_append_ ? absl::StrCat(a_name, " appended ", av, " to key ", mb.key,
                                               ", and ", b_name, " appended ", mb.value)
                                : absl::StrCat(a_name, " set key ", mb.key, " to ", av, ", and ",
                                               b_name, " set it to ", mb.value))
                : absl::StrCat(a_name, " read key ", mb.key, " = ", S(av), ", and ", b_name,
                               list_append_ ? " appended " : " set it to ", mb.value);
        absl::StrAppend(&why, ", which came later in the version order");
        if (inferred) {
          const Txn& w = h_.txns[static_cast<size_t>(rt->second)];
          absl::StrAppend(&why, " (inferred from real time: op ", w.index,
                          " began after the txn writing ", S(av), " completed, and it ",
                          w.index == b.index ? "wrote " : "read ", mb.value,
                          "; strict serializability puts that write first)");
        }
        return why;
      }
    }
    return absl::StrCat(a_name, " ", RelName(rel), "-precedes ", b_name);
  }

 private:
  int64_t ReadValue(const Mop& m) const {
    if (list_append_) return m.list.empty() ? kNil : m.list.back();
    return m.nil ? kNil : m.value;
  }

  const TxnHistory& h_;
  const Versions& v_;
  const Nodes& n_;
  bool list_append_;
  std::set<std::tuple<int64_t, int64_t, int64_t>> base_;
  std::map<std::tuple<int64_t, int64_t, int64_t>, int> rt_;
};

struct CycleOut {
  std::string anomaly;
  Cycle cycle;
  std::vector<bool> inferred;  // per edge
};

}  // namespace

TxnCheckOutput CheckTxn(const History& history, const TxnCheckOptions& options) {
  const TxnHistory h = ReadTxnHistory(history);
  const std::set<std::string> prohibited = ProhibitedAnomalies(options.models);
  bool need_process = false, need_realtime = false;
  std::vector<std::string> cycle_names;
  for (const std::string& base : kBaseCycles) {
    for (const char* suffix : {"", "-process", "-realtime"}) {
      const std::string name = base + suffix;
      if (!prohibited.contains(name)) continue;
      cycle_names.push_back(name);
      need_process = need_process || std::string(suffix) == "-process";
      need_realtime = need_realtime || std::string(suffix) == "-realtime";
    }
  }
  const Versions v =
      options.list_append ? ListAppendVersions(h) : RwRegisterVersions(h, need_realtime);
  const Nodes n = MakeNodes(h);

  auto build = [&](bool with_rt_inferences) {
    Graph g(static_cast<int>(n.txn_of.size()));
    LinkData(v, v.edges, n, g);
    if (with_rt_inferences) LinkData(v, v.rt_edges, n, g);
    LinkReads(v, n, g);
    if (need_process) LinkProcess(h, n, g);
    if (need_realtime) LinkRealtime(h, n, g);
    g.Finish();
    return g;
  };
  Graph g = build(false);
  CycleSearchOptions search;
  search.max_steps = options.max_steps;
  // Each opening edge costs a breadth-first search; 64 per class and
  // component find the shortest cycle in every hand-made case and keep big
  // components (a partitioned cluster's history) cheap.
  search.max_starts = 64;
  // rw-register under strict-serializable searches the -realtime classes
  // once, below, over the graph that also has the real-time inferences.
  const bool rt_inferences = !options.list_append && need_realtime;
  std::vector<std::string> plain_names;
  for (const std::string& name : cycle_names) {
    if (!rt_inferences || !name.ends_with("-realtime")) plain_names.push_back(name);
  }
  CycleSearchResult found = FindCycles(g, CycleSpecsNamed(plain_names), search);
  std::vector<CycleOut> cycles;
  std::set<std::pair<std::string, std::vector<int>>> seen;
  auto add_cycle = [&](const std::string& name, const Cycle& c, std::vector<bool> inferred) {
    std::vector<int> key = c.nodes;
    std::sort(key.begin(), key.end());
    if (!seen.insert({name, key}).second) return;
    cycles.push_back({name, c, std::move(inferred)});
  };
  for (const Cycle& c : found.cycles) add_cycle(c.anomaly, c, std::vector<bool>(c.nodes.size()));
  bool timed_out = found.timed_out;
  if (rt_inferences) {
    // Cycles that need an edge inferred from real time (txn_versions.h (c))
    // rule out only models that forbid -realtime anomalies: search the base
    // classes over the graph with those edges and report what needs one
    // under the -realtime name.
    Graph rg = build(true);
    std::vector<std::string> names;
    for (const std::string& base : kBaseCycles) {
      if (prohibited.contains(base + "-realtime")) {
        names.push_back(base);
        names.push_back(base + "-realtime");
      }
    }
    CycleSearchResult rfound = FindCycles(rg, CycleSpecsNamed(names), search);
    timed_out = timed_out || rfound.timed_out;
    for (const Cycle& c : rfound.cycles) {
      std::vector<bool> inferred(c.nodes.size());
      bool any = false;
      for (size_t i = 0; i < c.nodes.size(); ++i) {
        const int to = c.nodes[(i + 1) % c.nodes.size()];
        inferred[i] = (g.RelsBetween(c.nodes[i], to) & c.rels[i]) == 0;
        any = any || inferred[i];
      }
      const bool is_rt = c.anomaly.ends_with("-realtime");
      if (!any && !is_rt) continue;  // a base class without an inference: found above
      add_cycle(is_rt ? c.anomaly : c.anomaly + "-realtime", c, std::move(inferred));
    }
  }

  // Every anomaly, by name.
  std::map<std::string, std::vector<Value>> anomalies;
  std::map<std::string, std::vector<std::string>> lines;
  std::map<std::string, int64_t> counts;  // all found; details keep kMaxPerType
  for (const Found& f : v.found) {
    if (++counts[f.name] > static_cast<int64_t>(kMaxPerType)) continue;
    anomalies[f.name].push_back(f.detail);
    lines[f.name].push_back(f.line);
  }
  Explainer ex(h, v, n, options.list_append, !cycles.empty());
  TxnCheckOutput out;
  std::set<std::string> drawn;
  for (const CycleOut& c : cycles) {
    // Explaining is the costly part when thousands of components each
    // hold a cycle: explain only the cycles the details keep.
    if (++counts[c.anomaly] > static_cast<int64_t>(kMaxPerType)) continue;
    CycleExplainer ce{[&](int node) { return ex.Describe(node); },
                      [&](int from, int to, Rels rel) {
                        size_t i = 0;
                        while (i < c.cycle.nodes.size() &&
                               !(c.cycle.nodes[i] == from &&
                                 c.cycle.nodes[(i + 1) % c.cycle.nodes.size()] == to)) {
                          ++i;
                        }
                        const size_t n = c.cycle.nodes.size();
                        return ex.Because(from, to, rel, i < n && c.inferred[i],
                                          absl::StrCat("T", i + 1), absl::StrCat("T", (i + 1) % n + 1));
                      }};
    std::vector<std::string> text = ExplainCycle(c.cycle, ce);
    std::vector<Value> ops, steps, tv;
    std::vector<std::string> refs;
    TxnCycleDrawing d{c.anomaly, {}, {}};
    for (size_t i = 0; i < c.cycle.nodes.size(); ++i) {
      const Txn& t = ex.T(c.cycle.nodes[i]);
      ops.push_back(TxnOpValue(t));
      std::string rel = RelName(c.cycle.rels[i]);
      if (c.inferred[i]) rel += " (rt)";
      steps.push_back(Value::Keyword(RelName(c.cycle.rels[i])));
      refs.push_back(absl::StrCat("op ", t.index));
      d.txns.push_back(absl::StrCat("T", i + 1, " op ", t.index, " p", t.process, ": ", (t.value != nullptr ? t.value->ToEdn() : "nil")));
      d.edges.push_back(rel);
    }
    for (const std::string& l : text) tv.push_back(Value::String(l));
    std::vector<std::pair<Value, Value>> m = {{Value::Keyword("type"), Value::Keyword(c.anomaly)},
                                              {Value::Keyword("cycle"), Value::Vec(std::move(ops))},
                                              {Value::Keyword("steps"), Value::Vec(std::move(steps))},
                                              {Value::Keyword("explanation"), Value::Vec(std::move(tv))}};
    anomalies[c.anomaly].push_back(Value::Map(std::move(m)));
    lines[c.anomaly].push_back(absl::StrCat("cycle of ", c.cycle.nodes.size(), " txns: ",
                                            absl::StrJoin(refs, " -> "), "; ",
                                            absl::StrJoin(text, " ")));
    if (drawn.insert(c.anomaly).second) out.cycles.push_back(std::move(d));
  }

  std::set<std::string> unknowns;
  bool any_ok = false;
  for (const Txn& t : h.txns) any_ok = any_ok || t.type == OpType::kOk;
  if (!any_ok) unknowns.insert("empty-transaction-graph");
  if (timed_out) unknowns.insert("cycle-search-timeout");

  std::set<std::string> found_names, reportable;
  for (const auto& [name, list] : anomalies) {
    found_names.insert(name);
    if (prohibited.contains(name)) reportable.insert(name);
  }
  Validity valid = Validity::kTrue;
  if (!reportable.empty()) {
    valid = Validity::kFalse;
  } else if (!unknowns.empty()) {
    valid = !options.list_append && unknowns.contains("empty-transaction-graph") ? Validity::kFalse
                                                                                : Validity::kUnknown;
  }
  auto [not_models, also_not] = RuledOutModels(found_names);

  std::vector<Value> types;
  std::vector<std::pair<Value, Value>> amap, count_map;
  for (const std::string& name : reportable) {
    types.push_back(Value::Keyword(name));
    amap.emplace_back(Value::Keyword(name), Value::Vec(std::move(anomalies[name])));
    count_map.emplace_back(Value::Keyword(name), Value::Int(counts[name]));
    for (size_t i = 0; i < lines[name].size() && i < 8; ++i) {
      out.result.anomalies.push_back(absl::StrCat(name, ": ", lines[name][i]));
    }
    if (counts[name] > 8) {
      out.result.anomalies.push_back(absl::StrCat(name, ": ... and ", counts[name] - 8, " more"));
    }
  }
  for (const std::string& u : unknowns) {
    types.push_back(Value::Keyword(u));
    amap.emplace_back(Value::Keyword(u), Value::Vec({}));
    out.result.anomalies.push_back(absl::StrCat(
        u, u == "cycle-search-timeout" ? ": the cycle search ran out of its step budget"
                                       : ": no transaction committed"));
  }
  auto set_of = [](const std::set<std::string>& s) {
    std::vector<Value> items;
    for (const std::string& x : s) items.push_back(Value::Keyword(x));
    return Value::Set(std::move(items));
  };
  std::vector<Value> models;
  for (const std::string& m : options.models) models.push_back(Value::Keyword(m));
  std::vector<Value> malformed;
  for (const std::string& r : h.malformed_reasons) malformed.push_back(Value::String(r));
  std::vector<std::pair<Value, Value>> d = {
      {Value::Keyword("valid?"), ValidityValue(valid)},
      {Value::Keyword("anomaly-types"), Value::Vec(std::move(types))},
      {Value::Keyword("anomalies"), Value::Map(std::move(amap))},
      {Value::Keyword("anomaly-counts"), Value::Map(std::move(count_map))},
      {Value::Keyword("not"), set_of(not_models)},
      {Value::Keyword("also-not"), set_of(also_not)},
      {Value::Keyword("models"), Value::Vec(std::move(models))},
      {Value::Keyword("txn-count"), Value::Int(static_cast<int64_t>(h.txns.size()))},
      {Value::Keyword("graph"), Value::Map({{Value::Keyword("nodes"), Value::Int(g.node_count())},
                                            {Value::Keyword("edges"), Value::Int(static_cast<int64_t>(g.edge_count()))},
                                            {Value::Keyword("components"), Value::Int(found.components)}})}};
  if (h.malformed > 0) {
    d.emplace_back(Value::Keyword("malformed-ops"), Value::Int(h.malformed));
    d.emplace_back(Value::Keyword("malformed-examples"), Value::Vec(std::move(malformed)));
  }
  out.result.valid = valid;
  out.result.details = Value::Map(std::move(d));
  return out;
}

}  // namespace harness::elle
