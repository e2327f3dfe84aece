// Targets of a process fault: which nodes a kill, pause or clock step hits.
//
// Like Jepsen's db nemesis targets: :one (a random node), :minority
// (floor((n-1)/2) random nodes, at least one), :majority (floor(n/2)+1,
// at most n) or :all, the kind drawn uniformly. Pure function of
// (nodes, rng); the chosen nodes come back in the order of `nodes`.
#ifndef HARNESS_NEMESIS_TARGETS_H_
#define HARNESS_NEMESIS_TARGETS_H_

#include <string>
#include <vector>

#include "harness/run/rng.h"

namespace harness {

struct Targets {
  std::string kind;  // "one", "minority", "majority", "all"
  std::vector<std::string> nodes;
};

// REQUIRES: !nodes.empty().
Targets PickTargets(const std::vector<std::string>& nodes, Rng& rng);

}  // namespace harness

#endif  // HARNESS_NEMESIS_TARGETS_H_
