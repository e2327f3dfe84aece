// ShrinkFailingRun: the smallest schedule of a failing simulated run.
//
// A failing seed's run is replayed with fewer nemesis steps and fewer
// client ops (--sim-nemesis-steps, --sim-ops: the runner draws every step
// and op as before but acts only on the listed ones), first the nemesis
// steps, then the ops, each by delta debugging (shrink.h), keeping a
// subset only when the run still ends with the same verdict. Every trial is
// a whole simulated run, so the trial budget bounds the time.
#ifndef HARNESS_SIM_SHRINK_RUN_H_
#define HARNESS_SIM_SHRINK_RUN_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "harness/cli/test_options.h"

namespace harness {

struct ShrinkOutcome {
  std::string report;               // lines for the console
  std::vector<std::string> flags;   // replay flags for the smallest schedule
};

// `run(options)` runs once and returns its failure signature (its exit
// status and the checkers that failed it, e.g. "1 workload"); a subset is
// kept only when its run has `signature`, so a shrunk run fails the same
// way, not merely some way. `ops` and `nemesis_steps` are how many the
// failing run drew.
ShrinkOutcome ShrinkFailingRun(const TestOptions& failing, const std::string& signature, int64_t ops,
                               int64_t nemesis_steps, int max_trials,
                               const std::function<std::string(const TestOptions&)>& run);

}  // namespace harness

#endif  // HARNESS_SIM_SHRINK_RUN_H_
