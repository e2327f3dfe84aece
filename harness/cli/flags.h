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

#include <cstdint>
#include <string>
#include <string_view>
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

// The value of --sim-nemesis-steps / --sim-ops: comma-separated indices >= 0
// and ranges A-B (A <= B, both ends included), e.g. "0-5,9"; or "none" for
// the empty list. Returns the indices sorted and without repeats. Fails with
// InvalidArgument (naming the bad piece) on anything else, or when the
// list would hold more than kMaxIndexListSize indices.
inline constexpr int64_t kMaxIndexListSize = int64_t{1} << 22;
absl::StatusOr<std::vector<int64_t>> ParseIndexList(std::string_view text);

}  // namespace harness

#endif  // HARNESS_CLI_FLAGS_H_
