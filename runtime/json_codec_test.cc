// Proves the fast codec agrees with nlohmann's own parser and printer: same
// values from the same text, same text from the same value, across a table
// of edge cases and thousands of random values; and that it refuses what it
// must (invalid JSON, excessive depth) without throwing.
#include <catch2/catch.hpp>

#include <random>

#include "runtime/json_codec.h"

namespace runtime {
namespace {

using nlohmann::json;

std::string Dump(const json& j) {
  std::string out;
  AppendJson(j, out);
  return out;
}

TEST_CASE("ParseJson and AppendJson agree with nlohmann on edge cases") {
  const std::vector<std::string> texts = {
      "null", "true", "false", "0", "-1", "9223372036854775807", "-9223372036854775808",
      "18446744073709551615", "1.5", "-0.0", "1e300", "1.0", "0.1", "\"\"", R"("a\"b\\c\n\t\u0001\u001f")",
      R"("é ✓ 😀")", "[]", "{}", R"([1,[2,[3,{"a":[]}]]])", R"({"b":1,"a":2,"c":{"z":null}})",
      R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":1,"echo":"Please echo 35"}})",
      " \t\n[1, 2 ,3]\n ",
  };
  for (const std::string& text : texts) {
    INFO(text);
    std::optional<json> ours = ParseJson(text);
    REQUIRE(ours.has_value());
    json theirs = json::parse(text);
    CHECK(*ours == theirs);
    // nlohmann reads 0 as unsigned, simdjson as signed: both are integers.
    CHECK(ours->is_number_integer() == theirs.is_number_integer());
    CHECK(ours->is_number_float() == theirs.is_number_float());
    CHECK(json::parse(Dump(theirs)) == theirs);
  }
}

TEST_CASE("Integers beyond 64 bits are accepted as nlohmann accepts them") {
  std::optional<json> big = ParseJson("123456789012345678901234567890");
  REQUIRE(big.has_value());
  CHECK(big->is_number_float());
}

TEST_CASE("Floats stay floats when printed; NaN and infinity print as null") {
  CHECK(Dump(json(1.0)) == "1.0");
  CHECK(Dump(json(-2.0)) == "-2.0");
  CHECK(Dump(json(0.5)) == "0.5");
  CHECK(ParseJson(Dump(json(1.0)))->is_number_float());
  CHECK(Dump(json(std::nan(""))) == "null");
  CHECK(Dump(json(HUGE_VAL)) == "null");
}

TEST_CASE("Invalid UTF-8 is replaced on output by U+FFFD, and the output parses") {
  struct Case {
    std::string in, out;
  };
  const std::vector<Case> cases = {
      {"a\xff" "b", "\"a\xEF\xBF\xBD" "b\""},
      {"\xc3", "\"\xEF\xBF\xBD\""},
      {"\xc0\xaf", "\"\xEF\xBF\xBD\xEF\xBF\xBD\""},  // overlong encoding
      {"ok\xe2\x82", "\"ok\xEF\xBF\xBD\xEF\xBF\xBD\""},  // truncated sequence
      {"\xed\xa0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""},  // surrogate
      {"\xc3\xa9", "\"\xc3\xa9\""},  // valid: copied
  };
  for (const Case& c : cases) {
    CHECK(Dump(json(c.in)) == c.out);
    CHECK(ParseJson(c.out).has_value());
  }
}

TEST_CASE("ParseJson refuses invalid text and excessive depth") {
  for (std::string text : {std::string(""), std::string("{"), std::string("[1,]"), std::string("nul"),
                           std::string("\"\xff\""), std::string("1 2"), std::string(300, '['),
                           std::string(300, '[') + std::string(300, ']')}) {
    INFO(text.substr(0, 40));
    CHECK_FALSE(ParseJson(text).has_value());
  }
  CHECK(ParseJson(std::string(200, '[') + std::string(200, ']')).has_value());
}

json RandomValue(std::mt19937_64& rng, int depth) {
  int kind = std::uniform_int_distribution<int>(0, depth > 3 ? 5 : 7)(rng);
  switch (kind) {
    case 0: return nullptr;
    case 1: return bool(rng() & 1);
    case 2: return int64_t(rng());
    case 3: return std::uniform_real_distribution<double>(-1e6, 1e6)(rng);
    case 4: return uint64_t(rng());
    case 5: {
      std::string s;
      int n = std::uniform_int_distribution<int>(0, 12)(rng);
      for (int i = 0; i < n; ++i) s += char(std::uniform_int_distribution<int>(1, 127)(rng));
      return s;
    }
    case 6: {
      json a = json::array();
      int n = std::uniform_int_distribution<int>(0, 4)(rng);
      for (int i = 0; i < n; ++i) a.push_back(RandomValue(rng, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      int n = std::uniform_int_distribution<int>(0, 4)(rng);
      for (int i = 0; i < n; ++i) o["k" + std::to_string(rng() % 10)] = RandomValue(rng, depth + 1);
      return o;
    }
  }
}

TEST_CASE("Random values round-trip identically through both codecs") {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 3000; ++i) {
    json value = RandomValue(rng, 0);
    std::string text = value.dump();
    // Floats may print with fewer digits than nlohmann's (shortest
    // round-trip form), so texts are compared through their values.
    REQUIRE(json::parse(Dump(value)) == value);
    std::optional<json> back = ParseJson(text);
    REQUIRE(back.has_value());
    REQUIRE(*back == json::parse(text));
  }
}

}  // namespace
}  // namespace runtime
