#include "harness/run/rng.h"

#include "harness/run/check.h"
#include "runtime/random.h"

namespace harness {

namespace {
// SplitMix64 finaliser: spreads (seed, stream hash) over the whole state.
uint64_t Mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
}  // namespace

Rng Rng::Derive(uint64_t seed, std::string_view stream) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a: stable across platforms
  for (char c : stream) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return Rng(Mix(seed ^ Mix(h)));
}

// The distributions are runtime/random.h's, so the bench and the nodes a
// simulator runs in-process turn an engine state into the same numbers.
int64_t Rng::UniformInt(int64_t lo, int64_t hi) {
  HARNESS_CHECK(lo < hi);
  return runtime::UniformInt(engine_, lo, hi);
}

double Rng::UniformReal() { return runtime::UniformReal(engine_); }

double Rng::Exponential(double mean) {
  HARNESS_CHECK(mean > 0);
  return runtime::Exponential(engine_, mean);
}

}  // namespace harness
