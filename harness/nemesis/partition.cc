#include "harness/nemesis/partition.h"

namespace harness {

std::string PartitionShapeName(PartitionShape s) {
  switch (s) {
    case PartitionShape::kOne:
      return "one";
    case PartitionShape::kMajority:
      return "majority";
    case PartitionShape::kMinorityThird:
      return "minority-third";
    case PartitionShape::kMajoritiesRing:
      return "majorities-ring";
  }
  return "one";
}

Grudge CompleteGrudge(const std::vector<std::vector<std::string>>& components) {
  Grudge g;
  for (size_t a = 0; a < components.size(); ++a) {
    for (const auto& node : components[a]) {
      auto& drops = g[node];
      for (size_t b = 0; b < components.size(); ++b) {
        if (b != a) drops.insert(components[b].begin(), components[b].end());
      }
    }
  }
  return g;
}

namespace {

Grudge SplitAt(std::vector<std::string> shuffled, size_t first) {
  std::vector<std::string> rest(shuffled.begin() + static_cast<long>(first), shuffled.end());
  shuffled.resize(first);
  return CompleteGrudge({shuffled, rest});
}

// Each node keeps the ring window of floor(N/2)+1 nodes around it, so every
// node keeps a majority and no two keep the same one. Maelstrom uses this
// construction for N <= 5 and a randomized one above; the ring window has
// the same two properties for every N, so it is used throughout.
Grudge MajoritiesRing(std::vector<std::string> ring) {
  const size_t n = ring.size();
  Grudge g;
  if (n <= 2) {
    for (const auto& node : ring) g[node];
    return g;
  }
  const size_t keep = n / 2 + 1;
  const size_t before = (keep - 1) / 2;
  for (size_t i = 0; i < n; ++i) {
    absl::btree_set<std::string> kept;
    for (size_t w = 0; w < keep; ++w) kept.insert(ring[(i + n - before + w) % n]);
    auto& drops = g[ring[i]];
    for (const auto& other : ring) {
      if (!kept.contains(other)) drops.insert(other);
    }
  }
  return g;
}

}  // namespace

Grudge MakePartition(PartitionShape shape, const std::vector<std::string>& nodes, Rng& rng) {
  std::vector<std::string> shuffled = nodes;
  rng.Shuffle(shuffled);
  switch (shape) {
    case PartitionShape::kOne:
      return SplitAt(shuffled, nodes.empty() ? 0 : 1);
    case PartitionShape::kMajority:
      return SplitAt(shuffled, nodes.size() / 2);
    case PartitionShape::kMinorityThird:
      return SplitAt(shuffled, nodes.empty() ? 0 : (nodes.size() - 1) / 3);
    case PartitionShape::kMajoritiesRing:
      return MajoritiesRing(shuffled);
  }
  return {};
}

}  // namespace harness
