// Proves a seed still means the same numbers: golden draws computed with
// the bench's own distributions before they moved to runtime/random.h.
// Exact comparison of doubles is the point: the same engine state must give
// bit-identical values, or stored seeds would replay different schedules.
#include "harness/run/rng.h"

#include <catch2/catch.hpp>

namespace harness {
namespace {

TEST_CASE("rng: derived stream draws are the golden values") {
  Rng r = Rng::Derive(7, "latency");
  for (int64_t want : {380, 853, 939, 270}) CHECK(r.UniformInt(0, 1000) == want);
  for (double want : {0.16802509064081272, 0.2638282963233245, 0.73489395742522723}) {
    CHECK(r.UniformReal() == want);
  }
  for (double want : {1.3741155227380528, 1.9662257878972003, 0.34399699997242672}) {
    CHECK(r.Exponential(5.0) == want);
  }
  CHECK(r.UniformInt(-5, 3) == -1);
}

}  // namespace
}  // namespace harness
