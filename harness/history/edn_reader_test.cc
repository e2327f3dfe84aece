// Proves the EDN reader reads what Clojure and Jepsen print (a table of
// literal inputs and the value each must give), that printing and reading
// round-trip for random values, and that hostile input (truncations, random
// bytes, deep nesting, overflow) yields an error status and never a crash.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "harness/history/value.h"

namespace harness {
namespace {

std::string Reprint(std::string_view edn) {
  absl::StatusOr<Value> v = Value::ParseEdn(edn);
  if (!v.ok()) return "ERROR " + std::string(v.status().message());
  return v->ToEdn();
}

TEST_CASE("ParseEdn reads every EDN form Jepsen writes", "[edn]") {
  struct Case {
    const char* in;
    const char* out;  // the value, printed back
  };
  const Case cases[] = {
      {"nil", "nil"},
      {" true ", "true"},
      {"false", "false"},
      {"0", "0"},
      {"-17", "-17"},
      {"+5", "5"},
      {"42N", "42"},
      {"-42N", "-42"},
      {"+7N", "7"},
      {"-0", "0"},
      {"-", ":-"},
      {"+a", ":+a"},
      {"-9223372036854775808", "-9223372036854775808"},
      {"1.5", "1.5"},
      {"-2.0e3", "-2000.0"},
      {"1E7", "1.0E7"},
      {"3.25M", "3.25"},
      {"1/2", "0.5"},
      {"##Inf", "##Inf"},
      {"##-Inf", "##-Inf"},
      {"##NaN", "##NaN"},
      {R"("a\"b\\c\nd\te\rf\bg\fh")", R"("a\"b\\c\nd\te\rf\bg\fh")"},
      {R"("\u00e9\u0041")", "\"éA\""},
      {R"("\ud83d\ude00")", "\"😀\""},
      {R"("\101")", "\"A\""},
      {"\"multi\nline\"", R"("multi\nline")"},
      {R"(\c)", R"("c")"},
      {R"(\newline)", R"("\n")"},
      {R"(\space)", R"(" ")"},
      {R"(\u0041)", R"("A")"},
      {R"(\o101)", R"("A")"},
      {R"x([\( \)])x", R"x(["(" ")"])x"},
      {":read", ":read"},
      {":jepsen.history/op", ":jepsen.history/op"},
      {"java.net.SocketTimeoutException", ":java.net.SocketTimeoutException"},
      {"clojure.core$fn__1/invoke", ":clojure.core$fn__1/invoke"},
      {"[1 2 3]", "[1 2 3]"},
      {"(1 (2) [])", "[1 [2] []]"},
      {"[1,2,,3]", "[1 2 3]"},
      {"{:a 1 :b 2}", "{:a 1, :b 2}"},
      {"{:a 1, :a 2}", "{:a 2}"},
      {"#{3 1 2 1}", "#{1 2 3}"},
      {"[1 ; comment ]\n 2]", "[1 2]"},
      {"[1 #_2 3]", "[1 3]"},
      {"[1 #_ #_ 2 3 4]", "[1 4]"},
      {"[1 #_[2 [3]]]", "[1]"},
      {"#_foo bar", ":bar"},
      {R"(#inst "2024-01-02T03:04:05.000-00:00")", R"("2024-01-02T03:04:05.000-00:00")"},
      {R"(#uuid "f81d4fae-7dec-11d0-a765-00a0c91e6bf6")",
       R"("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")"},
      {"#jepsen.history.Op{:index 0, :type :invoke}", "{:index 0, :type :invoke}"},
      {"#my/tag #other 5", "5"},
      {R"(#"a.*b")", R"("a.*b")"},
      {"{:type :info, :f :start-partition, :value [:isolated {\"n1\" #{\"n2\" \"n3\"}}], "
       ":time 5, :process :nemesis, :index 9}",
       "{:type :info, :f :start-partition, :value [:isolated {\"n1\" #{\"n2\" \"n3\"}}], "
       ":time 5, :process :nemesis, :index 9}"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(Reprint(c.in) == c.out);
  }
}

TEST_CASE("ParseEdn rejects malformed input with a positioned error", "[edn][hostile]") {
  const char* bad[] = {
      "",
      "   ",
      "; only a comment",
      "[1 2",
      "{:a 1",
      "{:a}",
      "[1 2))",
      ")",
      "]",
      "\"open",
      R"("\q")",
      R"("\u12")",
      R"("\400")",
      "#",
      "#_",
      "[1 #_]",
      "##Foo",
      "#(inc %)",
      "#?(:clj 1)",
      "\\",
      "\\notachar",
      ":",
      "1 2",
      "[] x",
      "99999999999999999999",
      "-99999999999999999999N",
      "1.2.3",
      "1/0",
      "12abc",
      "5NN",
      "-5x",
      "+1x",
      "1e",
      "\x01",
      "#{1",
      "'quoted",
      "@deref",
      "^meta x",
      "`sq",
      "~uq",
      "#'var",
  };
  for (const char* in : bad) {
    CAPTURE(in);
    absl::StatusOr<Value> v = Value::ParseEdn(in);
    CHECK_FALSE(v.ok());
  }
  absl::StatusOr<Value> v = Value::ParseEdn("[1\n  {:a}]");
  REQUIRE_FALSE(v.ok());
  CHECK(std::string(v.status().message()).find("line 2") != std::string::npos);
}

TEST_CASE("ParseEdn caps nesting depth instead of exhausting the stack", "[edn][hostile]") {
  for (const char* open : {"[", "(", "{", "#{", "#_", "#t ", "{:a "}) {
    CAPTURE(open);
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += open;
    CHECK_FALSE(Value::ParseEdn(deep).ok());
  }
  std::string ok_depth = std::string(200, '[') + std::string(200, ']');
  CHECK(Value::ParseEdn(ok_depth).ok());
}

TEST_CASE("ParseEdnAll reads forms spanning lines, and names the line of a break", "[edn]") {
  // Knossos's and Jepsen's histories: one vector of maps over many lines.
  auto values = Value::ParseEdnAll("[{:process 0,\n  :type :invoke}\n {:process 0\n  :type :ok}]\n");
  REQUIRE(values.ok());
  REQUIRE(values->size() == 1);
  REQUIRE((*values)[0].is_vector());
  CHECK((*values)[0].items().size() == 2);
  auto lists = Value::ParseEdnAll("(\n{:a 1}\n{:a 2})");
  REQUIRE(lists.ok());
  CHECK((*lists)[0].items().size() == 2);
  auto bad = Value::ParseEdnAll("[{:a 1}\n {:b\n 2}\n {:c 3 :d}]");
  REQUIRE_FALSE(bad.ok());
  CHECK(std::string(bad.status().message()).find("line 4") != std::string::npos);
}

TEST_CASE("ParseEdnAll reads one value after another", "[edn]") {
  auto values = Value::ParseEdnAll("{:a 1}\n{:a 2} ; end\n#_{:a 3}\n:x");
  REQUIRE(values.ok());
  REQUIRE(values->size() == 3);
  CHECK((*values)[1].ToEdn() == "{:a 2}");
  CHECK((*values)[2].ToEdn() == ":x");
  CHECK(Value::ParseEdnAll("").ok());
  CHECK(Value::ParseEdnAll("")->empty());
  CHECK_FALSE(Value::ParseEdnAll("{:a 1}\n{:a").ok());
}

// Random values of every kind, nested a few levels.
Value RandomValue(std::mt19937_64& rng, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 3 ? 5 : 8);
  switch (kind(rng)) {
    case 0:
      return Value();
    case 1:
      return Value::Bool(rng() & 1);
    case 2:
      return Value::Int(static_cast<int64_t>(rng()));
    case 3: {
      double d = std::ldexp(static_cast<double>(static_cast<int64_t>(rng() >> 11)),
                            static_cast<int>(rng() % 120) - 60);
      return Value::Double(d);
    }
    case 4: {
      std::string s;
      for (size_t i = rng() % 12; i > 0; --i) s += static_cast<char>(rng() % 128);
      return Value::String(s);
    }
    case 5: {
      static const char* names[] = {"read", "ok", "net-timeout", "a/b", "final?", "x-1"};
      return Value::Keyword(names[rng() % 6]);
    }
    case 6:
    case 7: {
      std::vector<Value> items;
      for (size_t i = rng() % 5; i > 0; --i) items.push_back(RandomValue(rng, depth + 1));
      return (rng() & 1) ? Value::Vec(std::move(items)) : Value::Set(std::move(items));
    }
    default: {
      std::vector<std::pair<Value, Value>> entries;
      for (size_t i = rng() % 4; i > 0; --i) {
        entries.emplace_back(RandomValue(rng, depth + 1), RandomValue(rng, depth + 1));
      }
      return Value::Map(std::move(entries));
    }
  }
}

TEST_CASE("Round trip: ParseEdn(v.ToEdn()) == v for random values", "[edn][roundtrip]") {
  std::mt19937_64 rng(20240601);
  for (int i = 0; i < 5000; ++i) {
    Value v = RandomValue(rng, 0);
    std::string edn = v.ToEdn();
    CAPTURE(edn);
    absl::StatusOr<Value> back = Value::ParseEdn(edn);
    REQUIRE(back.ok());
    CHECK(*back == v);
    CHECK(back->ToEdn() == edn);
  }
}

TEST_CASE("Hostile input: truncations, mutations and random bytes never crash", "[edn][hostile]") {
  std::mt19937_64 rng(7);
  const std::string alphabet = "[]{}()#_\"\\:;, \n0123456789-+.eENM/abcnil#{}\\u";
  for (int i = 0; i < 3000; ++i) {
    std::string edn = RandomValue(rng, 0).ToEdn();
    // Every truncation of a valid value.
    std::string prefix = edn.substr(0, rng() % (edn.size() + 1));
    (void)Value::ParseEdn(prefix);
    // Random byte flips and insertions of syntax characters.
    std::string mutated = edn;
    for (int k = 0; k < 3 && !mutated.empty(); ++k) {
      size_t at = rng() % mutated.size();
      if (rng() & 1) {
        mutated[at] = static_cast<char>(rng() & 0xff);
      } else {
        mutated.insert(at, 1, alphabet[rng() % alphabet.size()]);
      }
    }
    absl::StatusOr<Value> v = Value::ParseEdn(mutated);
    if (v.ok()) (void)v->ToEdn();
    // Pure noise.
    std::string noise;
    for (size_t k = rng() % 64; k > 0; --k) noise += alphabet[rng() % alphabet.size()];
    (void)Value::ParseEdnAll(noise);
  }
  SUCCEED("no crash");
}

}  // namespace
}  // namespace harness
