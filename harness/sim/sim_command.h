// `harness sim`: the bench's runs on in-process nodes under virtual time.
//
//   harness sim -w WORKLOAD (--node NAME | --bin PATH) [harness test flags]
//               [--seed N | --seeds A..B] [--swarm] [--disk-faults]
//               [--check-determinism] [--shrink] [-- node args]
//
// Each run is `harness test` with the same workload, generator, clients,
// services, network model, nemeses, checkers and store, but the nodes are
// SimHosts on a SimLoop: nothing sleeps and the whole run is a function of
// its seed. --seeds sweeps a range and prints one line per seed and a
// summary; --swarm draws per seed which faults are on and how hard
// (harness/sim/swarm.h); --disk-faults tears unsynced writes on kill and
// corrupts 1% of reads; --check-determinism runs each seed twice and
// compares the stored history, journal and results byte for byte;
// --shrink, on a failing seed, removes nemesis steps and ops while it still
// fails (delta debugging) and prints the smallest schedule's command.
// Exit status: 0 every run valid, 1 some invalid, 2 unknown, 3 not
// deterministic, 254 bad arguments, 255 a run aborted.
#ifndef HARNESS_SIM_SIM_COMMAND_H_
#define HARNESS_SIM_SIM_COMMAND_H_

#include <string>
#include <vector>

namespace harness {

int RunSimCommand(const std::vector<std::string>& args);

}  // namespace harness

#endif  // HARNESS_SIM_SIM_COMMAND_H_
