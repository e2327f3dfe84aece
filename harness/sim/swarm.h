// Swarm testing: each simulator run draws its own configuration from a
// seed, so that across runs every feature is sometimes off (Groce et al.,
// "Swarm Testing", ISSTA 2012: a fault that one feature provokes is often
// masked when all features are always on), as TigerBeetle's VOPR draws a
// cluster, network and workload shape per seed.
//
// What is drawn, each dimension from its own stream Rng::Derive(seed,
// "swarm-<dimension>") so that one dimension's draws never shift another's:
//   nemesis     each fault kind the base asked for is on with p = 1/2, and
//               one of them when the coin left none; never a kind the base
//               did not ask for. Interval: base * 2^u, u uniform in [-2, 1],
//               in whole milliseconds.
//   latency     with p = 1/2 the base's; else a mean from {0, 1, 5, 10, 50,
//               100} ms and a distribution from the three.
//   net faults  only where the base allows them: a net fault with a base
//               rate > 0 is on with p = 1/2 at a rate in (0, base rate]; when
//               the base asked for the partition nemesis (it declares the
//               nodes must survive a faulty network), loss, duplication and
//               reordering are each on with p = 1/2 at small rates (loss and
//               duplication up to 0.05, reordering up to 0.2, held back up
//               to 10-500 ms). Otherwise off.
//   rate        base * {1/4, 1/2, 1, 2, 4}, in thousandths.
//   workload    the only op-mix knobs with flags are the key-space shapes of
//               kafka and txn-*: with p = 1/2 key count {1, 2, 3, 5, 10},
//               writes per key {4, 16, 64} and (txn) txn length {1, 2, 4,
//               8}; else the base's. The read/write and add/read mixes are
//               fixed 50/50 coins inside the workloads with no flag, so they
//               are left out.
// SwarmConfig holds the final value of every field it controls, so
// ApplySwarm is a plain copy and SwarmFlags, appended to the base's flags,
// replays the run as an ordinary `harness` command. Pure functions.
#ifndef HARNESS_SIM_SWARM_H_
#define HARNESS_SIM_SWARM_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/cli/test_options.h"
#include "harness/net/latency.h"
#include "harness/net/net_faults.h"

namespace harness {

struct SwarmConfig {
  uint64_t seed = 0;
  std::vector<std::string> nemesis;  // a subset of the base's, in its order
  double nemesis_interval_s = 10;
  LatencyModel latency;
  NetFaults net_faults;
  double rate = 5;
  std::optional<int> key_count;  // unset when the base left it unset
  int max_writes_per_key = 16;
  int max_txn_length = 4;
};

// REQUIRES: base is valid (as ParseTestFlags produces).
SwarmConfig DrawSwarm(const TestOptions& base, uint64_t seed);

// Sets the fields SwarmConfig controls; leaves every other field alone.
void ApplySwarm(const SwarmConfig& config, TestOptions* options);

// One line for logs, e.g. "swarm 7: nemesis kill,pause every 3.25 s;
// latency 50 ms uniform; loss 0.012, dup 0, reorder 0.1 up to 50 ms;
// rate 2.5/s; keys 3; writes/key 16; txn length 2".
std::string Describe(const SwarmConfig& config);

// The flags that set what ApplySwarm sets, exactly (numbers printed so they
// parse back to the same doubles); appended to the base's flags they replay
// the configuration.
std::vector<std::string> SwarmFlags(const SwarmConfig& config);

}  // namespace harness

#endif  // HARNESS_SIM_SWARM_H_
