#include "harness/run/rng.h"

#include <cmath>
#include <cstdlib>

#include "harness/run/check.h"

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

int64_t Rng::UniformInt(int64_t lo, int64_t hi) {
  HARNESS_CHECK(lo < hi);
  uint64_t range = static_cast<uint64_t>(hi - lo);
  // Rejection sampling removes the modulo bias.
  uint64_t limit = UINT64_MAX - UINT64_MAX % range;
  uint64_t x;
  do {
    x = Next();
  } while (x >= limit);
  return lo + static_cast<int64_t>(x % range);
}

double Rng::UniformReal() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

double Rng::Exponential(double mean) {
  HARNESS_CHECK(mean > 0);
  return -mean * std::log1p(-UniformReal());
}

}  // namespace harness
