// Proves report text is always safe to embed: EscapeXml turns markup,
// quotes, newlines, control bytes and invalid UTF-8 into entities or
// U+FFFD (valid UTF-8 passes through), and TruncateUtf8 never splits a
// character.
#include "harness/store/report_text.h"

#include <catch2/catch.hpp>

namespace harness {
namespace {

TEST_CASE("EscapeXml: every unsafe input becomes safe text") {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"plain", "plain"},
      {"<script>&\"'", "&lt;script&gt;&amp;&quot;&#39;"},
      {"a\nb\tc", "a&#10;b\tc"},
      {std::string("nul\0!", 5), "nul\xEF\xBF\xBD!"},
      {"\x01\x1f\x7f", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"},
      {"bad \xFF end", "bad \xEF\xBF\xBD end"},
      {"cut \xE2\x82", "cut \xEF\xBF\xBD\xEF\xBF\xBD"},
      {"overlong \xC0\xAF", "overlong \xEF\xBF\xBD\xEF\xBF\xBD"},
      {"surrogate \xED\xA0\x80", "surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    CHECK(EscapeXml(c.in) == c.out);
  }
}

TEST_CASE("TruncateUtf8 keeps short text and cuts long text on a character boundary") {
  CHECK(TruncateUtf8("short", 5) == "short");
  CHECK(TruncateUtf8("abcdefgh", 3) == "abc... (8 bytes)");
  // "\xC3\xA9" is one character: a cut inside it backs off before it.
  CHECK(TruncateUtf8("ab\xC3\xA9z", 3) == "ab... (5 bytes)");
  CHECK(FormatSeconds(1'234'567'890) == "1.235 s");
  CHECK(FormatSeconds(-5'000'000) == "-0.005 s");
}

}  // namespace
}  // namespace harness
