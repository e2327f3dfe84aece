// LatencyModel: the one-way delay of a message between two non-client
// endpoints (node-node and node-service hops), per --latency and
// --latency-dist; client hops are always 0 (harness/docs/protocol.md, the network).
//
// Distributions (integer milliseconds, as Maelstrom draws them):
//   constant     exactly MS
//   uniform      an integer in [0, 2*MS)
//   exponential  mean MS, truncated to an integer
// With MS = 0 Maelstrom's random ones are degenerate (no draw / a division
// by zero); here both simply return 0 so a zero-latency run still works.
// Plain value type; Draw uses the caller's Rng.
#ifndef HARNESS_NET_LATENCY_H_
#define HARNESS_NET_LATENCY_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "harness/run/rng.h"

namespace harness {

enum class LatencyDist { kConstant, kUniform, kExponential };

std::optional<LatencyDist> LatencyDistFromName(std::string_view name);
std::string_view LatencyDistName(LatencyDist d);

struct LatencyModel {
  int64_t mean_ms = 0;
  LatencyDist dist = LatencyDist::kConstant;

  // One delay in milliseconds, >= 0.
  int64_t DrawMs(Rng& rng) const;
};

}  // namespace harness

#endif  // HARNESS_NET_LATENCY_H_
