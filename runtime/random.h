// Random draws written out here, on a std::mt19937_64.
//
// The engine's output is fixed by the standard, but <random>'s
// distributions are not: libstdc++ and libc++ turn the same engine state
// into different numbers. Node code and the bench draw through these
// instead, so a seed means the same run on every standard library.
#ifndef RUNTIME_RANDOM_H_
#define RUNTIME_RANDOM_H_

#include <cmath>
#include <cstdint>
#include <random>

namespace runtime {

// Uniform in [0, 1): the top 53 bits of one draw.
inline double UniformReal(std::mt19937_64& engine) {
  return static_cast<double>(engine() >> 11) * 0x1.0p-53;
}

// Uniform in [lo, hi). REQUIRES: lo < hi. Rejection sampling: no modulo bias.
inline int64_t UniformInt(std::mt19937_64& engine, int64_t lo, int64_t hi) {
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  const uint64_t limit = UINT64_MAX - UINT64_MAX % span;
  uint64_t x = engine();
  while (x >= limit) x = engine();
  // In unsigned arithmetic: lo + x % span may pass INT64_MAX on the way.
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + x % span);
}

// Exponential with the given mean (> 0).
inline double Exponential(std::mt19937_64& engine, double mean) {
  return -mean * std::log1p(-UniformReal(engine));
}

}  // namespace runtime

#endif  // RUNTIME_RANDOM_H_
