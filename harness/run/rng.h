// Rng: the bench's only source of randomness, a seeded 64-bit generator.
//
// Every random choice of a run (latencies, op values, pacing gaps, nemesis
// schedule and shapes, seq-kv staleness, lww-kv replica picks) draws from an
// Rng derived from the run's --seed and a stream name, so that one part
// drawing more numbers never shifts another part's choices. The
// distributions are runtime/random.h's, not <random>'s, whose distributions
// differ between standard libraries, so a seed means the same schedule
// everywhere. Not thread-safe; each owner keeps its own stream.
#ifndef HARNESS_RUN_RNG_H_
#define HARNESS_RUN_RNG_H_

#include <cstdint>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

namespace harness {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  // An independent stream for `stream`, fixed by (seed, stream).
  static Rng Derive(uint64_t seed, std::string_view stream);

  uint64_t Next() { return engine_(); }
  // Uniform in [lo, hi). REQUIRES: lo < hi.
  int64_t UniformInt(int64_t lo, int64_t hi);
  // Uniform in [0, 1).
  double UniformReal();
  // Exponential with the given mean (> 0).
  double Exponential(double mean);
  bool Coin() { return (Next() >> 63) != 0; }

  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) {
      size_t j = static_cast<size_t>(UniformInt(0, static_cast<int64_t>(i)));
      std::swap(v[i - 1], v[j]);
    }
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace harness

#endif  // HARNESS_RUN_RNG_H_
