#include "harness/workloads/topology.h"

#include <cmath>

namespace harness {

namespace {

Topology Grid(const std::vector<std::string>& nodes) {
  const int n = static_cast<int>(nodes.size());
  int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
  while (side * side < n) ++side;  // guard against sqrt rounding down
  Topology t;
  for (int k = 0; k < n; ++k) {
    int row = k / side, col = k % side;
    std::vector<std::string> nbrs;
    if (k + side < n) nbrs.push_back(nodes[k + side]);                    // below
    if (row > 0) nbrs.push_back(nodes[k - side]);                         // above
    if (col + 1 < side && k + 1 < n) nbrs.push_back(nodes[k + 1]);        // right
    if (col > 0) nbrs.push_back(nodes[k - 1]);                            // left
    t.emplace_back(nodes[k], std::move(nbrs));
  }
  return t;
}

Topology Line(const std::vector<std::string>& nodes) {
  Topology t;
  if (nodes.size() < 2) return t;
  for (size_t k = 0; k < nodes.size(); ++k) {
    std::vector<std::string> nbrs;
    if (k > 0) nbrs.push_back(nodes[k - 1]);
    if (k + 1 < nodes.size()) nbrs.push_back(nodes[k + 1]);
    t.emplace_back(nodes[k], std::move(nbrs));
  }
  return t;
}

Topology Total(const std::vector<std::string>& nodes) {
  Topology t;
  for (const auto& a : nodes) {
    std::vector<std::string> nbrs;
    for (const auto& b : nodes) {
      if (a != b) nbrs.push_back(b);
    }
    t.emplace_back(a, std::move(nbrs));
  }
  return t;
}

Topology Tree(const std::vector<std::string>& nodes, size_t b) {
  Topology t;
  for (size_t k = 0; k < nodes.size(); ++k) {
    std::vector<std::string> nbrs;
    if (k > 0) nbrs.push_back(nodes[(k - 1) / b]);
    for (size_t c = b * k + 1; c <= b * k + b && c < nodes.size(); ++c) nbrs.push_back(nodes[c]);
    t.emplace_back(nodes[k], std::move(nbrs));
  }
  return t;
}

}  // namespace

std::optional<Topology> MakeTopology(const std::string& name,
                                     const std::vector<std::string>& nodes) {
  if (name == "grid") return Grid(nodes);
  if (name == "line") return Line(nodes);
  if (name == "total") return Total(nodes);
  if (name == "tree" || name == "tree2") return Tree(nodes, 2);
  if (name == "tree3") return Tree(nodes, 3);
  if (name == "tree4") return Tree(nodes, 4);
  return std::nullopt;
}

}  // namespace harness
