// Cycle search over an elle::Graph: per strongly connected component, the
// shortest cycle found for each anomaly class, and a plain-text explanation
// of each cycle, as Elle reports G0, G1c, G-single, ... (Adya's phenomena,
// plus -process and -realtime variants that need those edges).
//
// An anomaly class is a CycleSpec: the relations its edges may use, the
// relation sets the cycle must touch at least once each, and optionally a
// set that must appear exactly once (G-single) or at least twice (G2-item).
// Each edge of a cycle counts as one of its relations (an edge carrying
// wr|realtime can serve as either). The search is a breadth-first search in
// (node, progress) space inside the opening edge's strongly connected
// component of the class's edges, from one opening edge after another until
// one closes, so the cycle reported is a shortest one through its opening
// edge. Every cycle reported is simple (no op twice): a closing walk that
// repeats an op is split into simple pieces and only a piece of the class
// counts. A class with one `single` edge (G-single) first finds, by
// reachability over components, which of its single edges have a way back,
// and opens on those (or reports none without searching).
// Elle's "nonadjacent" constraint (G-nonadjacent) is CycleSpec::nonadjacent.
//
// The work is bounded: `max_steps` steps in all (BFS state visits, plus
// edges visited by the reachability passes) and `max_starts` opening edges
// per component and class. A search that runs out reports timed_out
// (Elle's :cycle-search-timeout); cycles found before stay valid. No wall
// clock: results are deterministic. Pure functions; the graph is only read.
#ifndef HARNESS_ELLE_CYCLES_H_
#define HARNESS_ELLE_CYCLES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "harness/elle/graph.h"

namespace harness::elle {

struct CycleSpec {
  std::string name;            // "G1c", "G1c-realtime", ...
  Rels allowed = 0;            // relations an edge may count as
  std::vector<Rels> required;  // each set: at least one edge from it
  Rels single = 0;             // if set: exactly one edge from it
  Rels multiple = 0;           // if set: at least two edges from it
  // With `multiple`: no two `multiple` edges adjacent, counting the cycle's
  // closing edge as adjacent to its opening one (Elle's G-nonadjacent).
  bool nonadjacent = false;
};

// Elle's base classes and their -process and -realtime variants (the
// variant allows the extra relation and requires it at least once), in the
// order Elle checks them: G0, G1c, G-single, G-nonadjacent, G2-item, then
// the -process and the -realtime variants of each.
std::vector<CycleSpec> StandardCycleSpecs();
// The subset named (unknown names are skipped), in StandardCycleSpecs order.
std::vector<CycleSpec> CycleSpecsNamed(const std::vector<std::string>& names);

struct Cycle {
  std::string anomaly;     // the CycleSpec's name
  std::vector<int> nodes;  // nodes[i] -> nodes[(i + 1) % size] ...
  std::vector<Rels> rels;  // ... counted as rels[i] (a single relation)
};

struct CycleSearchOptions {
  int64_t max_steps = 20'000'000;
  int max_starts = 256;
  // Report at most one cycle per component: the first class (in spec
  // order) that has one. Off: one cycle per component and class.
  bool first_class_only = false;
};

struct CycleSearchResult {
  std::vector<Cycle> cycles;  // by component, then spec order
  int components = 0;         // SCCs with two or more nodes
  bool timed_out = false;
};

CycleSearchResult FindCycles(const Graph& g, const std::vector<CycleSpec>& specs,
                             const CycleSearchOptions& options = {});

// Words for the cycle's ops and edges, supplied by the checker that built
// the graph (it knows what the ops wrote and read).
struct CycleExplainer {
  // A short name of a node's op, e.g. "{:index 12, :f :send ...}".
  std::function<std::string(int node)> describe;
  // Why from -> to holds as `rel`, completing "T1 < T2, because ...", e.g.
  // "T1 sent 5 to \"3\", which T2 polled".
  std::function<std::string(int from, int to, Rels rel)> because;
  // If set, used instead of `because`: the same for the cycle's edge
  // `edge` (from nodes[edge]), so the words can name the edge's own T
  // numbers without looking the pair up.
  std::function<std::string(size_t edge, int from, int to, Rels rel)> because_edge = nullptr;
};

// Elle's layout: "Let:" with T1, T2, ... naming the ops, then "Then:" with
// one line per edge, the last starting "However,", and a closing line.
std::vector<std::string> ExplainCycle(const Cycle& cycle, const CycleExplainer& explainer);

}  // namespace harness::elle

#endif  // HARNESS_ELLE_CYCLES_H_
