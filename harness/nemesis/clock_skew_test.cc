// Proves ClockSkew's text form: libfaketime's spelling, exactly as stored
// histories have it ("+7s x1", "-3s x1", "+0 x0.25", "+0 x1"), and finer
// offsets or odd rates still give readable, exact text.
#include "harness/nemesis/clock_skew.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

namespace harness {
namespace {

constexpr int64_t kS = 1'000'000'000;

TEST_CASE("clock skew: text form in libfaketime's spelling") {
  struct Case {
    ClockSkew skew;
    const char* text;
  } cases[] = {
      {{0, 1.0}, "+0 x1"},
      {{7 * kS, 1.0}, "+7s x1"},
      {{-3 * kS, 1.0}, "-3s x1"},
      {{10 * kS, 1.0}, "+10s x1"},
      {{0, 0.1}, "+0 x0.1"},
      {{0, 0.25}, "+0 x0.25"},
      {{0, 0.5}, "+0 x0.5"},
      {{0, 2.0}, "+0 x2"},
      {{0, 4.0}, "+0 x4"},
      {{0, 10.0}, "+0 x10"},
      {{5 * kS, 2.0}, "+5s x2"},
      {{1'500'000'000, 1.0}, "+1.5s x1"},
      {{-250'000'000, 1.0}, "-0.25s x1"},
      {{1, 1.0}, "+0.000000001s x1"},
      {{0, 1.0 / 3}, "+0 x0.333333333"},
      {{std::numeric_limits<int64_t>::min(), 1.0}, "-9223372036.854775808s x1"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(c.skew.ToString() == c.text);
  }
}

TEST_CASE("clock skew: true time is {0, 1} and only that") {
  CHECK(ClockSkew{}.is_true_time());
  CHECK(ClockSkew{}.ToString() == "+0 x1");
  CHECK_FALSE((ClockSkew{kS, 1.0}).is_true_time());
  CHECK_FALSE((ClockSkew{0, 2.0}).is_true_time());
  CHECK((ClockSkew{kS, 2.0}) == (ClockSkew{kS, 2.0}));
}

}  // namespace
}  // namespace harness
