// Proves CheckAvailability's ok-fraction is #ok / #invocations of client ops
// (nemesis ops and unfinished invocations as Maelstrom counts them), 1 when
// there are none, and that the --availability rule (none, total, a number,
// boundary included) decides validity, with an anomaly line naming the first
// non-ok completions.
#include "harness/checkers/availability_checker.h"

#include <catch2/catch.hpp>

#include "harness/checkers/checker_util.h"
#include "harness/checkers/test_history.h"

namespace harness {
namespace {

// 4 client invocations: 2 ok, 1 fail, 1 info (net-timeout); one nemesis op.
History HalfAvailable() {
  HistoryBuilder h;
  h.Invoke(kNemesisProcess, "start-partition", Value(), 0);
  h.Info(kNemesisProcess, "start-partition", Value(), 0);
  h.Invoke(0, "echo", Value::String("a"), 1);
  h.Ok(0, "echo", Value::String("a"), 2);
  h.Invoke(1, "echo", Value::String("b"), 3);
  h.Fail(1, "echo", Value::String("b"), 4);
  h.last().error = Value::Vec({Kw("temporarily-unavailable"), Value::String("no quorum")});
  h.Invoke(2, "echo", Value::String("c"), 5);
  h.Info(2, "echo", Value::String("c"), 6);
  h.last().error = Kw("net-timeout");
  h.Invoke(0, "echo", Value::String("d"), 7);
  h.Ok(0, "echo", Value::String("d"), 8);
  return h.history();
}

RunFacts Facts(std::optional<double> availability, bool total = false) {
  RunFacts f;
  f.workload = "echo";
  f.availability = availability;
  f.availability_total = total;
  return f;
}

TEST_CASE("availability: the rule decides validity", "[availability]") {
  struct Case {
    const char* name;
    RunFacts facts;
    Validity valid;
  };
  const Case cases[] = {
      {"no flag", Facts(std::nullopt), Validity::kTrue},
      {"0.5 (boundary, inclusive)", Facts(0.5), Validity::kTrue},
      {"0.0", Facts(0.0), Validity::kTrue},
      {"0.51", Facts(0.51), Validity::kFalse},
      {"total", Facts(1.0, true), Validity::kFalse},
      {"1.0 as a number", Facts(1.0), Validity::kFalse},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CheckResult r = CheckAvailability(HalfAvailable(), c.facts);
    CHECK(r.valid == c.valid);
    CHECK(*r.details.FindKeyword("ok-fraction") == Value::Double(0.5));
    CHECK(r.anomalies.empty() == (c.valid == Validity::kTrue));
  }
}

TEST_CASE("availability: the anomaly line gives counts, rule and first non-ok ops",
          "[availability][anomaly]") {
  CheckResult r = CheckAvailability(HalfAvailable(), Facts(1.0, true));
  REQUIRE(r.anomalies.size() == 1);
  CHECK(r.anomalies[0] ==
        "2 of 4 client operations ok (ok-fraction 0.5000), required total "
        "(every operation ok); first not ok: ops 5 (:fail :echo [:temporarily-unavailable "
        "\"no quorum\"]), 7 (:info :echo :net-timeout)");
  CHECK(r.details.ToEdn() == "{:valid? false, :ok-fraction 0.5}");
}

TEST_CASE("availability: total passes only when every invocation is ok", "[availability]") {
  HistoryBuilder h;
  h.Invoke(0, "generate", Value(), 1);
  h.Ok(0, "generate", Value::Int(1), 2);
  CHECK(CheckAvailability(h.history(), Facts(1.0, true)).valid == Validity::kTrue);
  // An invocation that never completed is not ok.
  h.Invoke(1, "generate", Value(), 3);
  CheckResult r = CheckAvailability(h.history(), Facts(1.0, true));
  CHECK(r.valid == Validity::kFalse);
  CHECK(r.details.ToEdn() == "{:valid? false, :ok-fraction 0.5}");
}

TEST_CASE("availability: no client invocations gives ok-fraction 1", "[availability]") {
  CheckResult r = CheckAvailability({}, Facts(1.0, true));
  CHECK(r.valid == Validity::kTrue);
  CHECK(r.details.ToEdn() == "{:valid? true, :ok-fraction 1.0}");
}

}  // namespace
}  // namespace harness
