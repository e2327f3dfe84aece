// The only source of randomness the Raft core sees (randomised election
// timeouts). Injected so that a seeded simulator replays a run exactly.
// Not thread-safe; one instance per core.
#ifndef NODES_RAFTKV_RAFT_RANDOM_H_
#define NODES_RAFTKV_RAFT_RANDOM_H_

#include <cstdint>

namespace raft {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Returns a value uniform in [0, n). REQUIRES: n > 0.
  virtual uint64_t Uniform(uint64_t n) = 0;
};

// SplitMix64: tiny, fast and good enough for timeouts and fault injection.
class SeededRandom final : public RandomSource {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t Uniform(uint64_t n) override { return Next() % n; }
  // True with probability p.
  bool Chance(double p) { return (Next() >> 11) * 0x1.0p-53 < p; }

 private:
  uint64_t state_;
};

}  // namespace raft

#endif  // NODES_RAFTKV_RAFT_RANDOM_H_
