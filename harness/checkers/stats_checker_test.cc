// Proves CheckStats counts completions of client ops only (not invocations,
// not nemesis ops), per :f in sorted order, and is invalid exactly when some
// :f never succeeded (harness.md section 6, :stats row), naming that f and
// its completions by index.
#include "harness/checkers/stats_checker.h"

#include <catch2/catch.hpp>

#include "harness/checkers/checker_util.h"
#include "harness/checkers/test_history.h"

namespace harness {
namespace {

TEST_CASE("stats: counts completions overall and per f, sorted by f", "[stats]") {
  HistoryBuilder h;
  h.Invoke(0, "write", Value::Int(1), 1);
  h.Ok(0, "write", Value::Int(1), 2);
  h.Invoke(1, "read", Value(), 3);
  h.Info(1, "read", Value(), 4);
  h.Invoke(kNemesisProcess, "start-partition", Value(), 5);
  h.Info(kNemesisProcess, "start-partition", Kw("majority"), 6);
  h.Invoke(2, "read", Value(), 7);
  h.Ok(2, "read", Value::Int(1), 8);
  h.Invoke(0, "cas", Ints({1, 2}), 9);
  h.Fail(0, "cas", Ints({1, 2}), 10);
  h.Invoke(3, "cas", Ints({1, 3}), 11);
  h.Ok(3, "cas", Ints({1, 3}), 12);
  h.Invoke(4, "write", Value::Int(9), 13);  // never completes: not counted
  CheckResult r = CheckStats(h.history());
  CHECK(r.valid == Validity::kTrue);
  CHECK(r.anomalies.empty());
  CHECK(r.details.ToEdn() ==
        "{:valid? true, :count 5, :ok-count 3, :fail-count 1, :info-count 1, :by-f {"
        ":cas {:valid? true, :count 2, :ok-count 1, :fail-count 1, :info-count 0}, "
        ":read {:valid? true, :count 2, :ok-count 1, :fail-count 0, :info-count 1}, "
        ":write {:valid? true, :count 1, :ok-count 1, :fail-count 0, :info-count 0}}}");
}

TEST_CASE("stats: an f with no :ok makes the whole invalid and is named", "[stats][anomaly]") {
  HistoryBuilder h;
  h.Invoke(0, "echo", Value::String("a"), 1);
  h.Ok(0, "echo", Value::String("a"), 2);
  h.Invoke(1, "generate", Value(), 3);
  int64_t first = h.Fail(1, "generate", Value(), 4);
  h.Invoke(1, "generate", Value(), 5);
  int64_t second = h.Info(1, "generate", Value(), 6);
  CheckResult r = CheckStats(h.history());
  CHECK(r.valid == Validity::kFalse);
  CHECK(r.details.FindKeyword("valid?")->ToEdn() == "false");
  const Value* by_f = r.details.FindKeyword("by-f");
  CHECK(by_f->FindKeyword("echo")->FindKeyword("valid?")->ToEdn() == "true");
  CHECK(by_f->FindKeyword("generate")->FindKeyword("valid?")->ToEdn() == "false");
  REQUIRE(r.anomalies.size() == 1);
  CHECK(r.anomalies[0] ==
        "stats: no :generate operation succeeded (2 completions: 1 :fail, "
        "1 :info; first at ops " +
            std::to_string(first) + ", " + std::to_string(second) + ")");
}

TEST_CASE("stats: kafka's :crash ops never succeed and do not fail the whole", "[stats]") {
  HistoryBuilder h;
  h.Invoke(0, "poll", Value(), 1);
  h.Ok(0, "poll", Value(), 2);
  h.Invoke(0, "crash", Value(), 3);
  h.Info(0, "crash", Value(), 3);
  CheckResult r = CheckStats(h.history());
  CHECK(r.valid == Validity::kTrue);
  CHECK(r.anomalies.empty());
  CHECK(r.details.FindKeyword("by-f")->FindKeyword("crash")->FindKeyword("valid?")->ToEdn() ==
        "false");
}

TEST_CASE("stats: an empty history, or one with only nemesis ops, is vacuously valid", "[stats]") {
  CHECK(CheckStats({}).details.ToEdn() ==
        "{:valid? true, :count 0, :ok-count 0, :fail-count 0, :info-count 0, :by-f {}}");
  HistoryBuilder h;
  h.Invoke(kNemesisProcess, "start-partition", Value(), 1);
  h.Info(kNemesisProcess, "start-partition", Value(), 2);
  CheckResult r = CheckStats(h.history());
  CHECK(r.valid == Validity::kTrue);
  CHECK(r.details.FindKeyword("count")->as_int() == 0);
}

}  // namespace
}  // namespace harness
