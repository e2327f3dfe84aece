// Partition shapes of the partition nemesis (harness/docs/running.md, faults).
//
// A shape yields a Grudge: for each node, the set of sources whose messages
// it drops. :one, :majority and :minority-third are complete splits into
// components (every node drops everyone outside its component, so cuts go
// both ways and every node has an entry, possibly empty); :majorities-ring
// gives every node a majority that no other node shares, so cuts can be
// one-way. Pure functions of (nodes, rng).
#ifndef HARNESS_NEMESIS_PARTITION_H_
#define HARNESS_NEMESIS_PARTITION_H_

#include <string>
#include <vector>

#include "harness/net/network.h"
#include "harness/run/rng.h"

namespace harness {

enum class PartitionShape { kOne, kMajority, kMinorityThird, kMajoritiesRing };
inline constexpr PartitionShape kAllPartitionShapes[] = {
    PartitionShape::kOne, PartitionShape::kMajority, PartitionShape::kMinorityThird,
    PartitionShape::kMajoritiesRing};

// "one", "majority", "minority-third", "majorities-ring" (keyword names).
std::string PartitionShapeName(PartitionShape s);

// Every node drops messages from every node outside its own component.
Grudge CompleteGrudge(const std::vector<std::vector<std::string>>& components);

Grudge MakePartition(PartitionShape shape, const std::vector<std::string>& nodes, Rng& rng);

}  // namespace harness

#endif  // HARNESS_NEMESIS_PARTITION_H_
