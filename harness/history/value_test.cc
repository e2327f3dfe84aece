// Proves Value's printing matches Clojure's printer byte for byte, that the
// order is total and structural (1 != 1.0 != "1"), that maps and sets obey
// their construction rules, and that the JSON bridge keeps integers apart
// from floats, by tables of literal cases.
#include "harness/history/value.h"

#include <catch2/catch.hpp>
#include <limits>

namespace harness {
namespace {

Value Kw(const char* s) { return Value::Keyword(s); }
Value I(int64_t i) { return Value::Int(i); }

TEST_CASE("ToEdn prints as Clojure's pr does", "[value]") {
  struct Case {
    Value v;
    const char* edn;
  };
  const Case cases[] = {
      {Value(), "nil"},
      {Value::Bool(true), "true"},
      {Value::Bool(false), "false"},
      {I(3), "3"},
      {I(-42), "-42"},
      {I(std::numeric_limits<int64_t>::min()), "-9223372036854775808"},
      {Value::Double(1.0), "1.0"},
      {Value::Double(-0.5), "-0.5"},
      {Value::Double(0.001), "0.001"},
      {Value::Double(1e7), "1.0E7"},
      {Value::Double(1.5e-5), "1.5E-5"},
      {Value::Double(123456.75), "123456.75"},
      {Value::Double(std::numeric_limits<double>::infinity()), "##Inf"},
      {Value::Double(-std::numeric_limits<double>::infinity()), "##-Inf"},
      {Value::Double(std::numeric_limits<double>::quiet_NaN()), "##NaN"},
      {Value::String("s"), "\"s\""},
      {Value::String("a\"b\\c\nd\te\r"), R"("a\"b\\c\nd\te\r")"},
      {Value::String(std::string("\x01", 1)), R"("\u0001")"},
      {Value::String("héllo"), "\"héllo\""},
      {Kw("read"), ":read"},
      {Kw("jepsen.history/Op"), ":jepsen.history/Op"},
      {Value::Vec({}), "[]"},
      {Value::Vec({I(1), I(2)}), "[1 2]"},
      {Value::Map({}), "{}"},
      {Value::Map({{Kw("a"), I(1)}, {Kw("b"), I(2)}}), "{:a 1, :b 2}"},
      {Value::Set({I(2), I(1)}), "#{1 2}"},
      {Value::Vec({Kw("isolated"),
                   Value::Map({{Value::String("n1"), Value::Set({Value::String("n2")})}})}),
       R"([:isolated {"n1" #{"n2"}}])"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.edn);
    CHECK(c.v.ToEdn() == c.edn);
  }
}

TEST_CASE("Map: entries keep their order; a later duplicate key replaces the earlier", "[value]") {
  Value m = Value::Map({{Kw("b"), I(1)}, {Kw("a"), I(2)}, {Kw("b"), I(3)}});
  CHECK(m.ToEdn() == "{:b 3, :a 2}");
  REQUIRE(m.map_size() == 2);
  CHECK(m.map_key(0) == Kw("b"));
  CHECK(*m.FindKeyword("a") == I(2));
  CHECK(*m.Find(Kw("b")) == I(3));
  CHECK(m.Find(Value::String("b")) == nullptr);
  CHECK(I(1).FindKeyword("a") == nullptr);
}

TEST_CASE("Map: many duplicate keys stay fast and keep the last value", "[value]") {
  std::vector<std::pair<Value, Value>> entries;
  for (int i = 0; i < 100000; ++i) entries.emplace_back(I(i % 10), I(i));
  Value m = Value::Map(std::move(entries));
  REQUIRE(m.map_size() == 10);
  CHECK(m.map_key(0) == I(0));
  CHECK(m.map_value(0) == I(99990));
  CHECK(m.map_value(9) == I(99999));
}

TEST_CASE("Set: sorted and deduplicated", "[value]") {
  Value s = Value::Set({I(3), I(1), I(3), I(2)});
  CHECK(s.items().size() == 3);
  CHECK(s.ToEdn() == "#{1 2 3}");
  CHECK(s.is_sequence());
}

TEST_CASE("Order: structural equality and a total order by kind then content", "[value]") {
  CHECK(I(1) != Value::Double(1.0));
  CHECK(I(1) != Value::String("1"));
  CHECK(Value::String("a") != Kw("a"));
  CHECK(I(-5) < I(3));
  CHECK(Value::Double(-1.5) < Value::Double(2.0));
  CHECK(Value() < Value::Bool(false));
  CHECK(Value::Vec({I(1)}) < Value::Vec({I(1), I(0)}));
  CHECK(Value::Vec({I(1), I(2)}) != Value::Set({I(1), I(2)}));
  // Maps compare by their entries whatever the order they were built in.
  CHECK(Value::Map({{Kw("a"), I(1)}, {Kw("b"), I(2)}}) ==
        Value::Map({{Kw("b"), I(2)}, {Kw("a"), I(1)}}));
  CHECK(Value::Map({{Kw("a"), I(1)}}) != Value::Map({{Kw("a"), I(2)}}));
  double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(Value::Double(nan) == Value::Double(nan));
}

TEST_CASE("Accessors return what was stored", "[value]") {
  CHECK(Value::Bool(true).as_bool());
  CHECK(I(7).as_int() == 7);
  CHECK(Value::Double(2.5).as_double() == 2.5);
  CHECK(Kw("x").as_string() == "x");
  CHECK(Value::String("y").as_string() == "y");
  CHECK(Value().is_nil());
  CHECK(Value::Vec({I(1)}).items().size() == 1);
}

TEST_CASE("ToJson: keywords become strings, sets arrays, number keys their text, odd keys pairs", "[value][json]") {
  struct Case {
    Value v;
    const char* json;
  };
  const Case cases[] = {
      {Value(), "null"},
      {I(5), "5"},
      {Value::Double(1.5), "1.5"},
      {Kw("net-timeout"), R"("net-timeout")"},
      {Value::Set({I(2), I(1)}), "[1,2]"},
      {Value::Map({{Kw("valid?"), Value::Bool(true)}, {Value::String("n1"), I(2)}}),
       R"({"n1":2,"valid?":true})"},
      {Value::Map({{I(1), Kw("a")}}), R"({"1":"a"})"},
      {Value::Map({{Value::Double(0.5), I(120)}, {I(1), I(200)}}), R"({"0.5":120,"1":200})"},
      {Value::Map({{Value::Vec({I(1)}), Kw("a")}}), R"([[[1],"a"]])"},
      {Value::Map({{Kw("a"), I(1)}, {Value::String("a"), I(2)}}), R"([["a",1],["a",2]])"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.json);
    CHECK(c.v.ToJson().dump() == c.json);
  }
}

TEST_CASE("FromJson: integers stay integers, objects become string-keyed maps", "[value][json]") {
  auto j = nlohmann::json::parse(
      R"({"type":"read_ok","value":[1,2.0,"3",null,true],"big":18446744073709551615})");
  Value v = Value::FromJson(j);
  const Value* value = v.Find(Value::String("value"));
  REQUIRE(value != nullptr);
  REQUIRE(value->items().size() == 5);
  CHECK(value->items()[0] == I(1));
  CHECK(value->items()[1] == Value::Double(2.0));
  CHECK(value->items()[2] == Value::String("3"));
  CHECK(value->items()[3].is_nil());
  CHECK(value->items()[4] == Value::Bool(true));
  CHECK(v.Find(Value::String("big"))->kind() == Value::Kind::kDouble);
  // JSON -> Value -> JSON is the identity for JSON without floats-as-ints.
  CHECK(Value::FromJson(j).ToJson() == j);
}

}  // namespace
}  // namespace harness
