// Broadcast topologies (harness/docs/workloads.md): who each node is told its
// neighbours are, computed over the node list in order.
//
//   grid   side = ceil(sqrt(N)); neighbours below, above, right, left
//   line   previous, next; N < 2 gives an empty map
//   total  every other node
//   tree, tree2, tree3, tree4   b-ary tree (b = 2, 2, 3, 4) rooted at the
//          first node; neighbours parent then children
// Pure functions; the result lists nodes in node-list order.
#ifndef HARNESS_WORKLOADS_TOPOLOGY_H_
#define HARNESS_WORKLOADS_TOPOLOGY_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace harness {

using Topology = std::vector<std::pair<std::string, std::vector<std::string>>>;

// nullopt for an unknown name.
std::optional<Topology> MakeTopology(const std::string& name, const std::vector<std::string>& nodes);

}  // namespace harness

#endif  // HARNESS_WORKLOADS_TOPOLOGY_H_
