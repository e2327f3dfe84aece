// Proves the :protocol entry is invalid exactly when violations were
// recorded, lists each of them, and counts late replies without judging them.
#include "harness/checkers/protocol_checker.h"

#include <catch2/catch.hpp>

namespace harness {
namespace {

TEST_CASE("protocol: violations invalidate, late replies only count") {
  struct Case {
    std::vector<std::string> violations;
    int64_t late;
    Validity want;
    const char* edn;
  };
  const Case cases[] = {
      {{}, 0, Validity::kTrue, "{:valid? true, :violations [], :late-replies 0}"},
      {{}, 7, Validity::kTrue, "{:valid? true, :violations [], :late-replies 7}"},
      {{"n2: bad dest \"n9\""}, 1, Validity::kFalse,
       "{:valid? false, :violations [\"n2: bad dest \\\"n9\\\"\"], :late-replies 1}"},
  };
  for (const Case& c : cases) {
    RunFacts f;
    f.protocol_violations = c.violations;
    f.late_replies = c.late;
    CheckResult r = CheckProtocol(f);
    CHECK(r.valid == c.want);
    CHECK(r.details.ToEdn() == c.edn);
    CHECK(r.anomalies.size() == c.violations.size());
  }
}

}  // namespace
}  // namespace harness
