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
const std::vector<std::string> kBaseCycles = {"G0", "G1c", "G-single", "G-nonadjacent", "G2-item"};

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
void LinkData(const Versions& v, const std::vector<VersionEdge>& edges, const Nodes& n, Graph& g) {
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
    if (x.type == OpType::kOk)
      events.push_back({x.complete_ns, 1, n.node_of[static_cast<size_t>(t)]});
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
            rel == kWW ? (list_append_ ? absl::StrCat(a_name, " appended ", av, " to key ", mb.key,
                                                      ", and ", b_name, " appended ", mb.value)
                                       : absl::StrCat(a_name, " set key ", mb.key, " to ", av,
                                                      ", and ", b_name, " set it to ", mb.value))
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

// What the models ask for: the anomalies they prohibit, the cycle classes
// to search, and which order edges those need.
struct Plan {
  std::set<std::string> prohibited;
  std::vector<std::string> cycle_names;
  bool need_process = false;
  bool need_realtime = false;
};

Plan PlanFor(const std::vector<std::string>& models) {
  Plan p;
  p.prohibited = ProhibitedAnomalies(models);
  for (const std::string& base : kBaseCycles) {
    for (const std::string suffix : {"", "-process", "-realtime"}) {
      if (!p.prohibited.contains(base + suffix)) continue;
      p.cycle_names.push_back(base + suffix);
      p.need_process = p.need_process || suffix == "-process";
      p.need_realtime = p.need_realtime || suffix == "-realtime";
    }
  }
  return p;
}

struct Searched {
  Graph graph;  // without real-time inferences
  std::vector<CycleOut> cycles;
  bool timed_out = false;
  int components = 0;
};

Searched SearchCycles(const TxnHistory& h, const Versions& v, const Nodes& n, const Plan& plan,
                      const TxnCheckOptions& options) {
  auto build = [&](bool with_rt_inferences) {
    Graph g(static_cast<int>(n.txn_of.size()));
    LinkData(v, v.edges, n, g);
    if (with_rt_inferences) LinkData(v, v.rt_edges, n, g);
    LinkReads(v, n, g);
    if (plan.need_process) LinkProcess(h, n, g);
    if (plan.need_realtime) LinkRealtime(h, n, g);
    g.Finish();
    return g;
  };
  Searched out{build(false), {}, false, 0};
  CycleSearchOptions search;
  search.max_steps = options.max_steps;
  // An opening edge that does not close costs a breadth-first search of
  // its component; the search stops at the first that closes, so 64 per
  // class and component bound only the fruitless ones.
  search.max_starts = 64;
  // rw-register under strict-serializable searches the -realtime classes
  // once, below, over the graph that also has the real-time inferences.
  const bool rt_inferences = !options.list_append && plan.need_realtime;
  std::vector<std::string> plain_names;
  for (const std::string& name : plan.cycle_names) {
    if (!rt_inferences || !name.ends_with("-realtime")) plain_names.push_back(name);
  }
  std::set<std::pair<std::string, std::vector<int>>> seen;
  auto add = [&](const std::string& name, const Cycle& c, std::vector<bool> inferred) {
    std::vector<int> key = c.nodes;
    std::sort(key.begin(), key.end());
    if (seen.insert({name, key}).second) out.cycles.push_back({name, c, std::move(inferred)});
  };
  CycleSearchResult found = FindCycles(out.graph, CycleSpecsNamed(plain_names), search);
  out.components = found.components;
  out.timed_out = found.timed_out;
  for (const Cycle& c : found.cycles) add(c.anomaly, c, std::vector<bool>(c.nodes.size()));
  if (!rt_inferences) return out;
  // Cycles that need an edge inferred from real time (txn_versions.h (c))
  // rule out only models that forbid -realtime anomalies: search the base
  // classes over the graph with those edges and report what needs one
  // under the -realtime name.
  Graph rg = build(true);
  std::vector<std::string> names;
  for (const std::string& base : kBaseCycles) {
    if (plan.prohibited.contains(base + "-realtime")) {
      names.push_back(base);
      names.push_back(base + "-realtime");
    }
  }
  CycleSearchResult rfound = FindCycles(rg, CycleSpecsNamed(names), search);
  out.timed_out = out.timed_out || rfound.timed_out;
  for (const Cycle& c : rfound.cycles) {
    std::vector<bool> inferred(c.nodes.size());
    bool any = false;
    for (size_t i = 0; i < c.nodes.size(); ++i) {
      const int to = c.nodes[(i + 1) % c.nodes.size()];
      inferred[i] = (out.graph.RelsBetween(c.nodes[i], to) & c.rels[i]) == 0;
      any = any || inferred[i];
    }
    const bool is_rt = c.anomaly.ends_with("-realtime");
    if (!any && !is_rt) continue;  // a base class without an inference: found above
    add(is_rt ? c.anomaly : c.anomaly + "-realtime", c, std::move(inferred));
  }
  return out;
}

// Every anomaly found, by name: at most kMaxPerType details and report
// lines each, the count of all, and a drawing of each class's first cycle.
struct Collected {
  std::map<std::string, std::vector<Value>> details;
  std::map<std::string, std::vector<std::string>> lines;
  std::map<std::string, int64_t> counts;
  std::vector<TxnCycleDrawing> drawings;
};

void CollectCycle(const CycleOut& c, const Explainer& ex, Collected& out) {
  const size_t n = c.cycle.nodes.size();
  CycleExplainer ce{
      [&](int node) { return ex.Describe(node); },
      nullptr,
      // By position, not by looking (from, to) up: the words must name
      // this edge's own T numbers.
      [&](size_t i, int from, int to, Rels rel) {
        return ex.Because(from, to, rel, i < n && c.inferred[i], absl::StrCat("T", i + 1),
                          absl::StrCat("T", (i + 1) % n + 1));
      }};
  std::vector<std::string> text = ExplainCycle(c.cycle, ce);
  std::vector<Value> ops, steps, tv;
  std::vector<std::string> refs;
  TxnCycleDrawing d{c.anomaly, {}, {}};
  for (size_t i = 0; i < n; ++i) {
    const Txn& t = ex.T(c.cycle.nodes[i]);
    ops.push_back(TxnOpValue(t));
    steps.push_back(Value::Keyword(RelName(c.cycle.rels[i])));
    refs.push_back(absl::StrCat("op ", t.index));
    d.txns.push_back(absl::StrCat("T", i + 1, " op ", t.index, " p", t.process, ": ",
                                  t.value != nullptr ? t.value->ToEdn() : "nil"));
    d.edges.push_back(RelName(c.cycle.rels[i]) + (c.inferred[i] ? " (rt)" : ""));
  }
  for (const std::string& l : text) tv.push_back(Value::String(l));
  out.details[c.anomaly].push_back(
      Value::Map({{Value::Keyword("type"), Value::Keyword(c.anomaly)},
                  {Value::Keyword("cycle"), Value::Vec(std::move(ops))},
                  {Value::Keyword("steps"), Value::Vec(std::move(steps))},
                  {Value::Keyword("explanation"), Value::Vec(std::move(tv))}}));
  out.lines[c.anomaly].push_back(absl::StrCat(
      "cycle of ", n, " txns: ", absl::StrJoin(refs, " -> "), "; ", absl::StrJoin(text, " ")));
  if (out.details[c.anomaly].size() == 1) out.drawings.push_back(std::move(d));
}

Collected Collect(const TxnHistory& h, const Versions& v, const Nodes& n, const Searched& found,
                  bool list_append) {
  Collected out;
  for (const Found& f : v.found) {
    if (++out.counts[f.name] > static_cast<int64_t>(kMaxPerType)) continue;
    out.details[f.name].push_back(f.detail);
    out.lines[f.name].push_back(f.line);
  }
  Explainer ex(h, v, n, list_append, !found.cycles.empty());
  for (const CycleOut& c : found.cycles) {
    // Explaining is the costly part when many components each hold a
    // cycle: explain only the cycles the details keep.
    if (++out.counts[c.anomaly] > static_cast<int64_t>(kMaxPerType)) continue;
    CollectCycle(c, ex, out);
  }
  return out;
}

Value KeywordSet(const std::set<std::string>& s) {
  std::vector<Value> items;
  for (const std::string& x : s) items.push_back(Value::Keyword(x));
  return Value::Set(std::move(items));
}

}  // namespace

TxnCheckOutput CheckTxn(const History& history, const TxnCheckOptions& options) {
  const TxnHistory h = ReadTxnHistory(history);
  const Plan plan = PlanFor(options.models);
  const Versions v =
      options.list_append ? ListAppendVersions(h) : RwRegisterVersions(h, plan.need_realtime);
  const Nodes n = MakeNodes(h);
  const Searched found = SearchCycles(h, v, n, plan, options);
  Collected c = Collect(h, v, n, found, options.list_append);

  std::set<std::string> unknowns;
  bool any_ok = false;
  for (const Txn& t : h.txns) any_ok = any_ok || t.type == OpType::kOk;
  if (!any_ok) unknowns.insert("empty-transaction-graph");
  if (found.timed_out) unknowns.insert("cycle-search-timeout");
  std::set<std::string> found_names, reportable;
  for (const auto& [name, count] : c.counts) {
    found_names.insert(name);
    if (plan.prohibited.contains(name)) reportable.insert(name);
  }
  Validity valid = Validity::kTrue;
  if (!reportable.empty()) {
    valid = Validity::kFalse;
  } else if (!unknowns.empty()) {
    // Maelstrom's rw-register wrapper counts an empty graph as invalid.
    valid = !options.list_append && unknowns.contains("empty-transaction-graph")
                ? Validity::kFalse
                : Validity::kUnknown;
  }
  const auto [not_models, also_not] = RuledOutModels(found_names);

  TxnCheckOutput out;
  out.cycles = std::move(c.drawings);
  std::vector<Value> types;
  std::vector<std::pair<Value, Value>> amap, count_map;
  for (const std::string& name : reportable) {
    types.push_back(Value::Keyword(name));
    amap.emplace_back(Value::Keyword(name), Value::Vec(std::move(c.details[name])));
    count_map.emplace_back(Value::Keyword(name), Value::Int(c.counts[name]));
    for (size_t i = 0; i < c.lines[name].size() && i < 8; ++i) {
      out.result.anomalies.push_back(absl::StrCat(name, ": ", c.lines[name][i]));
    }
    if (c.counts[name] > 8) {
      out.result.anomalies.push_back(absl::StrCat(name, ": ... and ", c.counts[name] - 8, " more"));
    }
  }
  for (const std::string& u : unknowns) {
    types.push_back(Value::Keyword(u));
    amap.emplace_back(Value::Keyword(u), Value::Vec({}));
    out.result.anomalies.push_back(absl::StrCat(
        u, u == "cycle-search-timeout" ? ": the cycle search ran out of its step budget"
                                       : ": no transaction committed"));
  }
  std::vector<Value> models;
  for (const std::string& m : options.models) models.push_back(Value::Keyword(m));
  std::vector<std::pair<Value, Value>> d = {
      {Value::Keyword("valid?"), ValidityValue(valid)},
      {Value::Keyword("anomaly-types"), Value::Vec(std::move(types))},
      {Value::Keyword("anomalies"), Value::Map(std::move(amap))},
      {Value::Keyword("anomaly-counts"), Value::Map(std::move(count_map))},
      {Value::Keyword("not"), KeywordSet(not_models)},
      {Value::Keyword("also-not"), KeywordSet(also_not)},
      {Value::Keyword("models"), Value::Vec(std::move(models))},
      {Value::Keyword("txn-count"), Value::Int(static_cast<int64_t>(h.txns.size()))},
      {Value::Keyword("graph"),
       Value::Map(
           {{Value::Keyword("nodes"), Value::Int(found.graph.node_count())},
            {Value::Keyword("edges"), Value::Int(static_cast<int64_t>(found.graph.edge_count()))},
            {Value::Keyword("components"), Value::Int(found.components)}})}};
  if (h.malformed > 0) {
    std::vector<Value> malformed;
    for (const std::string& r : h.malformed_reasons) malformed.push_back(Value::String(r));
    d.emplace_back(Value::Keyword("malformed-ops"), Value::Int(h.malformed));
    d.emplace_back(Value::Keyword("malformed-examples"), Value::Vec(std::move(malformed)));
  }
  out.result.valid = valid;
  out.result.details = Value::Map(std::move(d));
  return out;
}

}  // namespace harness::elle
