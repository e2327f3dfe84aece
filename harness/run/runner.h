// RunTest: one `harness test` run end to end (harness/docs/running.md, phases):
// spawn the nodes, init them (10 s), workload setup (broadcast topology,
// 5 s), main phase (generator + nemesis for --time-limit seconds), final
// phase for workloads that have one (heal, 10 s recovery, one final op per
// worker), teardown (SIGKILL and reap), analysis, store, verdict.
//
// Returns the process exit status: 0 valid, 1 invalid, 2 unknown, 255 when
// the run aborted (a node never answered init or a setup request, a node
// crashed, lin-kv's concurrency rule, an unwritable store). Bad node
// behaviour never crashes or hangs the harness: it is reported naming the
// node and the line, and judged. Single-threaded; owns every process it
// starts and kills them all before returning.
#ifndef HARNESS_RUN_RUNNER_H_
#define HARNESS_RUN_RUNNER_H_

#include "harness/cli/test_options.h"

namespace harness {

// REQUIRES: options came from ParseTestFlags.
int RunTest(const TestOptions& options);

}  // namespace harness

#endif  // HARNESS_RUN_RUNNER_H_
