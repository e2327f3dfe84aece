// Proves ForwardOnlyTime turns a raw clock that steps back (as the bench's
// clock nemesis makes CLOCK_MONOTONIC do) into a time that never goes back
// and loses no forward movement, by feeding it raw reading sequences.
#include "runtime/clock.h"

#include <vector>

#include <catch2/catch.hpp>

namespace runtime {
namespace {

struct ForwardOnlyCase {
  const char* name;
  std::vector<long long> raw_seconds;
  std::vector<long long> want_seconds;
  int64_t want_backward_steps;
};

TEST_CASE("ForwardOnlyTime: steps back count as no time; forward movement is kept") {
  const std::vector<ForwardOnlyCase> cases = {
      {"steady", {100, 101, 105}, {100, 101, 105}, 0},
      {"repeated reading", {7, 7, 8}, {7, 7, 8}, 0},
      {"step back then on", {100, 102, 90, 91, 95}, {100, 102, 102, 103, 107}, 1},
      {"step forward is kept", {10, 11, 50, 51}, {10, 11, 50, 51}, 0},
      {"back and back again", {100, 80, 60, 61}, {100, 100, 100, 101}, 2},
      {"back then forward past the old reading", {100, 90, 120}, {100, 100, 130}, 1},
  };
  for (const ForwardOnlyCase& c : cases) {
    INFO(c.name);
    ForwardOnlyTime time;
    for (size_t i = 0; i < c.raw_seconds.size(); ++i) {
      Time got = time.Next(std::chrono::seconds(c.raw_seconds[i]));
      CHECK(got == std::chrono::seconds(c.want_seconds[i]));
    }
    CHECK(time.backward_steps() == c.want_backward_steps);
  }
}

TEST_CASE("SteadyClock never reads earlier than before") {
  SteadyClock clock;
  Time last = clock.Now();
  for (int i = 0; i < 1000; ++i) {
    Time now = clock.Now();
    CHECK(now >= last);
    last = now;
  }
}

}  // namespace
}  // namespace runtime
