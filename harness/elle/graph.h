// elle::Graph: a dependency graph between operations (Elle's "transaction
// graph"), with typed edges: ww, wr, rw (data dependencies derived from
// version orders), process (one process's successive ops) and realtime (one
// op completed before another began).
//
// Nodes are dense ids 0..n-1 that the caller maps to its ops. Link any
// number of edges, then Finish() once: parallel edges merge into one edge
// carrying the union of their relations, self-links are dropped, and the
// adjacency becomes compact arrays (about 8 bytes an edge). Read-only after
// Finish; no internal locking.
//
// Example:
//   elle::Graph g(2);
//   g.Link(0, 1, elle::kWR);
//   g.Link(1, 0, elle::kRealtime);
//   g.Finish();
//   g.RelsBetween(0, 1) == elle::kWR
#ifndef HARNESS_ELLE_GRAPH_H_
#define HARNESS_ELLE_GRAPH_H_

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace harness::elle {

// A set of relations, one bit each.
using Rels = uint8_t;
inline constexpr Rels kWW = 1;
inline constexpr Rels kWR = 2;
inline constexpr Rels kRW = 4;
inline constexpr Rels kProcess = 8;
inline constexpr Rels kRealtime = 16;
inline constexpr Rels kAllRels = kWW | kWR | kRW | kProcess | kRealtime;

// "ww", "wr", "rw", "process", "realtime" for a single relation.
std::string RelName(Rels rel);
// "ww|wr" for a set, in that order; "" for none.
std::string RelsName(Rels rels);

class Graph {
 public:
  struct Edge {
    int32_t to;
    Rels rels;
  };

  explicit Graph(int node_count);

  int node_count() const { return node_count_; }
  // Adds from -> to with `rels`. REQUIRES: !finished(), ids in range,
  // rels != 0. A self-link (from == to) is ignored.
  void Link(int from, int to, Rels rels);
  void Finish();
  bool finished() const { return finished_; }

  // REQUIRES: finished(). Out-edges of `node`, sorted by target.
  std::span<const Edge> Out(int node) const;
  // The relations on from -> to, 0 when there is no edge.
  Rels RelsBetween(int from, int to) const;
  size_t edge_count() const { return edges_.size(); }

 private:
  int node_count_;
  bool finished_ = false;
  std::vector<std::pair<int32_t, Edge>> pending_;  // (from, edge) until Finish
  std::vector<uint32_t> offsets_;                 // node -> first edge, size n+1
  std::vector<Edge> edges_;
};

// The strongly connected components with at least two nodes (the only ones
// that can hold a cycle, as the graph has no self-loops), each sorted, in
// order of their smallest node. Iterative Tarjan: no recursion depth limit.
// REQUIRES: g.finished().
std::vector<std::vector<int>> StronglyConnectedComponents(const Graph& g);

}  // namespace harness::elle

#endif  // HARNESS_ELLE_GRAPH_H_
