#include "harness/nemesis/targets.h"

#include <algorithm>

#include "harness/run/check.h"

namespace harness {

Targets PickTargets(const std::vector<std::string>& nodes, Rng& rng) {
  HARNESS_CHECK(!nodes.empty());
  static const char* const kKinds[] = {"one", "minority", "majority", "all"};
  Targets t;
  t.kind = kKinds[rng.UniformInt(0, 4)];
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

}  // namespace harness
