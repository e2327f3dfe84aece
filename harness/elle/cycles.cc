#include "harness/elle/cycles.h"

#include <algorithm>
#include <cstdint>
#include <cstddef>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "harness/run/check.h"

namespace harness::elle {

std::vector<CycleSpec> StandardCycleSpecs() {
  std::vector<CycleSpec> base = {
      {"G0", kWW, {kWW}, 0, 0},  // requiring ww keeps its variants off process/realtime-only rings
      {"G1c", kWW | kWR, {kWR}, 0, 0},
      {"G-single", kWW | kWR | kRW, {}, kRW, 0},
      {"G-nonadjacent", kWW | kWR | kRW, {}, 0, kRW, /*nonadjacent=*/true},
      {"G2-item", kWW | kWR | kRW, {}, 0, kRW},
  };
  std::vector<CycleSpec> out = base;
  for (auto [suffix, rel] : {std::pair<const char*, Rels>{"-process", kProcess},
                             std::pair<const char*, Rels>{"-realtime", kRealtime}}) {
    for (CycleSpec s : base) {
      s.name += suffix;
      s.allowed |= rel;
      s.required.push_back(rel);
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::vector<CycleSpec> CycleSpecsNamed(const std::vector<std::string>& names) {
  std::vector<CycleSpec> out;
  for (CycleSpec& s : StandardCycleSpecs()) {
    if (std::find(names.begin(), names.end(), s.name) != names.end()) out.push_back(std::move(s));
  }
  return out;
}

namespace {

// Progress along a path: one bit per required set, then the counts (capped
// at 2) of `single` and `multiple` edges, then (nonadjacent specs only)
// whether the opening and the latest edge were `multiple` edges. -1 is a
// dead state: no extension of it can complete the cycle.
struct Progress {
  const CycleSpec* spec;
  int required_bits;
  int base() const { return (1 << required_bits) * 9; }
  int states() const { return base() * (spec->nonadjacent ? 4 : 1); }
  // The state after the cycle's opening edge.
  int Open(Rels rel) const {
    int p = Add(0, rel);
    if (p >= 0 && spec->nonadjacent && (spec->multiple & rel)) p += base();  // "first" bit
    return p;
  }
  int Add(int p, Rels rel) const {
    const int na = p / base();
    p %= base();
    int mask = p & ((1 << required_bits) - 1);
    int single = (p >> required_bits) % 3;
    int multiple = (p >> required_bits) / 3;
    for (int j = 0; j < required_bits; ++j) {
      if (spec->required[static_cast<size_t>(j)] & rel) mask |= 1 << j;
    }
    if (spec->single & rel) single = std::min(single + 1, 2);
    if (spec->multiple & rel) multiple = std::min(multiple + 1, 2);
    if (spec->single != 0 && single == 2) return -1;
    int next_na = na & 1;
    if (spec->nonadjacent) {
      const bool is_multiple = (spec->multiple & rel) != 0;
      if (is_multiple && (na & 2)) return -1;  // two adjacent
      if (is_multiple) next_na |= 2;
    }
    return (mask | ((single + 3 * multiple) << required_bits)) + base() * next_na;
  }
  bool Dead(int p) const { return p < 0; }
  bool Complete(int p) const {
    const int na = p / base();
    p %= base();
    const int full = (1 << required_bits) - 1;
    const int single = (p >> required_bits) % 3;
    const int multiple = (p >> required_bits) / 3;
    if (spec->nonadjacent && na == 3) return false;  // closing edge meets opening edge
    return (p & full) == full && (spec->single == 0 || single == 1) &&
           (spec->multiple == 0 || multiple == 2);
  }
};

// Whether the cycle `rels` (edge i from node i to node i + 1, the last
// closing) meets `prog`'s class. Rotation does not matter.
bool Satisfies(const Progress& prog, const std::vector<Rels>& rels) {
  if (rels.size() < 2) return false;
  int p = prog.Open(rels[0]);
  for (size_t i = 1; i < rels.size() && !prog.Dead(p); ++i) p = prog.Add(p, rels[i]);
  return !prog.Dead(p) && prog.Complete(p);
}

// Splits a closed walk into simple cycles (each node once): scanning the
// walk, a node seen again closes the piece since its last visit. A
// breadth-first search in (node, progress) space can return such a walk,
// e.g. op 117 -> op 105 -> op 117 -> ..., which is no cycle of txns to
// report; one of its pieces may still be one of the class.
std::vector<Cycle> SimplePieces(const Cycle& walk) {
  std::vector<Cycle> pieces;
  std::vector<int> nodes;
  std::vector<Rels> rels;  // rels[k]: the edge out of nodes[k]
  std::map<int, size_t> at;
  for (size_t i = 0; i < walk.nodes.size(); ++i) {
    const int x = walk.nodes[i];
    auto it = at.find(x);
    if (it != at.end()) {
      const size_t k = it->second;
      Cycle c;
      c.nodes.assign(nodes.begin() + static_cast<std::ptrdiff_t>(k), nodes.end());
      c.rels.assign(rels.begin() + static_cast<std::ptrdiff_t>(k), rels.end());
      if (c.nodes.size() >= 2) pieces.push_back(std::move(c));
      for (size_t j = k; j < nodes.size(); ++j) at.erase(nodes[j]);
      nodes.resize(k);
      rels.resize(k);
    }
    at[x] = nodes.size();
    nodes.push_back(x);
    rels.push_back(walk.rels[i]);
  }
  if (nodes.size() >= 2) pieces.push_back({"", std::move(nodes), std::move(rels)});
  return pieces;
}

// The shortest simple cycle of the class among the walk's pieces, or an
// empty one.
Cycle SimpleCycleOf(const Progress& prog, const Cycle& walk) {
  Cycle best;
  for (Cycle& c : SimplePieces(walk)) {
    if (!Satisfies(prog, c.rels)) continue;
    if (best.nodes.empty() || c.nodes.size() < best.nodes.size()) best = std::move(c);
  }
  return best;
}

class ComponentSearch {
 public:
  ComponentSearch(const Graph& g, const std::vector<int>& nodes, std::vector<int>& local_of,
                  int64_t* steps_left)
      : g_(g), nodes_(nodes), local_of_(local_of), steps_left_(steps_left) {
    for (size_t i = 0; i < nodes_.size(); ++i)
      local_of_[static_cast<size_t>(nodes_[i])] = static_cast<int>(i);
  }
  ~ComponentSearch() {
    for (int n : nodes_) local_of_[static_cast<size_t>(n)] = -1;
  }

  // A shortest simple cycle of `spec` through the first of up to max_starts
  // opening edges that has one, or an empty cycle. Sets *timed_out when the
  // step budget ran out.
  Cycle Search(const CycleSpec& spec, int max_starts, bool* timed_out) {
    Progress prog{&spec, static_cast<int>(spec.required.size())};
    HARNESS_CHECK(prog.required_bits <= 4);
    // Open on the first required set (a -process / -realtime variant opens
    // on its order edge: tried on node-txn runs, opening on rw instead made
    // G-nonadjacent-realtime exhaust the budget where a realtime opening
    // closes at once), else on the counted rw edges.
    const Rels anchor = !spec.required.empty() ? spec.required[0]
                        : spec.single != 0     ? spec.single
                        : spec.multiple != 0   ? spec.multiple
                                               : spec.allowed;
    const size_t states = nodes_.size() * static_cast<size_t>(prog.states());
    if (stamp_.size() < states) {
      stamp_.assign(states, 0);
      parent_.assign(states, -1);
      via_.assign(states, 0);
    }
    // An opening edge can close a cycle of this class only inside one
    // strongly connected component of the edges the class may use: skip the
    // others, and search only inside that one.
    const std::vector<int>& sub = AllowedComponents(spec.allowed);
    // With a `single` opening edge u -> v, the way back from v to u uses
    // none: when u and v share a component of the other edges it surely
    // exists, so those openings go first.
    const std::vector<int>* rest =
        anchor == spec.single ? &AllowedComponents(spec.allowed & ~spec.single) : nullptr;
    std::vector<Start> starts, later;
    for (int u : nodes_) {
      const int lu = local_of_[static_cast<size_t>(u)];
      const int cu = sub[static_cast<size_t>(lu)];
      if (cu < 0) continue;
      for (const Graph::Edge& e : g_.Out(u)) {
        const int lv = local_of_[static_cast<size_t>(e.to)];
        if (lv < 0 || sub[static_cast<size_t>(lv)] != cu) continue;
        const Rels open = e.rels & spec.allowed & anchor;
        const bool first = rest == nullptr || ((*rest)[static_cast<size_t>(lu)] >= 0 &&
                                               (*rest)[static_cast<size_t>(lu)] ==
                                                   (*rest)[static_cast<size_t>(lv)]);
        for (Rels r = 1; r != 0 && r <= open; r = static_cast<Rels>(r << 1)) {
          if ((open & r) != 0) (first ? starts : later).push_back({u, e.to, r});
        }
      }
    }
    starts.insert(starts.end(), later.begin(), later.end());
    if (starts.size() > static_cast<size_t>(std::max(max_starts, 0))) {
      starts.resize(static_cast<size_t>(std::max(max_starts, 0)));
    }
    // A class with one `single` edge opens on the `single` edges that have
    // a way back (any other opening may have none, and each such start
    // costs a search of the whole component).
    if (spec.single != 0) {
      bool none = false;
      std::vector<Start> closing = SinglesThatClose(
          spec, sub, static_cast<size_t>(std::max(max_starts, 0)), &none, timed_out);
      if (*timed_out || none) return {};
      if (!closing.empty()) starts = std::move(closing);
    }
    for (const Start& s : starts) {
      Cycle c = FromEdge(prog, sub, s.u, s.v, s.rel, timed_out);
      if (!c.nodes.empty() || *timed_out) return c;
    }
    return {};
  }

 private:
  struct Start {
    int u, v;  // graph nodes
    Rels rel;
  };

  // A cycle with exactly one `single` edge a -> b needs a way back from b
  // to a over the class's other edges, inside one component of `sub`, that
  // adds the required sets the edge lacks. Whether any `single` edge has
  // one, by reachability over (node, required sets met) states: true at
  // once when both ends share a strongly connected component of those
  // states; else over the components in topological order, 64 edges at a
  // time (a bit each), every edge visited counting as a step. A false here
  // saves the breadth-first searches that would each exhaust the
  // component in vain.
  // Sets *none when no `single` edge has a way back. Gives up (returning
  // none and leaving *none false) after kMaxBatches batches.
  static constexpr size_t kMaxBatches = 16;
  std::vector<Start> SinglesThatClose(const CycleSpec& spec, const std::vector<int>& sub,
                                      size_t limit, bool* none, bool* timed_out) {
    const Rels others = spec.allowed & ~spec.single;
    const int bits = static_cast<int>(spec.required.size());
    const int layers = 1 << bits;
    const int full = layers - 1;
    auto met = [&](Rels r) {
      int m = 0;
      for (int j = 0; j < bits; ++j) {
        if (spec.required[static_cast<size_t>(j)] & r) m |= 1 << j;
      }
      return m;
    };
    const size_t n = nodes_.size();
    const int states = static_cast<int>(n) * layers;
    auto st = [&](size_t local, int m) { return static_cast<int>(local) * layers + m; };
    Graph layered(states);
    for (size_t i = 0; i < n; ++i) {
      if (sub[i] < 0) continue;
      for (const Graph::Edge& e : g_.Out(nodes_[i])) {
        const int to = local_of_[static_cast<size_t>(e.to)];
        if (to < 0 || sub[static_cast<size_t>(to)] != sub[i]) continue;
        for (Rels r = 1; r != 0 && r <= (e.rels & others); r = static_cast<Rels>(r << 1)) {
          if ((e.rels & others & r) == 0) continue;
          for (int m = 0; m < layers; ++m) {
            layered.Link(st(i, m), st(static_cast<size_t>(to), m | met(r)), kWW);
          }
        }
      }
    }
    layered.Finish();
    std::vector<int> comp(static_cast<size_t>(states), -1);
    int count = 0;
    for (const auto& scc : StronglyConnectedComponents(layered)) {
      for (int x : scc) comp[static_cast<size_t>(x)] = count;
      ++count;
    }
    for (int& c : comp) {
      if (c < 0) c = count++;
    }
    // (from, to): the state after the edge, the state to reach.
    std::vector<std::pair<int, int>> singles;
    std::vector<Start> edges, out;
    for (size_t i = 0; i < n; ++i) {
      if (sub[i] < 0) continue;
      for (const Graph::Edge& e : g_.Out(nodes_[i])) {
        const int to = local_of_[static_cast<size_t>(e.to)];
        if (to < 0 || sub[static_cast<size_t>(to)] != sub[i] || (e.rels & spec.single) == 0)
          continue;
        const int from_state = st(static_cast<size_t>(to), met(e.rels & spec.single));
        const int goal = st(i, full);
        const Start start{nodes_[i], e.to, static_cast<Rels>(e.rels & spec.single)};
        if (comp[static_cast<size_t>(from_state)] == comp[static_cast<size_t>(goal)]) {
          out.push_back(start);
          if (out.size() >= limit) return out;
        } else {
          singles.push_back({from_state, goal});
          edges.push_back(start);
        }
      }
    }
    if (!out.empty()) return out;
    if (singles.empty()) {
      *none = true;
      return out;
    }
    // The condensation and a topological order of it.
    std::vector<std::vector<int>> succ(static_cast<size_t>(count));
    std::vector<int> indegree(static_cast<size_t>(count), 0);
    for (int x = 0; x < states; ++x) {
      for (const Graph::Edge& e : layered.Out(x)) {
        const int a = comp[static_cast<size_t>(x)], b = comp[static_cast<size_t>(e.to)];
        if (a == b) continue;
        succ[static_cast<size_t>(a)].push_back(b);
        ++indegree[static_cast<size_t>(b)];
      }
    }
    std::vector<int> order;
    for (int c = 0; c < count; ++c) {
      if (indegree[static_cast<size_t>(c)] == 0) order.push_back(c);
    }
    for (size_t k = 0; k < order.size(); ++k) {
      for (int d : succ[static_cast<size_t>(order[k])]) {
        if (--indegree[static_cast<size_t>(d)] == 0) order.push_back(d);
      }
    }
    // Edges only go forward in that order: a goal placed before the state
    // is out of reach. Of the rest, one edge per pair of components.
    std::vector<int> pos(static_cast<size_t>(count), 0);
    for (size_t k = 0; k < order.size(); ++k)
      pos[static_cast<size_t>(order[k])] = static_cast<int>(k);
    {
      std::set<std::pair<int, int>> seen;
      size_t kept = 0;
      for (size_t j = 0; j < singles.size(); ++j) {
        const int a = comp[static_cast<size_t>(singles[j].first)];
        const int b = comp[static_cast<size_t>(singles[j].second)];
        if (pos[static_cast<size_t>(a)] > pos[static_cast<size_t>(b)]) continue;
        if (!seen.insert({a, b}).second) continue;
        singles[kept] = singles[j];
        edges[kept] = edges[j];
        ++kept;
      }
      singles.resize(kept);
      edges.resize(kept);
    }
    std::vector<uint64_t> reach(static_cast<size_t>(count));
    if (singles.empty()) {
      *none = true;
      return out;
    }
    for (size_t first = 0; first < singles.size(); first += 64) {
      if (first / 64 >= kMaxBatches) return out;  // undecided: the caller opens as usual
      const size_t last = std::min(singles.size(), first + 64);
      std::fill(reach.begin(), reach.end(), 0);
      // Bit j at component C: C reaches single edge j's goal.
      for (size_t j = first; j < last; ++j) {
        reach[static_cast<size_t>(comp[static_cast<size_t>(singles[j].second)])] |= uint64_t{1}
                                                                                     << (j - first);
      }
      for (size_t k = order.size(); k-- > 0;) {
        const int c = order[k];
        for (int d : succ[static_cast<size_t>(c)]) {
          if (--*steps_left_ < 0) {
            *timed_out = true;
            return out;
          }
          reach[static_cast<size_t>(c)] |= reach[static_cast<size_t>(d)];
        }
      }
      for (size_t j = first; j < last; ++j) {
        if ((reach[static_cast<size_t>(comp[static_cast<size_t>(singles[j].first)])] >>
             (j - first)) & 1) {
          out.push_back(edges[j]);
        }
      }
      if (!out.empty()) break;
    }
    *none = out.empty();
    if (out.size() > limit) out.resize(limit);
    return out;
  }

  // Per local node, the id of its strongly connected component in the
  // component's subgraph of edges carrying `allowed` (-1: in none with two
  // or more nodes). Classes share these (G-single, G-nonadjacent and
  // G2-item allow the same edges), so each is computed once.
  const std::vector<int>& AllowedComponents(Rels allowed) {
    auto it = comps_.find(allowed);
    if (it != comps_.end()) return it->second;
    Graph sub(static_cast<int>(nodes_.size()));
    for (size_t i = 0; i < nodes_.size(); ++i) {
      for (const Graph::Edge& e : g_.Out(nodes_[i])) {
        const int to = local_of_[static_cast<size_t>(e.to)];
        const Rels r = e.rels & allowed;
        if (to >= 0 && r != 0) sub.Link(static_cast<int>(i), to, r);
      }
    }
    sub.Finish();
    std::vector<int> comp(nodes_.size(), -1);
    int id = 0;
    for (const auto& scc : StronglyConnectedComponents(sub)) {
      for (int n : scc) comp[static_cast<size_t>(n)] = id;
      ++id;
    }
    return comps_.emplace(allowed, std::move(comp)).first->second;
  }

  // BFS from v back to u, having taken u -> v as `rel`, inside u's
  // component of `sub`. Returns the first simple cycle of the class that a
  // closing walk holds; a walk that holds none is passed over (its closing
  // state is not marked, so a later walk may still close).
  Cycle FromEdge(const Progress& prog, const std::vector<int>& sub, int u, int v, Rels rel,
                 bool* timed_out) {
    ++generation_;
    const int P = prog.states();
    const int cu = sub[static_cast<size_t>(local_of_[static_cast<size_t>(u)])];
    auto state = [&](int node, int p) {
      return static_cast<size_t>(local_of_[static_cast<size_t>(node)]) * static_cast<size_t>(P) +
             static_cast<size_t>(p);
    };
    std::vector<size_t> frontier, next;
    const int p0 = prog.Open(rel);
    if (prog.Dead(p0)) return {};
    const size_t s0 = state(v, p0);
    stamp_[s0] = generation_;
    parent_[s0] = -1;
    frontier.push_back(s0);
    while (!frontier.empty()) {
      next.clear();
      for (size_t s : frontier) {
        const int node = nodes_[s / static_cast<size_t>(P)];
        const int p = static_cast<int>(s % static_cast<size_t>(P));
        for (const Graph::Edge& e : g_.Out(node)) {
          const int lt = local_of_[static_cast<size_t>(e.to)];
          if (lt < 0 || sub[static_cast<size_t>(lt)] != cu) continue;
          const Rels usable = e.rels & prog.spec->allowed;
          for (Rels r = 1; r != 0 && r <= usable; r = static_cast<Rels>(r << 1)) {
            if ((usable & r) == 0) continue;
            if (--*steps_left_ < 0) {
              *timed_out = true;
              return {};
            }
            const int q = prog.Add(p, r);
            if (prog.Dead(q)) continue;
            if (e.to == u) {
              if (!prog.Complete(q)) continue;
              Cycle c = SimpleCycleOf(prog, Walk(u, rel, s, r, P));
              if (!c.nodes.empty()) return c;
              continue;
            }
            const size_t t = state(e.to, q);
            if (stamp_[t] == generation_) continue;
            if (OnWalk(s, e.to, P)) continue;
            stamp_[t] = generation_;
            parent_[t] = static_cast<int64_t>(s);
            via_[t] = r;
            next.push_back(t);
          }
        }
      }
      frontier.swap(next);
    }
    return {};
  }

  // Whether `node` is among the last kWalkCheck nodes of the walk that
  // ends in state s. Stepping onto it would make the walk pass that op
  // twice, which no cycle of txns does (and which, once the walk closes,
  // SimpleCycleOf would mostly throw away after the search had spent its
  // steps on it). Only the last few: most repeats are short back-and-forth
  // loops (op 117 -> op 105 -> op 117), and checking the whole walk would
  // cost its length on every step; SimpleCycleOf catches the rest.
  static constexpr int kWalkCheck = 4;
  bool OnWalk(size_t s, int node, int P) {
    int hops = 0;
    for (int64_t x = static_cast<int64_t>(s); x >= 0 && hops < kWalkCheck;
         x = parent_[static_cast<size_t>(x)], ++hops) {
      if (nodes_[static_cast<size_t>(x) / static_cast<size_t>(P)] == node) return true;
    }
    return false;
  }

  // The closed walk u -> v ... -> last -> u: `first_rel` opens it, the
  // parents lead from `last` back to v, and `closing` ends it.
  Cycle Walk(int u, Rels first_rel, size_t last, Rels closing, int P) const {
    std::vector<int> path;  // last, ..., v
    std::vector<Rels> rels;  // edges into last, ..., into the node after v
    for (int64_t s = static_cast<int64_t>(last); s >= 0; s = parent_[static_cast<size_t>(s)]) {
      path.push_back(nodes_[static_cast<size_t>(s) / static_cast<size_t>(P)]);
      if (parent_[static_cast<size_t>(s)] >= 0) rels.push_back(via_[static_cast<size_t>(s)]);
    }
    std::reverse(path.begin(), path.end());
    std::reverse(rels.begin(), rels.end());
    Cycle c;
    c.nodes.push_back(u);
    c.rels.push_back(first_rel);
    for (int n : path) c.nodes.push_back(n);
    for (Rels r : rels) c.rels.push_back(r);
    c.rels.push_back(closing);
    return c;
  }

  const Graph& g_;
  const std::vector<int>& nodes_;
  std::vector<int>& local_of_;
  int64_t* steps_left_;
  uint32_t generation_ = 0;
  std::vector<uint32_t> stamp_;
  std::vector<int64_t> parent_;
  std::vector<Rels> via_;
  std::map<Rels, std::vector<int>> comps_;
};

}  // namespace

CycleSearchResult FindCycles(const Graph& g, const std::vector<CycleSpec>& specs,
                             const CycleSearchOptions& options) {
  CycleSearchResult out;
  auto sccs = StronglyConnectedComponents(g);
  out.components = static_cast<int>(sccs.size());
  std::vector<int> local_of(static_cast<size_t>(g.node_count()), -1);
  int64_t steps_left = options.max_steps;
  for (const auto& scc : sccs) {
    ComponentSearch search(g, scc, local_of, &steps_left);
    for (const CycleSpec& spec : specs) {
      bool timed_out = false;
      Cycle c = search.Search(spec, options.max_starts, &timed_out);
      out.timed_out = out.timed_out || timed_out;
      if (!c.nodes.empty()) {
        c.anomaly = spec.name;
        out.cycles.push_back(std::move(c));
        if (options.first_class_only) break;
      }
      if (steps_left < 0) return out;
    }
  }
  return out;
}

std::vector<std::string> ExplainCycle(const Cycle& cycle, const CycleExplainer& explainer) {
  std::vector<std::string> lines;
  const size_t n = cycle.nodes.size();
  lines.push_back("Let:");
  for (size_t i = 0; i < n; ++i) {
    lines.push_back(absl::StrCat("  T", i + 1, " = ", explainer.describe(cycle.nodes[i])));
  }
  lines.push_back("Then:");
  for (size_t i = 0; i < n; ++i) {
    const size_t j = (i + 1) % n;
    const std::string why =
        explainer.because_edge
            ? explainer.because_edge(i, cycle.nodes[i], cycle.nodes[j], cycle.rels[i])
            : explainer.because(cycle.nodes[i], cycle.nodes[j], cycle.rels[i]);
    lines.push_back(absl::StrCat("  - ", i + 1 == n ? "However, " : "", "T", i + 1, " < T", j + 1,
                                 ", because ", why, i + 1 == n ? ": a contradiction!" : "."));
  }
  return lines;
}

}  // namespace harness::elle
