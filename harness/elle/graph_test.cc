// Proves elle::Graph merges parallel edges and drops self-links, and that
// StronglyConnectedComponents finds exactly the components of two or more
// nodes on hand-made graphs (table-driven), including a long chain that a
// recursive Tarjan would need deep recursion for.
#include <catch2/catch.hpp>

#include "harness/elle/graph.h"

namespace harness::elle {
namespace {

TEST_CASE("graph: parallel edges merge their relations, self-links vanish") {
  Graph g(3);
  g.Link(0, 1, kWR);
  g.Link(0, 1, kRealtime);
  g.Link(1, 1, kWW);
  g.Link(2, 0, kProcess);
  g.Finish();
  CHECK(g.RelsBetween(0, 1) == (kWR | kRealtime));
  CHECK(g.RelsBetween(1, 1) == 0);
  CHECK(g.RelsBetween(1, 0) == 0);
  CHECK(g.RelsBetween(2, 0) == kProcess);
  CHECK(g.edge_count() == 2);
  CHECK(RelsName(kWR | kRealtime) == "wr|realtime");
}

TEST_CASE("scc: table of hand-made graphs") {
  struct Case {
    const char* name;
    int n;
    std::vector<std::pair<int, int>> edges;
    std::vector<std::vector<int>> want;
  };
  std::vector<Case> cases = {
      {"empty", 0, {}, {}},
      {"dag", 4, {{0, 1}, {1, 2}, {0, 2}, {2, 3}}, {}},
      {"two-cycle", 2, {{0, 1}, {1, 0}}, {{0, 1}}},
      {"two components and a bridge", 6,
       {{0, 1}, {1, 2}, {2, 0}, {2, 3}, {3, 4}, {4, 5}, {5, 3}},
       {{0, 1, 2}, {3, 4, 5}}},
      {"figure eight", 5, {{0, 1}, {1, 0}, {1, 2}, {2, 3}, {3, 1}, {3, 4}}, {{0, 1, 2, 3}}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    Graph g(c.n);
    for (auto [a, b] : c.edges) g.Link(a, b, kWR);
    g.Finish();
    CHECK(StronglyConnectedComponents(g) == c.want);
  }
}

TEST_CASE("scc: a ring of 200000 nodes is one component (no recursion)") {
  const int n = 200000;
  Graph g(n);
  for (int i = 0; i < n; ++i) g.Link(i, (i + 1) % n, kProcess);
  g.Finish();
  auto sccs = StronglyConnectedComponents(g);
  REQUIRE(sccs.size() == 1);
  CHECK(sccs[0].size() == static_cast<size_t>(n));
}

}  // namespace
}  // namespace harness::elle
