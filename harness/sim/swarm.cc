#include "harness/sim/swarm.h"

#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/run/check.h"
#include "harness/run/rng.h"

namespace harness {
namespace {

template <typename T, size_t N>
T Pick(Rng& rng, const T (&menu)[N]) {
  return menu[rng.UniformInt(0, static_cast<int64_t>(N))];
}

// The shortest text that parses back to exactly `x` (what strtod in the
// flag parser reads).
std::string Exact(double x) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  HARNESS_CHECK(ec == std::errc());
  return std::string(buf, end);
}

// A rate in (0, ceiling], in ten-thousandths where the ceiling allows.
double DrawRate(Rng& rng, double ceiling) {
  int64_t steps = std::max<int64_t>(1, static_cast<int64_t>(std::floor(ceiling * 10000)));
  return std::min(ceiling, static_cast<double>(rng.UniformInt(1, steps + 1)) / 10000.0);
}

void DrawNemesis(const TestOptions& base, Rng rng, SwarmConfig& c) {
  // Every coin is tossed, so the interval draw below is always the same
  // draw of this stream.
  for (const std::string& kind : base.nemesis) {
    if (rng.Coin()) c.nemesis.push_back(kind);
  }
  int64_t forced =
      base.nemesis.empty() ? -1 : rng.UniformInt(0, static_cast<int64_t>(base.nemesis.size()));
  if (c.nemesis.empty() && forced >= 0) c.nemesis.push_back(base.nemesis[forced]);
  double scale = std::exp2(rng.UniformReal() * 3 - 2);
  c.nemesis_interval_s = base.nemesis_interval_s;
  if (!base.nemesis.empty()) {
    double ms = std::max(1.0, std::round(base.nemesis_interval_s * scale * 1000));
    c.nemesis_interval_s = ms / 1000.0;
  }
}

void DrawLatency(const TestOptions& base, Rng rng, SwarmConfig& c) {
  static constexpr int64_t kMeans[] = {0, 1, 5, 10, 50, 100};
  static constexpr LatencyDist kDists[] = {LatencyDist::kConstant, LatencyDist::kUniform,
                                           LatencyDist::kExponential};
  bool keep = rng.Coin();
  LatencyModel drawn{Pick(rng, kMeans), Pick(rng, kDists)};
  c.latency = keep ? base.latency : drawn;
}

void DrawNetFaults(const TestOptions& base, Rng rng, SwarmConfig& c) {
  static constexpr int64_t kReorderMaxMs[] = {10, 50, 100, 500};
  const NetFaults& b = base.net_faults;
  bool network_faults_asked = base.has_nemesis("partition");
  // (base rate, default ceiling) -> the drawn rate; the draws happen in a
  // fixed order whatever is on.
  auto draw = [&](double base_p, double ceiling) {
    bool on = rng.Coin();
    double p = DrawRate(rng, base_p > 0 ? base_p : ceiling);
    bool allowed = base_p > 0 || network_faults_asked;
    return on && allowed ? p : 0.0;
  };
  c.net_faults.loss_p = draw(b.loss_p, 0.05);
  c.net_faults.duplicate_p = draw(b.duplicate_p, 0.05);
  c.net_faults.reorder_p = draw(b.reorder_p, 0.2);
  int64_t reorder_max = Pick(rng, kReorderMaxMs);
  c.net_faults.reorder_max_ms = b.reorder_p > 0 ? b.reorder_max_ms : reorder_max;
}

void DrawRateOf(const TestOptions& base, Rng rng, SwarmConfig& c) {
  static constexpr double kScales[] = {0.25, 0.5, 1, 2, 4};
  double scaled = std::round(base.rate * Pick(rng, kScales) * 1000) / 1000.0;
  // A positive rate stays positive: rate 0 means "no ops", another test.
  c.rate = base.rate > 0 ? std::max(scaled, 0.001) : base.rate;
}

void DrawWorkload(const TestOptions& base, Rng rng, SwarmConfig& c) {
  static constexpr int kKeyCounts[] = {1, 2, 3, 5, 10};
  static constexpr int kWritesPerKey[] = {4, 16, 64};
  static constexpr int kTxnLengths[] = {1, 2, 4, 8};
  bool keyed = base.workload == "kafka" || base.workload.starts_with("txn-");
  bool txn = base.workload.starts_with("txn-");
  bool keep = rng.Coin();
  int key_count = Pick(rng, kKeyCounts);
  int writes = Pick(rng, kWritesPerKey);
  int length = Pick(rng, kTxnLengths);
  c.key_count = base.key_count;
  c.max_writes_per_key = base.max_writes_per_key;
  c.max_txn_length = base.max_txn_length;
  if (keep || !keyed) return;
  c.key_count = key_count;
  c.max_writes_per_key = writes;
  if (txn) c.max_txn_length = length;
}

}  // namespace

SwarmConfig DrawSwarm(const TestOptions& base, uint64_t seed) {
  SwarmConfig c;
  c.seed = seed;
  DrawNemesis(base, Rng::Derive(seed, "swarm-nemesis"), c);
  DrawLatency(base, Rng::Derive(seed, "swarm-latency"), c);
  DrawNetFaults(base, Rng::Derive(seed, "swarm-net"), c);
  DrawRateOf(base, Rng::Derive(seed, "swarm-rate"), c);
  DrawWorkload(base, Rng::Derive(seed, "swarm-workload"), c);
  return c;
}

void ApplySwarm(const SwarmConfig& c, TestOptions* o) {
  HARNESS_CHECK(o != nullptr);
  o->nemesis = c.nemesis;
  o->nemesis_interval_s = c.nemesis_interval_s;
  o->latency = c.latency;
  o->net_faults = c.net_faults;
  o->rate = c.rate;
  o->key_count = c.key_count;
  o->max_writes_per_key = c.max_writes_per_key;
  o->max_txn_length = c.max_txn_length;
}

std::string Describe(const SwarmConfig& c) {
  std::string out = absl::StrCat("swarm ", c.seed, ": ");
  if (c.nemesis.empty()) {
    absl::StrAppend(&out, "no nemesis");
  } else {
    absl::StrAppend(&out, "nemesis ", absl::StrJoin(c.nemesis, ","), " every ",
                    Exact(c.nemesis_interval_s), " s");
  }
  absl::StrAppend(&out, "; latency ", c.latency.mean_ms, " ms ",
                  std::string(LatencyDistName(c.latency.dist)));
  const NetFaults& f = c.net_faults;
  absl::StrAppend(&out, "; loss ", Exact(f.loss_p), ", dup ", Exact(f.duplicate_p), ", reorder ",
                  Exact(f.reorder_p));
  if (f.reorder_p > 0) absl::StrAppend(&out, " up to ", f.reorder_max_ms, " ms");
  absl::StrAppend(&out, "; rate ", Exact(c.rate), "/s");
  if (c.key_count) absl::StrAppend(&out, "; keys ", *c.key_count);
  absl::StrAppend(&out, "; writes/key ", c.max_writes_per_key, "; txn length ", c.max_txn_length);
  return out;
}

std::vector<std::string> SwarmFlags(const SwarmConfig& c) {
  std::vector<std::string> flags;
  auto add = [&](const char* flag, std::string value) {
    flags.emplace_back(flag);
    flags.push_back(std::move(value));
  };
  // An empty fault set has no flag; it only arises from a base without one.
  if (!c.nemesis.empty()) add("--nemesis", absl::StrJoin(c.nemesis, ","));
  add("--nemesis-interval", Exact(c.nemesis_interval_s));
  add("--latency", absl::StrCat(c.latency.mean_ms));
  add("--latency-dist", std::string(LatencyDistName(c.latency.dist)));
  add("--net-loss", Exact(c.net_faults.loss_p));
  add("--net-duplicate", Exact(c.net_faults.duplicate_p));
  add("--net-reorder", Exact(c.net_faults.reorder_p));
  add("--net-reorder-max", absl::StrCat(c.net_faults.reorder_max_ms));
  add("--rate", Exact(c.rate));
  // Unset stays unset: the base's words have no --key-count either.
  if (c.key_count) add("--key-count", absl::StrCat(*c.key_count));
  add("--max-writes-per-key", absl::StrCat(c.max_writes_per_key));
  add("--max-txn-length", absl::StrCat(c.max_txn_length));
  return flags;
}

}  // namespace harness
