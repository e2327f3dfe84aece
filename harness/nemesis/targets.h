// Targets of a fault: which nodes a kill, pause or clock step hits, and the
// policy (--nemesis-targets) that says which target kinds a run draws from.
//
// Like Jepsen's nemesis targets: :one (a random node), :minority
// (floor((n-1)/2) random nodes, at least one), :majority (floor(n/2)+1,
// at most n), :all, and :primaries. Jepsen asks the database for its
// primaries; a Maelstrom node cannot be asked, so the bench guesses the one
// node a leader-based protocol depends on from traffic: the node that sent
// the most messages to other nodes in the last 1-2 s (a leader sends to
// every follower, each follower answers only the leader). With no single
// busiest node (no traffic yet, or a tie) :primaries hits a random node.
// The kind is drawn uniformly from the policy's kinds that a fault knows;
// the chosen nodes come back in the order of `nodes`. Pure functions of
// (nodes, rng, policy), the guess aside.
#ifndef HARNESS_NEMESIS_TARGETS_H_
#define HARNESS_NEMESIS_TARGETS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/run/rng.h"

namespace harness {

// Every kind --nemesis-targets accepts: process-fault kinds, partition
// shapes (partition.h), and :primaries, which both kinds of fault know.
inline constexpr const char* kProcessTargetKinds[] = {"one", "minority", "majority", "all",
                                                      "primaries"};
inline constexpr const char* kPartitionTargetKinds[] = {"one", "majority", "minority-third",
                                                        "majorities-ring", "primaries"};

struct TargetPolicy {
  // As given by --nemesis-targets; empty means each fault's defaults (every
  // kind but :primaries, as Maelstrom has them).
  std::vector<std::string> kinds;
  // The guessed primary now, if one node stands out; unset means none.
  std::function<std::optional<std::string>()> primary;

  // The kinds of `known` this policy allows, in `known`'s order; the
  // defaults (all of `known` but primaries) when kinds is empty.
  template <size_t N>
  std::vector<std::string> Allowed(const char* const (&known)[N]) const {
    std::vector<std::string> out;
    for (const char* k : known) {
      bool listed = kinds.empty() ? std::string(k) != "primaries" : false;
      for (const auto& given : kinds) listed = listed || given == k;
      if (listed) out.emplace_back(k);
    }
    return out;
  }
  // The guess, or a random node of `nodes` when there is none.
  std::string PrimaryOr(const std::vector<std::string>& nodes, Rng& rng) const;
};

struct Targets {
  std::string kind;  // "one", "minority", "majority", "all", "primaries"
  std::vector<std::string> nodes;
};

// REQUIRES: !nodes.empty(), and the policy allows some process kind.
Targets PickTargets(const std::vector<std::string>& nodes, Rng& rng,
                    const TargetPolicy& policy = {});

// The node that sent strictly more than every other, if there is one and it
// sent anything.
std::optional<std::string> GuessPrimary(const std::map<std::string, int64_t>& recent_sends);

}  // namespace harness

#endif  // HARNESS_NEMESIS_TARGETS_H_
