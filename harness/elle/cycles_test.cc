// Proves the cycle search classifies hand-made graphs as Elle does: a pure
// ww cycle is G0; a ww/wr cycle with a wr edge is G1c; one rw edge makes
// G-single, two G2-item; a cycle that needs a process or realtime edge is the
// -process or -realtime variant and no base class; the cycle reported is a
// shortest one; an acyclic graph reports nothing; a tiny step budget reports
// a timeout; and the explanation names every op and edge.
#include "harness/elle/cycles.h"

#include <algorithm>

#include <catch2/catch.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace harness::elle {
namespace {

struct E {
  int from, to;
  Rels rels;
};

Graph Make(int n, const std::vector<E>& edges) {
  Graph g(n);
  for (const E& e : edges) g.Link(e.from, e.to, e.rels);
  g.Finish();
  return g;
}

std::vector<std::string> Names(const CycleSearchResult& r) {
  std::vector<std::string> out;
  for (const Cycle& c : r.cycles) out.push_back(c.anomaly);
  return out;
}

TEST_CASE("cycles: anomaly classes of hand-made graphs (first class per component)") {
  struct Case {
    const char* name;
    int n;
    std::vector<E> edges;
    std::vector<std::string> want;
  };
  std::vector<Case> cases = {
      {"acyclic", 3, {{0, 1, kWR}, {1, 2, kWW}, {0, 2, kRealtime}}, {}},
      {"ww ring is G0", 3, {{0, 1, kWW}, {1, 2, kWW}, {2, 0, kWW}}, {"G0"}},
      {"ww + wr is G1c", 2, {{0, 1, kWW}, {1, 0, kWR}}, {"G1c"}},
      {"wr only is G1c", 3, {{0, 1, kWR}, {1, 2, kWR}, {2, 0, kWR}}, {"G1c"}},
      {"one rw is G-single", 2, {{0, 1, kWR}, {1, 0, kRW}}, {"G-single"}},
      {"two rw is G2-item", 2, {{0, 1, kRW}, {1, 0, kRW}}, {"G2-item"}},
      {"wr + process is G1c-process", 2, {{0, 1, kWR}, {1, 0, kProcess}}, {"G1c-process"}},
      {"wr + realtime is G1c-realtime", 2, {{0, 1, kWR}, {1, 0, kRealtime}}, {"G1c-realtime"}},
      {"ww + realtime is G0-realtime", 2, {{0, 1, kWW}, {1, 0, kRealtime}}, {"G0-realtime"}},
      {"realtime alone is no anomaly", 2, {{0, 1, kRealtime}, {1, 0, kRealtime}}, {}},
      {"two components",
       4,
       {{0, 1, kWW}, {1, 0, kWW}, {2, 3, kWR}, {3, 2, kRealtime}},
       {"G0", "G1c-realtime"}},
      {"an edge with two relations serves either",
       2,
       {{0, 1, kWR | kRealtime}, {1, 0, kWW}},
       {"G1c"}},
  };
  CycleSearchOptions first;
  first.first_class_only = true;
  for (const Case& c : cases) {
    INFO(c.name);
    Graph g = Make(c.n, c.edges);
    auto r = FindCycles(g, StandardCycleSpecs(), first);
    CHECK(Names(r) == c.want);
    CHECK_FALSE(r.timed_out);
    for (const Cycle& cyc : r.cycles) {
      REQUIRE(cyc.nodes.size() == cyc.rels.size());
      for (size_t i = 0; i < cyc.nodes.size(); ++i) {
        // Each step is a real edge carrying the relation it counts as.
        Rels on = g.RelsBetween(cyc.nodes[i], cyc.nodes[(i + 1) % cyc.nodes.size()]);
        CHECK((on & cyc.rels[i]) == cyc.rels[i]);
      }
    }
  }
}

TEST_CASE("cycles: every class a component has, when asked for all") {
  // 0 -wr-> 1 -wr-> 0 is G1c; 1 -realtime-> 2 -wr-> 0 adds a realtime cycle.
  Graph g = Make(3, {{0, 1, kWR}, {1, 0, kWR}, {1, 2, kRealtime}, {2, 0, kWR}});
  auto r = FindCycles(g, CycleSpecsNamed({"G0", "G1c", "G1c-process", "G1c-realtime"}));
  CHECK(Names(r) == std::vector<std::string>{"G1c", "G1c-realtime"});
}

TEST_CASE("cycles: G-nonadjacent needs two rw edges with no two adjacent, around the ring") {
  // rw wr rw wr: the rw edges are apart.
  Graph apart = Make(4, {{0, 1, kRW}, {1, 2, kWR}, {2, 3, kRW}, {3, 0, kWR}});
  CHECK(Names(FindCycles(apart, CycleSpecsNamed({"G-nonadjacent"}))) ==
        std::vector<std::string>{"G-nonadjacent"});
  // rw rw wr: adjacent in the middle.
  Graph together = Make(3, {{0, 1, kRW}, {1, 2, kRW}, {2, 0, kWR}});
  CHECK(Names(FindCycles(together, CycleSpecsNamed({"G-nonadjacent", "G2-item"}))) ==
        std::vector<std::string>{"G2-item"});
  // rw wr rw: the closing rw meets the opening one.
  Graph wrap = Make(3, {{0, 1, kRW}, {1, 2, kWR}, {2, 0, kRW}});
  CHECK(Names(FindCycles(wrap, CycleSpecsNamed({"G-nonadjacent", "G2-item"}))) ==
        std::vector<std::string>{"G2-item"});
  // Where both rings exist, the nonadjacent one is found even if longer.
  Graph both = Make(4, {{0, 1, kRW}, {1, 0, kRW}, {1, 2, kWR}, {2, 3, kRW}, {3, 0, kWR}});
  auto r = FindCycles(both, CycleSpecsNamed({"G-nonadjacent"}));
  REQUIRE(r.cycles.size() == 1);
  CHECK(r.cycles[0].nodes.size() == 4);
}

TEST_CASE("cycles: the shortest cycle is reported") {
  // A 5-ring 0..4 of wr edges plus a chord 3 -> 0 (wr): shortest is 0-1-2-3.
  Graph g = Make(5, {{0, 1, kWR}, {1, 2, kWR}, {2, 3, kWR}, {3, 4, kWR}, {4, 0, kWR}, {3, 0, kWR}});
  auto r = FindCycles(g, CycleSpecsNamed({"G1c"}));
  REQUIRE(r.cycles.size() == 1);
  CHECK(r.cycles[0].nodes.size() == 4);
}

bool Simple(const Cycle& c) {
  std::vector<int> sorted = c.nodes;
  std::sort(sorted.begin(), sorted.end());
  return std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end();
}

TEST_CASE("cycles: a closed walk that repeats a node is no cycle of its class") {
  // The shortest walk back from each opening edge passes node 1 twice,
  // once before and once after the edge the class still needs; its simple
  // pieces are each of another class, so nothing of this one is reported.
  struct Case {
    const char* name;
    std::vector<E> edges;
    std::vector<std::string> classes;
  };
  std::vector<Case> cases = {
      // 0 -wr-> 1 -ww-> 2 -realtime-> 1 -ww-> 0: pieces G1c and G0-realtime.
      {"G1c-realtime",
       {{0, 1, kWR}, {1, 2, kWW}, {2, 1, kRealtime}, {1, 0, kWW}},
       {"G1c-realtime"}},
      // 0 -rw-> 1 -wr-> 2 -rw-> 1 -wr-> 0: two G-single pieces (op 117 ->
      // op 105 -> op 117 ... in a node-txn run).
      {"G-nonadjacent", {{0, 1, kRW}, {1, 2, kWR}, {2, 1, kRW}, {1, 0, kWR}}, {"G-nonadjacent"}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    auto r = FindCycles(Make(3, c.edges), CycleSpecsNamed(c.classes));
    CHECK(r.cycles.empty());
    CHECK_FALSE(r.timed_out);
  }
  // The other classes still find the simple pieces.
  auto all = FindCycles(Make(3, cases[1].edges), StandardCycleSpecs());
  CHECK(Names(all) == std::vector<std::string>{"G-single"});
  for (const Cycle& cyc : all.cycles) CHECK(Simple(cyc));
}

TEST_CASE("cycles: a simple cycle is found past a shorter walk that repeats a node") {
  // From 0 -wr-> 1 the walk 1 -ww-> 2 -realtime-> 1 -ww-> 0 closes first
  // (its pieces are G0-realtime and G1c); 1 -realtime-> 3 -ww-> 4 -ww-> 0
  // is as short and simple.
  Graph g = Make(5, {{0, 1, kWR},
                     {1, 2, kWW},
                     {2, 1, kRealtime},
                     {1, 0, kWW},
                     {1, 3, kRealtime},
                     {3, 4, kWW},
                     {4, 0, kWW}});
  auto r = FindCycles(g, CycleSpecsNamed({"G1c-realtime", "G-single", "G-nonadjacent"}));
  REQUIRE(r.cycles.size() == 1);
  CHECK(r.cycles[0].nodes == std::vector<int>{0, 1, 3, 4});
  CHECK(Simple(r.cycles[0]));
}

TEST_CASE("cycles: every explanation line names its own edge's T numbers") {
  // Given a cycle that passes the same pair twice (the search never
  // reports one, but an explainer must not rely on it), each "Ti < Tj"
  // line explains the edge from Ti to Tj.
  Cycle c{"G1c", {7, 8, 7, 8}, {kWR, kWW, kWR, kWW}};
  CycleExplainer ex{[](int n) { return absl::StrCat("op", n); }, nullptr,
                    [](size_t i, int, int, Rels) {
                      return absl::StrCat("[T", i + 1, "->T", (i + 1) % 4 + 1, "]");
                    }};
  auto lines = ExplainCycle(c, ex);
  int edges = 0;
  for (const std::string& line : lines) {
    const size_t lt = line.find(" < T");
    if (lt == std::string::npos) continue;
    ++edges;
    const size_t t = line.rfind('T', lt);
    const std::string from = line.substr(t, lt - t);
    const std::string to = line.substr(lt + 3, line.find(',', lt) - lt - 3);
    CHECK(line.find(absl::StrCat("[", from, "->", to, "]")) != std::string::npos);
  }
  CHECK(edges == 4);
}

TEST_CASE("cycles: G-single with no rw edge that has a way back is decided, not timed out") {
  // Two wr rings of 50 (0..49 and 50..99), joined by rw edges both ways
  // (i <-> 50 + i): every cycle takes two rw edges, so no G-single. Each
  // of 64 openings would search a whole ring; the reachability pass
  // answers with no search at all.
  std::vector<E> edges;
  for (int i = 0; i < 50; ++i) {
    edges.push_back({i, (i + 1) % 50, kWR});
    edges.push_back({50 + i, 50 + (i + 1) % 50, kWR});
    edges.push_back({i, 50 + i, kRW});
    edges.push_back({50 + i, i, kRW});
  }
  Graph g = Make(100, edges);
  CycleSearchOptions small;
  small.max_steps = 500;
  auto r = FindCycles(g, CycleSpecsNamed({"G-single", "G2-item"}), small);
  CHECK_FALSE(r.timed_out);
  CHECK(Names(r) == std::vector<std::string>{"G2-item"});
  // With one rw edge that does close (0 -rw-> 1 -wr-> ... -> 0 around the
  // first ring), it is found.
  edges.push_back({0, 1, kRW});
  auto one = FindCycles(Make(100, edges), CycleSpecsNamed({"G-single"}), small);
  CHECK_FALSE(one.timed_out);
  CHECK(Names(one) == std::vector<std::string>{"G-single"});
}

TEST_CASE("cycles: the step budget ends the search with a timeout") {
  std::vector<E> edges;
  for (int i = 0; i < 50; ++i) edges.push_back({i, (i + 1) % 50, kWR});
  Graph g = Make(50, edges);
  CycleSearchOptions tiny;
  tiny.max_steps = 10;
  auto r = FindCycles(g, CycleSpecsNamed({"G1c"}), tiny);
  CHECK(r.timed_out);
  CHECK(r.cycles.empty());
}

TEST_CASE("cycles: the explanation names each op and edge, Elle's layout") {
  Graph g = Make(2, {{0, 1, kWR}, {1, 0, kRealtime}});
  auto r = FindCycles(g, CycleSpecsNamed({"G1c-realtime"}));
  REQUIRE(r.cycles.size() == 1);
  CycleExplainer ex{
      [](int n) { return absl::StrCat("op", n); },
      [](int a, int b, Rels rel) { return absl::StrCat("op", a, " ", RelName(rel), " op", b); }};
  auto lines = ExplainCycle(r.cycles[0], ex);
  std::string text = absl::StrJoin(lines, "\n");
  CHECK(text.find("Let:") == 0);
  CHECK(text.find("T1 = op") != std::string::npos);
  CHECK(text.find("T2 = op") != std::string::npos);
  CHECK(text.find("However, T2 < T1") != std::string::npos);
  CHECK(text.find("contradiction") != std::string::npos);
}

}  // namespace
}  // namespace harness::elle
