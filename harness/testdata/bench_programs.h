// The bench's own test nodes (harness/testdata/<stem>.cc), by the name of
// their binary, for the simulator: `harness sim --bin .../bench-lease_kv_node`
// finds "bench-lease_kv_node" here by basename and runs the same logic
// in-process (mini_sim.h) instead of spawning it.
//
// Modes that end the process mid-run are left out, since the simulator's
// host has no exit path: FindBenchSimNode returns nullopt for
// bench-echo_node crash (exits with status 3 after the 5th echo). Modes
// that exit before reading anything are in: bench-echo_node exit-now's
// factory fails as the process would (status 2, its message logged).
#ifndef HARNESS_TESTDATA_BENCH_PROGRAMS_H_
#define HARNESS_TESTDATA_BENCH_PROGRAMS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/host/sim_process.h"

namespace bench {

// `name`: "bench-<stem>"; `args`: what follows the binary on its command
// line. nullopt: no such node, or a mode the simulator cannot host.
std::optional<harness::SimProcessFactory> FindBenchSimNode(std::string_view name,
                                                           const std::vector<std::string>& args);

// Every name FindBenchSimNode knows, sorted.
std::vector<std::string> BenchSimNodeNames();

}  // namespace bench

#endif  // HARNESS_TESTDATA_BENCH_PROGRAMS_H_
