#include "harness/sim/shrink.h"

#include <algorithm>
#include <compare>
#include <iterator>
#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "harness/run/check.h"

namespace harness {
namespace {

// A subset's fingerprint: its size and a 64-bit hash of its items. Kept
// instead of the subset itself, since a run may have tens of thousands of
// ops and ddmin tests hundreds of subsets; two subsets of equal size
// sharing a hash (odds about 2^-64 per pair) would be taken as one.
struct Fingerprint {
  size_t size;
  uint64_t hash;
  auto operator<=>(const Fingerprint&) const = default;
};

Fingerprint FingerprintOf(const std::vector<int64_t>& kept) {
  uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (int64_t x : kept) {
    // SplitMix64's finaliser over (running hash, item).
    uint64_t z = h ^ (static_cast<uint64_t>(x) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    h = z ^ (z >> 31);
  }
  return {kept.size(), h};
}

// Counts predicate calls against the budget and remembers answers, so the
// same subset (ddmin meets many twice) costs one trial.
class Oracle {
 public:
  Oracle(const std::function<bool(const std::vector<int64_t>&)>& still_fails, int max_trials)
      : still_fails_(still_fails), left_(max_trials) {}

  // Whether `kept` still fails; nullopt when that is not known and the
  // budget is spent.
  std::optional<bool> Fails(const std::vector<int64_t>& kept) {
    Fingerprint key = FingerprintOf(kept);
    if (auto it = known_.find(key); it != known_.end()) return it->second;
    if (left_ <= 0) return std::nullopt;
    --left_;
    bool fails = still_fails_(kept);
    known_.emplace(key, fails);
    return fails;
  }

 private:
  const std::function<bool(const std::vector<int64_t>&)>& still_fails_;
  int left_;
  std::map<Fingerprint, bool> known_;
};

// c split into n runs of nearly equal length (the first ones longer).
std::vector<std::vector<int64_t>> Split(const std::vector<int64_t>& c, size_t n) {
  std::vector<std::vector<int64_t>> parts;
  size_t start = 0;
  for (size_t k = 0; k < n; ++k) {
    size_t len = c.size() / n + (k < c.size() % n ? 1 : 0);
    parts.emplace_back(c.begin() + static_cast<long>(start),
                       c.begin() + static_cast<long>(start + len));
    start += len;
  }
  return parts;
}

std::vector<int64_t> Without(const std::vector<int64_t>& c, const std::vector<int64_t>& part) {
  std::vector<int64_t> out;
  std::set_difference(c.begin(), c.end(), part.begin(), part.end(), std::back_inserter(out));
  return out;
}

}  // namespace

std::vector<int64_t> Ddmin(std::vector<int64_t> items,
                           const std::function<bool(const std::vector<int64_t>& kept)>& still_fails,
                           int max_trials) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  if (items.empty() || max_trials <= 0) return items;
  Oracle oracle(still_fails, max_trials);
  if (oracle.Fails({}) == true) return {};
  std::vector<int64_t> c = std::move(items);
  size_t n = 2;
  while (c.size() >= 2) {
    std::vector<std::vector<int64_t>> parts = Split(c, std::min(n, c.size()));
    std::optional<std::vector<int64_t>> next;
    // Reduce to a subset: one part alone still fails.
    for (const auto& part : parts) {
      std::optional<bool> fails = oracle.Fails(part);
      if (!fails) return c;
      if (*fails) {
        next = part;
        n = 2;
        break;
      }
    }
    // Reduce to a complement (with two parts these are the parts again,
    // which the oracle answers from memory).
    for (size_t k = 0; !next && k < parts.size(); ++k) {
      std::vector<int64_t> rest = Without(c, parts[k]);
      std::optional<bool> fails = oracle.Fails(rest);
      if (!fails) return c;
      if (*fails) {
        next = std::move(rest);
        n = std::max<size_t>(n - 1, 2);
      }
    }
    if (next) {
      c = *std::move(next);
      continue;
    }
    // Finer granularity; at one item a part with no complement failing,
    // c is 1-minimal.
    if (n >= c.size()) break;
    n = std::min(n * 2, c.size());
  }
  return c;
}

std::string FormatIndexList(std::vector<int64_t> indices) {
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  if (indices.empty()) return "none";
  HARNESS_CHECK(indices.front() >= 0);
  std::string out;
  for (size_t i = 0; i < indices.size();) {
    size_t j = i;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    if (!out.empty()) out += ',';
    absl::StrAppend(&out, indices[i]);
    if (j > i) absl::StrAppend(&out, "-", indices[j]);
    i = j + 1;
  }
  return out;
}

std::vector<std::string> ShrinkFlags(const ShrinkPlan& plan) {
  return {"--sim-nemesis-steps", FormatIndexList(plan.nemesis_steps_kept), "--sim-ops",
          FormatIndexList(plan.ops_kept)};
}

}  // namespace harness
