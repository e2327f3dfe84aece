// Shrinking a failing simulator run by delta debugging (Zeller and
// Hildebrandt, "Simplifying and Isolating Failure-Inducing Input", 2002).
//
// Ddmin is generic: it knows only a set of indices (nemesis steps, ops) and
// a predicate that replays a run keeping just those and says whether it
// still fails. ShrinkPlan is what the simulator shrinks; ShrinkFlags turns
// it into the plain `harness` flags (--sim-nemesis-steps, --sim-ops) that
// replay it. Pure functions; deterministic given a deterministic predicate.
#ifndef HARNESS_SIM_SHRINK_H_
#define HARNESS_SIM_SHRINK_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace harness {

// A 1-minimal subset of `items` for which still_fails holds: removing any
// single index of it makes the failure go away. Items are sorted and made
// distinct first, and every subset handed to still_fails is sorted.
// The full set is taken to fail (it is not tested). The empty set is tried
// first, since a failure may need none of the items (ddmin proper assumes
// it passes). still_fails is called at most max_trials times (a subset
// already tested is not asked again); when the budget runs out the smallest
// failing subset found so far is returned, which may not be 1-minimal.
// max_trials <= 0 returns the items unchanged.
std::vector<int64_t> Ddmin(std::vector<int64_t> items,
                           const std::function<bool(const std::vector<int64_t>& kept)>& still_fails,
                           int max_trials);

// What the simulator keeps of a failing run's schedule; each list sorted,
// indices as the runner numbers nemesis steps and generated ops.
struct ShrinkPlan {
  std::vector<int64_t> nemesis_steps_kept;
  std::vector<int64_t> ops_kept;
};

// Indices as ranges, the form ParseIndexList (cli/flags.h) reads:
// {0,1,2,3,9} -> "0-3,9"; {} -> "none". Sorts and drops repeats first.
// REQUIRES: every index >= 0.
std::string FormatIndexList(std::vector<int64_t> indices);

// {"--sim-nemesis-steps", LIST, "--sim-ops", LIST}.
std::vector<std::string> ShrinkFlags(const ShrinkPlan& plan);

}  // namespace harness

#endif  // HARNESS_SIM_SHRINK_H_
