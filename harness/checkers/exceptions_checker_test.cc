// Proves CheckExceptions groups :info ops that carry an exception by class
// (text before the first ':'), orders groups by count then first appearance,
// quotes each group's first op, ignores other ops, and is always valid
// (harness/docs/workloads.md, checkers every run gets, :exceptions row).
#include "harness/checkers/exceptions_checker.h"

#include <catch2/catch.hpp>

#include "harness/checkers/test_history.h"

namespace harness {
namespace {

TEST_CASE("exceptions: class is the text before the first ':'", "[exceptions]") {
  CHECK(ExceptionClass("java.net.SocketTimeoutException: Read timed out") ==
        "java.net.SocketTimeoutException");
  CHECK(ExceptionClass("malformed-reply: extra key \"x\": 3") == "malformed-reply");
  CHECK(ExceptionClass("  no-colon  ") == "no-colon");
  CHECK(ExceptionClass("") == "");
}

TEST_CASE("exceptions: grouped, most frequent first, first op as example", "[exceptions]") {
  HistoryBuilder h;
  h.Invoke(0, "echo", Value::String("a"), 1);
  h.Info(0, "echo", Value::String("a"), 2);
  h.last().exception = "timeout: no reply in 5000 ms";
  h.Invoke(1, "echo", Value::String("b"), 3);
  h.Info(1, "echo", Value::String("b"), 4);
  h.last().exception = "malformed-reply: missing field echo";
  h.Invoke(2, "echo", Value::String("c"), 5);
  h.Info(2, "echo", Value::String("c"), 6);
  h.last().exception = "malformed-reply: extra key foo";
  // Not :info, or no exception: not counted.
  h.Invoke(3, "echo", Value::String("d"), 7);
  h.Fail(3, "echo", Value::String("d"), 8);
  h.last().exception = "malformed-reply: ignored";
  h.Invoke(4, "echo", Value::String("e"), 9);
  h.Info(4, "echo", Value::String("e"), 10);
  CheckResult r = CheckExceptions(h.history());
  CHECK(r.valid == Validity::kTrue);
  CHECK(r.anomalies.empty());
  const Value* exceptions = r.details.FindKeyword("exceptions");
  REQUIRE(exceptions != nullptr);
  REQUIRE(exceptions->items().size() == 2);
  const Value& top = exceptions->items()[0];
  CHECK(top.FindKeyword("class")->as_string() == "malformed-reply");
  CHECK(top.FindKeyword("count")->as_int() == 2);
  CHECK(top.FindKeyword("example")->ToEdn() ==
        "{:index 3, :time 4000000, :type :info, :process 1, :f :echo, :value \"b\", "
        ":exception \"malformed-reply: missing field echo\"}");
  CHECK(exceptions->items()[1].FindKeyword("class")->as_string() == "timeout");
}

TEST_CASE("exceptions: equal counts keep first-seen order", "[exceptions]") {
  HistoryBuilder h;
  for (const char* ex : {"b-error: 1", "a-error: 1"}) {
    h.Invoke(0, "read", Value(), 1);
    h.Info(0, "read", Value(), 2);
    h.last().exception = ex;
  }
  CheckResult r = CheckExceptions(h.history());
  const Value* exceptions = r.details.FindKeyword("exceptions");
  REQUIRE(exceptions->items().size() == 2);
  CHECK(exceptions->items()[0].FindKeyword("class")->as_string() == "b-error");
}

TEST_CASE("exceptions: none gives {:valid? true} alone", "[exceptions]") {
  HistoryBuilder h;
  h.Invoke(0, "read", Value(), 1);
  h.Ok(0, "read", Value(), 2);
  CHECK(CheckExceptions(h.history()).details.ToEdn() == "{:valid? true}");
  CHECK(CheckExceptions({}).details.ToEdn() == "{:valid? true}");
}

}  // namespace
}  // namespace harness
