#include "harness/nemesis/targets.h"

#include <algorithm>

#include "harness/run/check.h"

namespace harness {

std::string TargetPolicy::PrimaryOr(const std::vector<std::string>& nodes, Rng& rng) const {
  if (primary) {
    if (std::optional<std::string> p = primary(); p.has_value()) return *p;
  }
  return nodes[static_cast<size_t>(rng.UniformInt(0, static_cast<int64_t>(nodes.size())))];
}

Targets PickTargets(const std::vector<std::string>& nodes, Rng& rng, const TargetPolicy& policy) {
  HARNESS_CHECK(!nodes.empty());
  std::vector<std::string> kinds = policy.Allowed(kProcessTargetKinds);
  HARNESS_CHECK(!kinds.empty());
  Targets t;
  t.kind = kinds[static_cast<size_t>(rng.UniformInt(0, static_cast<int64_t>(kinds.size())))];
  if (t.kind == "primaries") {
    t.nodes.push_back(policy.PrimaryOr(nodes, rng));
    return t;
  }
  size_t n = nodes.size();
  size_t count = t.kind == "one"        ? 1
                 : t.kind == "minority" ? std::max<size_t>(1, (n - 1) / 2)
                 : t.kind == "majority" ? std::min(n, n / 2 + 1)
                                        : n;
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  rng.Shuffle(order);
  order.resize(count);
  std::sort(order.begin(), order.end());
  for (size_t i : order) t.nodes.push_back(nodes[i]);
  return t;
}

std::optional<std::string> GuessPrimary(const std::map<std::string, int64_t>& recent_sends) {
  std::optional<std::string> best;
  int64_t best_count = 0;
  bool tie = false;
  for (const auto& [node, count] : recent_sends) {
    if (count > best_count) {
      best = node;
      best_count = count;
      tie = false;
    } else if (count == best_count) {
      tie = true;
    }
  }
  if (tie || best_count == 0) return std::nullopt;
  return best;
}

}  // namespace harness
