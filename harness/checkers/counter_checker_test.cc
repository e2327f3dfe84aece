// Proves the g-counter / pn-counter checker: the acceptable set is the sum of
// ok adds widened by every indefinite (:info) add, kept as merged closed
// intervals; only :final? ok reads are checked; a final read outside the set
// is invalid and named in the report; non-integer values give :unknown.
#include "harness/checkers/counter_checker.h"

#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "harness/checkers/checker_util.h"
#include "harness/checkers/test_history.h"

namespace harness {
namespace {

struct Add {
  int64_t delta;
  OpType outcome;
};

History CounterHistory(const std::vector<Add>& adds, const std::vector<int64_t>& final_reads) {
  HistoryBuilder b;
  double t = 0;
  int64_t process = 0;
  for (const Add& a : adds) {
    b.Invoke(process, "add", Value::Int(a.delta), t++);
    b.Add(a.outcome, process, "add", Value::Int(a.delta), t++);
    if (a.outcome == OpType::kInfo) ++process;  // a crashed client gets a new process
  }
  b.Invoke(process, "read", Value(), t++);
  b.Ok(process, "read", Value::Int(-999), t++);  // not final: never checked
  for (int64_t v : final_reads) {
    b.Invoke(process, "read", Value(), t++);
    b.last().final = true;
    b.Ok(process, "read", Value::Int(v), t++);
    b.last().final = true;
  }
  return b.history();
}

TEST_CASE("counter: acceptable intervals and verdicts") {
  const OpType ok = OpType::kOk, info = OpType::kInfo, fail = OpType::kFail;
  struct Case {
    const char* name;
    std::vector<Add> adds;
    std::vector<int64_t> reads;
    const char* acceptable;
    Validity want;
  };
  const Case cases[] = {
      {"no adds, read 0", {}, {0}, "[[0 0]]", Validity::kTrue},
      {"definite sum", {{3, ok}, {4, ok}}, {7, 7}, "[[7 7]]", Validity::kTrue},
      {"stale final read", {{3, ok}, {4, ok}}, {7, 3}, "[[7 7]]", Validity::kFalse},
      {"info add widens", {{3, ok}, {4, info}}, {3, 7}, "[[3 3] [7 7]]", Validity::kTrue},
      {"between the two is wrong", {{3, ok}, {4, info}}, {5}, "[[3 3] [7 7]]", Validity::kFalse},
      {"adjacent intervals merge", {{1, info}, {1, info}, {1, info}}, {0, 3}, "[[0 3]]",
       Validity::kTrue},
      {"negative info deltas (pn)", {{5, ok}, {-2, info}, {-1, info}}, {2, 5}, "[[2 5]]",
       Validity::kTrue},
      {"failed adds do not count", {{5, ok}, {9, fail}}, {14}, "[[5 5]]", Validity::kFalse},
      {"no final read is vacuously valid", {{5, ok}}, {}, "[[5 5]]", Validity::kTrue},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CheckResult r = CheckCounter(CounterHistory(c.adds, c.reads));
    CHECK(r.valid == c.want);
    CHECK(r.details.FindKeyword("acceptable")->ToEdn() == c.acceptable);
    CHECK(r.details.FindKeyword("final-reads")->items().size() == c.reads.size());
    CHECK(r.details.FindKeyword("errors")->is_nil() == (c.want == Validity::kTrue));
    CHECK(r.anomalies.empty() == (c.want == Validity::kTrue));
  }
}

TEST_CASE("counter: the report line names the read op and the acceptable set") {
  CheckResult r = CheckCounter(CounterHistory({{3, OpType::kOk}}, {2}));
  REQUIRE(r.anomalies.size() == 1);
  CHECK_THAT(r.anomalies[0], Catch::Contains("final read op 5"));
  CHECK_THAT(r.anomalies[0], Catch::Contains("returned 2, outside the acceptable values [[3 3]]"));
  REQUIRE(r.details.FindKeyword("errors")->items().size() == 1);
  CHECK(*r.details.FindKeyword("errors")->items()[0].FindKeyword("index") == Value::Int(5));
}

TEST_CASE("counter: an :info add whose completion lost its value uses the invocation's") {
  HistoryBuilder b;
  b.Invoke(0, "add", Value::Int(4), 0);
  b.Info(0, "add", Value(), 1);
  b.Invoke(1, "read", Value(), 2);
  b.Ok(1, "read", Value::Int(4), 3);
  b.last().final = true;
  CHECK(CheckCounter(b.history()).valid == Validity::kTrue);
}

TEST_CASE("counter: non-integer values are :unknown, never a crash") {
  HistoryBuilder b;
  b.Invoke(0, "read", Value(), 0);
  b.Ok(0, "read", Value::String("42"), 1);
  b.last().final = true;
  CHECK(CheckCounter(b.history()).valid == Validity::kUnknown);

  HistoryBuilder c;
  c.Invoke(0, "add", Value::Double(1.5), 0);
  c.Ok(0, "add", Value::Double(1.5), 1);
  CHECK(CheckCounter(c.history()).valid == Validity::kUnknown);

  HistoryBuilder d;
  d.Invoke(0, "add", Value::Int(INT64_MAX), 0);
  d.Ok(0, "add", Value::Int(INT64_MAX), 1);
  d.Invoke(0, "add", Value::Int(1), 2);
  d.Ok(0, "add", Value::Int(1), 3);
  CHECK(CheckCounter(d.history()).valid == Validity::kUnknown);
}

TEST_CASE("IntervalSet: union with its shift keeps intervals sorted and merged") {
  IntervalSet s(0);
  REQUIRE(s.UnionShifted(10));  // {0, 10}
  REQUIRE(s.UnionShifted(1));   // {0, 1, 10, 11}
  CHECK(s.intervals() == std::vector<std::pair<int64_t, int64_t>>{{0, 1}, {10, 11}});
  CHECK(s.Contains(11));
  CHECK_FALSE(s.Contains(5));
  CHECK_FALSE(s.Contains(-1));
  REQUIRE(s.UnionShifted(-2));  // adds {-2, -1, 8, 9}
  CHECK(s.intervals() == std::vector<std::pair<int64_t, int64_t>>{{-2, 1}, {8, 11}});
}

}  // namespace
}  // namespace harness

namespace harness {
namespace {

// Brute force: every subset of the indefinite adds may have happened.
TEST_CASE("counter: acceptable set equals the brute-force subset sums") {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 500; ++round) {
    std::vector<Add> adds;
    int64_t definite = 0;
    std::vector<int64_t> maybe;
    const int n = static_cast<int>(rng() % 14);
    for (int i = 0; i < n; ++i) {
      int64_t d = static_cast<int64_t>(rng() % 10) - 5;
      int o = static_cast<int>(rng() % 3);
      OpType type = o == 0 ? OpType::kOk : o == 1 ? OpType::kInfo : OpType::kFail;
      adds.push_back({d, type});
      if (type == OpType::kOk) definite += d;
      if (type == OpType::kInfo) maybe.push_back(d);
    }
    std::set<int64_t> sums;
    for (uint32_t mask = 0; mask < (1u << maybe.size()); ++mask) {
      int64_t s = definite;
      for (size_t j = 0; j < maybe.size(); ++j) if (mask & (1u << j)) s += maybe[j];
      sums.insert(s);
    }
    std::vector<int64_t> reads;
    for (int64_t v = -70; v <= 70; ++v) reads.push_back(v);
    CheckResult r = CheckCounter(CounterHistory(adds, reads));
    INFO("round " << round);
    const Value& errors = *r.details.FindKeyword("errors");
    std::set<int64_t> rejected;
    if (!errors.is_nil()) {
      for (const Value& op : errors.items()) rejected.insert(op.FindKeyword("value")->as_int());
    }
    for (int64_t v : reads) REQUIRE((sums.count(v) == 1) == (rejected.count(v) == 0));
  }
}

}  // namespace
}  // namespace harness
