// rate.svg: throughput over time, as Maelstrom's rate.png (Jepsen's
// perf rate graph). Client completions are counted in fixed time buckets,
// one line per (:f, outcome) pair that occurs in the history, drawn at each
// bucket's midpoint in ops/s; colour says the outcome (ok green, info
// orange, fail red), the dash pattern says the :f. Nemesis periods are
// shaded behind, as in latency-raw.svg. Invocations and nemesis steps are
// not counted. Pure functions of the history; thread-compatible.
#ifndef HARNESS_STORE_RATE_SVG_H_
#define HARNESS_STORE_RATE_SVG_H_

#include <string>
#include <vector>

#include "harness/history/op.h"

namespace harness {

// One line of the plot: completions of `f` with outcome `type`, one rate
// (ops/s) per bucket, zeros included.
struct RateSeries {
  std::string f;
  OpType type;
  std::vector<double> per_s;
};

struct Rates {
  double bucket_s = 1;
  // Series sorted by f, then outcome (ok, fail, info); every series has the
  // same number of buckets, enough to reach the history's last time. The
  // last bucket is usually partial, so its rate reads low.
  std::vector<RateSeries> series;
};

// Counts each client completion (ok, fail, info) at time t in bucket
// floor(t / bucket_s); a bucket's rate is its count / bucket_s.
// REQUIRES: bucket_s > 0.
Rates ComputeRates(const History& history, double bucket_s);

// The bucket width for a run `span_s` long: the smallest of 0.5, 1, 2, 5,
// 10, 15, 30, 60, 120, 300 and 600 s that gives at most 40 buckets (600 s
// past that). Jepsen uses 10 s for every run; our runs are often a few
// seconds long.
double RateBucketSeconds(double span_s);

std::string RateSvg(const History& history);

}  // namespace harness

#endif  // HARNESS_STORE_RATE_SVG_H_
