// Proves random.h's draws are fixed functions of the engine: golden values
// for seed 42 (the same on every standard library, since mt19937_64's
// output is fixed by the standard), ranges respected, every value of a
// small range drawn, and an exponential's sample mean near its mean.
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "runtime/random.h"

namespace runtime {
namespace {

TEST_CASE("Draws from a fixed seed are fixed (golden values)") {
  std::mt19937_64 e(42);
  CHECK(UniformReal(e) == 0.75515553295453897);  // exact: 53 bits of one draw
  CHECK(UniformInt(e, 0, 1000) == 824);
  // log1p may differ in the last bit between C libraries.
  CHECK(Exponential(e, 10.0) == Approx(13.949121911687365).epsilon(1e-12));
}

TEST_CASE("Draws stay in their ranges and cover small ones") {
  std::mt19937_64 e(7);
  std::set<int64_t> seen;
  for (int n = 0; n < 10000; ++n) {
    double r = UniformReal(e);
    REQUIRE(r >= 0.0);
    REQUIRE(r < 1.0);
    int64_t i = UniformInt(e, -3, 4);
    REQUIRE(i >= -3);
    REQUIRE(i < 4);
    seen.insert(i);
    REQUIRE(UniformInt(e, 5, 6) == 5);
    REQUIRE(Exponential(e, 2.0) >= 0.0);
  }
  CHECK(seen.size() == 7);
  // The whole int64 span works (no overflow in hi - lo).
  for (int n = 0; n < 100; ++n) CHECK(UniformInt(e, INT64_MIN, INT64_MAX) < INT64_MAX);
  CHECK(UniformInt(e, INT64_MAX - 1, INT64_MAX) == INT64_MAX - 1);
}

TEST_CASE("An exponential's sample mean is near its mean") {
  std::mt19937_64 e(3);
  double sum = 0;
  const int n = 100000;
  for (int k = 0; k < n; ++k) sum += Exponential(e, 50.0);
  CHECK(sum / n == Approx(50.0).epsilon(0.02));
}

}  // namespace
}  // namespace runtime
