#include "harness/nemesis/clock_skew.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace harness {

std::string ClockSkew::ToString() const {
  constexpr uint64_t kNsPerS = 1'000'000'000;
  std::string text = "+0";
  if (offset_ns != 0) {
    // Unsigned, so that even INT64_MIN has a magnitude.
    uint64_t magnitude = offset_ns < 0 ? 0 - static_cast<uint64_t>(offset_ns)
                                       : static_cast<uint64_t>(offset_ns);
    uint64_t whole = magnitude / kNsPerS, frac = magnitude % kNsPerS;
    // Whole seconds as an integer ("7"); anything finer (only a simulated
    // host gets such skews) as a decimal without trailing zeros ("1.5").
    std::string seconds = absl::StrCat(whole);
    if (frac != 0) {
      std::string digits = absl::StrFormat("%09d", frac);
      absl::StrAppend(&seconds, ".", digits.substr(0, digits.find_last_not_of('0') + 1));
    }
    text = absl::StrCat(offset_ns < 0 ? "-" : "+", seconds, "s");
  }
  // %.9g: the drawn rates (0.1, 0.25, 2) print as written, never as
  // 0.10000000000000001 or 2.000000.
  return absl::StrCat(text, " x", absl::StrFormat("%.9g", rate));
}

}  // namespace harness
