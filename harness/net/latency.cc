#include "harness/net/latency.h"

namespace harness {

std::optional<LatencyDist> LatencyDistFromName(std::string_view name) {
  if (name == "constant") return LatencyDist::kConstant;
  if (name == "uniform") return LatencyDist::kUniform;
  if (name == "exponential") return LatencyDist::kExponential;
  return std::nullopt;
}

std::string_view LatencyDistName(LatencyDist d) {
  switch (d) {
    case LatencyDist::kConstant:
      return "constant";
    case LatencyDist::kUniform:
      return "uniform";
    case LatencyDist::kExponential:
      return "exponential";
  }
  return "constant";
}

int64_t LatencyModel::DrawMs(Rng& rng) const {
  if (mean_ms <= 0) return 0;
  switch (dist) {
    case LatencyDist::kConstant:
      return mean_ms;
    case LatencyDist::kUniform:
      return rng.UniformInt(0, 2 * mean_ms);
    case LatencyDist::kExponential:
      return static_cast<int64_t>(rng.Exponential(static_cast<double>(mean_ms)));
  }
  return mean_ms;
}

}  // namespace harness
