// ParseTestFlags: `harness test` arguments -> TestOptions.
//
// Accepts Maelstrom's flag names, `--flag value` and `--flag=value`, short
// -w/-n/-h; arguments that are not flags (and everything after `--`) are
// passed to the node binary. On success the options with concurrency
// resolved (Kn -> K * node count) and a seed (random when --seed is absent).
// On failure InvalidArgument whose message names the offending flag; the
// caller prints it with the usage and exits 254. NotFound("help") for -h.
#ifndef HARNESS_CLI_FLAGS_H_
#define HARNESS_CLI_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/cli/test_options.h"

namespace harness {

absl::StatusOr<TestOptions> ParseTestFlags(const std::vector<std::string>& args);

// The workloads this bench can run (a subset of Maelstrom's).
const std::vector<std::string>& SupportedWorkloads();
// Maelstrom workloads this bench knows by name but cannot run yet.
const std::vector<std::string>& UnsupportedWorkloads();

std::string TestUsage();

}  // namespace harness

#endif  // HARNESS_CLI_FLAGS_H_
