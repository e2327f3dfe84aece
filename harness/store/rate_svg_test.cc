// Proves rate.svg counts what Jepsen's rate graph counts: client
// completions (never invocations or nemesis steps) per (:f, outcome) in
// fixed buckets, as ops/s, zeros included; that the bucket width grows with
// the run; and that the plot draws one line per series over one shaded band
// per nemesis period.
#include "harness/store/rate_svg.h"

#include <catch2/catch.hpp>

namespace harness {
namespace {

Op MakeOp(int64_t process, OpType type, const std::string& f, int64_t ms) {
  Op op;
  op.process = process;
  op.type = type;
  op.f = f;
  op.time_ns = ms * 1'000'000;
  return op;
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

// 2.5 s of history: three ok reads in the first second (two in its first
// half), none in the second, one at the very end; a failed and an indefinite write; a partition
// from 0.5 to 1.5 s and a kill never healed.
History HandMade() {
  return {
      MakeOp(0, OpType::kInvoke, "read", 0),
      MakeOp(0, OpType::kOk, "read", 100),
      MakeOp(0, OpType::kInvoke, "read", 200),
      MakeOp(0, OpType::kOk, "read", 300),
      MakeOp(kNemesisProcess, OpType::kInfo, "start-partition", 500),
      MakeOp(kNemesisProcess, OpType::kInfo, "start-partition", 501),
      MakeOp(1, OpType::kInvoke, "read", 600),
      MakeOp(1, OpType::kOk, "read", 999),
      MakeOp(1, OpType::kInvoke, "write", 1000),
      MakeOp(1, OpType::kFail, "write", 1200),
      MakeOp(kNemesisProcess, OpType::kInfo, "stop-partition", 1500),
      MakeOp(kNemesisProcess, OpType::kInfo, "stop-partition", 1501),
      MakeOp(kNemesisProcess, OpType::kInfo, "kill", 1800),
      MakeOp(0, OpType::kInvoke, "write", 1900),
      MakeOp(0, OpType::kInfo, "write", 2100),
      MakeOp(1, OpType::kInvoke, "read", 2200),
      MakeOp(1, OpType::kOk, "read", 2500),
  };
}

TEST_CASE("rates: completions per (f, outcome) per bucket, in ops/s") {
  Rates r = ComputeRates(HandMade(), 1.0);
  CHECK(r.bucket_s == 1.0);
  REQUIRE(r.series.size() == 3);
  // Sorted by f, then ok, fail, info.
  CHECK(r.series[0].f == "read");
  CHECK(r.series[0].type == OpType::kOk);
  CHECK(r.series[0].per_s == std::vector<double>{3, 0, 1});
  CHECK(r.series[1].f == "write");
  CHECK(r.series[1].type == OpType::kFail);
  CHECK(r.series[1].per_s == std::vector<double>{0, 1, 0});
  CHECK(r.series[2].type == OpType::kInfo);
  CHECK(r.series[2].per_s == std::vector<double>{0, 0, 1});

  // Half-second buckets double each count's rate.
  Rates half = ComputeRates(HandMade(), 0.5);
  CHECK(half.series[0].per_s == std::vector<double>{4, 2, 0, 0, 0, 2});
}

TEST_CASE("rates: an empty history or one without completions has no series") {
  CHECK(ComputeRates({}, 1.0).series.empty());
  CHECK(ComputeRates({MakeOp(0, OpType::kInvoke, "read", 10)}, 1.0).series.empty());
}

TEST_CASE("rates: the bucket width keeps a run to at most 40 buckets") {
  struct Case {
    double span_s, bucket_s;
  };
  for (Case c : {Case{0, 0.5}, Case{3, 0.5}, Case{20, 0.5}, Case{20.5, 1}, Case{60, 2},
                 Case{400, 10}, Case{3600, 120}, Case{1e6, 600}}) {
    INFO(c.span_s);
    CHECK(RateBucketSeconds(c.span_s) == c.bucket_s);
  }
}

TEST_CASE("rate.svg: one line per series, nemesis bands, labelled legend") {
  std::string svg = RateSvg(HandMade());
  CHECK(Count(svg, "<polyline class=\"series\"") == 3);
  CHECK(Count(svg, "<title>read ok</title>") == 1);
  CHECK(Count(svg, "<title>write fail</title>") == 1);
  CHECK(Count(svg, "<title>write info</title>") == 1);
  CHECK(Count(svg, "<title>partition 0.500-1.500 s</title>") == 1);
  CHECK(Count(svg, "<title>kill 1.800-2.500 s</title>") == 1);  // never healed
  CHECK(Count(svg, "buckets of 0.5 s") == 1);
  // 2.5 s in buckets of 0.5 s: six buckets, one point each.
  size_t points = svg.find("points=\"");
  REQUIRE(points != std::string::npos);
  size_t end = svg.find('"', points + 8);
  CHECK(Count(svg.substr(points, end - points), ",") == 6);
}

TEST_CASE("rate.svg: an :f from the history is escaped") {
  History h = {MakeOp(0, OpType::kInvoke, "<b>&", 0), MakeOp(0, OpType::kOk, "<b>&", 10)};
  std::string svg = RateSvg(h);
  CHECK(Count(svg, "<b>") == 0);
  CHECK(Count(svg, "&lt;b&gt;&amp; ok") == 2);  // the line's title and the legend
}

TEST_CASE("rate.svg: a legend too long for the plot ends in a count") {
  History h;
  for (int i = 0; i < 25; ++i) {
    std::string f = "f" + std::to_string(i);
    h.push_back(MakeOp(0, OpType::kInvoke, f, i));
    h.push_back(MakeOp(0, OpType::kOk, f, i));
  }
  std::string svg = RateSvg(h);
  CHECK(Count(svg, "<polyline class=\"series\"") == 25);
  CHECK(Count(svg, "+7 more (hover a line)") == 1);
}

}  // namespace
}  // namespace harness
