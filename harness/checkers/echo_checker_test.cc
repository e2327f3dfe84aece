// Proves the echo checker flags a reply whose echo differs from the request
// and a :fail (no echo at all), and accepts timeouts (:info), empty
// histories, and replies recorded either as the body map or as the value.
#include "harness/checkers/echo_checker.h"

#include <catch2/catch.hpp>

#include "harness/checkers/checker_util.h"
#include "harness/checkers/test_history.h"

namespace harness {
namespace {

Value Body(const char* echo) {
  return Value::Map({{Value::String("type"), Value::String("echo_ok")},
                     {Value::String("echo"), Value::String(echo)}});
}

TEST_CASE("echo: table of completions and verdicts") {
  struct Case {
    const char* name;
    OpType type;
    Value reply;
    Validity want;
  };
  const Case cases[] = {
      {"body map with the same echo", OpType::kOk, Body("Please echo 35"), Validity::kTrue},
      {"bare value, same", OpType::kOk, Value::String("Please echo 35"), Validity::kTrue},
      {"keyword key :echo", OpType::kOk,
       Value::Map({{Kw("echo"), Value::String("Please echo 35")}}), Validity::kTrue},
      {"timeout is indeterminate", OpType::kInfo, Value::String("Please echo 35"), Validity::kTrue},
      {"wrong echo text", OpType::kOk, Body("Please echo 36"), Validity::kFalse},
      {"body without echo", OpType::kOk, Value::Map({{Value::String("type"), Value::String("x")}}),
       Validity::kFalse},
      {"definite error carries no echo", OpType::kFail, Value::String("Please echo 35"),
       Validity::kFalse},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    HistoryBuilder b;
    b.Invoke(3, "echo", Value::String("Please echo 35"), 10);
    b.Add(c.type, 3, "echo", c.reply, 20);
    CheckResult r = CheckEcho(b.history());
    CHECK(r.valid == c.want);
    CHECK(r.details.FindKeyword("errors")->items().size() == (c.want == Validity::kTrue ? 0u : 1u));
    if (c.want == Validity::kFalse) {
      REQUIRE(r.anomalies.size() == 1);
      CHECK_THAT(r.anomalies[0], Catch::Contains("op 0 (process 3"));
      CHECK_THAT(r.anomalies[0], Catch::Contains("completion op 1"));
    }
  }
}

TEST_CASE("echo: empty history is valid; errors quote Maelstrom's message") {
  CHECK(CheckEcho({}).valid == Validity::kTrue);
  HistoryBuilder b;
  b.Invoke(0, "echo", Value::String("a"), 0);
  b.Invoke(1, "echo", Value::String("b"), 1);
  b.Ok(1, "echo", Body("b"), 2);
  b.Ok(0, "echo", Body("wrong"), 3);
  CheckResult r = CheckEcho(b.history());
  CHECK(r.valid == Validity::kFalse);
  CHECK(r.details.FindKeyword("errors")->ToEdn() ==
        "[[\"Expected a message with :echo\" \"a\" \"But received\" "
        "{\"type\" \"echo_ok\", \"echo\" \"wrong\"}]]");
}

}  // namespace
}  // namespace harness
