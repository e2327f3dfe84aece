// Proves the broadcast topologies match harness/docs/workloads.md, including
// its worked 5-node grid example and the tree shapes' parent/children rule.
#include "harness/workloads/topology.h"

#include <catch2/catch.hpp>

namespace harness {
namespace {

using Nbrs = std::vector<std::string>;

std::vector<std::string> Nodes(int n, int first = 1) {
  std::vector<std::string> v;
  for (int i = 0; i < n; ++i) v.push_back("n" + std::to_string(first + i));
  return v;
}

TEST_CASE("grid over n1..n5 is the spec's worked example") {
  Topology t = *MakeTopology("grid", Nodes(5));
  REQUIRE(t.size() == 5);
  CHECK(t[0].second == Nbrs{"n4", "n2"});
  CHECK(t[1].second == Nbrs{"n5", "n3", "n1"});
  CHECK(t[2].second == Nbrs{"n2"});
  CHECK(t[3].second == Nbrs{"n1", "n5"});
  CHECK(t[4].second == Nbrs{"n2", "n4"});
}

TEST_CASE("25-node grid is 5x5: corners have 2 neighbours, the centre 4") {
  Topology t = *MakeTopology("grid", Nodes(25, 0));
  CHECK(t[0].second.size() == 2);
  CHECK(t[12].second == Nbrs{"n17", "n7", "n13", "n11"});
  CHECK(t[24].second.size() == 2);
}

TEST_CASE("line, total and trees") {
  CHECK(MakeTopology("line", Nodes(1))->empty());
  Topology line = *MakeTopology("line", Nodes(3));
  CHECK(line[0].second == Nbrs{"n2"});
  CHECK(line[1].second == Nbrs{"n1", "n3"});
  Topology total = *MakeTopology("total", Nodes(3));
  CHECK(total[1].second == Nbrs{"n1", "n3"});
  Topology tree = *MakeTopology("tree2", Nodes(7));
  CHECK(tree[0].second == Nbrs{"n2", "n3"});
  CHECK(tree[1].second == Nbrs{"n1", "n4", "n5"});
  CHECK(tree[6].second == Nbrs{"n3"});
  Topology tree4 = *MakeTopology("tree4", Nodes(6));
  CHECK(tree4[0].second == Nbrs{"n2", "n3", "n4", "n5"});
  CHECK(tree4[1].second == Nbrs{"n1", "n6"});
  Topology tree3 = *MakeTopology("tree3", Nodes(5));
  CHECK(tree3[0].second == Nbrs{"n2", "n3", "n4"});
  CHECK_FALSE(MakeTopology("star", Nodes(3)).has_value());
}

}  // namespace
}  // namespace harness
