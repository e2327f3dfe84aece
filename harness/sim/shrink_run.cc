#include "harness/sim/shrink_run.h"

#include <numeric>

#include "absl/strings/str_cat.h"
#include "harness/sim/shrink.h"

namespace harness {

ShrinkOutcome ShrinkFailingRun(const TestOptions& failing, const std::string& signature, int64_t ops,
                               int64_t nemesis_steps, int max_trials,
                               const std::function<std::string(const TestOptions&)>& run) {
  auto all = [](int64_t n) {
    std::vector<int64_t> v(static_cast<size_t>(std::max<int64_t>(n, 0)));
    std::iota(v.begin(), v.end(), 0);
    return v;
  };
  int trials = 0;
  std::vector<int64_t> kept_steps = all(nemesis_steps);
  std::vector<int64_t> kept_ops = all(ops);
  auto fails_with = [&](const std::vector<int64_t>& steps, const std::vector<int64_t>& op_list) {
    TestOptions o = failing;
    o.sim_nemesis_steps = steps;
    o.sim_ops = op_list;
    o.quiet_console = true;
    ++trials;
    return run(o) == signature;
  };
  // Nemesis steps first: there are few, and each one removed can make many
  // ops irrelevant. A quarter of the budget, the rest for the ops.
  int step_budget = std::max(1, max_trials / 4);
  if (!kept_steps.empty()) {
    kept_steps = Ddmin(kept_steps, [&](const std::vector<int64_t>& s) { return fails_with(s, kept_ops); },
                       step_budget);
  }
  int op_budget = std::max(1, max_trials - trials);
  kept_ops = Ddmin(kept_ops, [&](const std::vector<int64_t>& s) { return fails_with(kept_steps, s); },
                   op_budget);
  ShrinkOutcome out;
  ShrinkPlan plan;
  plan.nemesis_steps_kept = kept_steps;
  plan.ops_kept = kept_ops;
  out.flags = ShrinkFlags(plan);
  out.report = absl::StrCat("  shrunk in ", trials, " runs: nemesis steps ", nemesis_steps, " -> ",
                            kept_steps.size(), ", ops ", ops, " -> ", kept_ops.size(), "\n");
  return out;
}

}  // namespace harness
