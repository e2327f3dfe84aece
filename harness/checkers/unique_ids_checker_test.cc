// Proves the unique-ids checker counts attempts and acknowledgements, flags
// every duplicated id (structural equality: 1, 1.0 and "1" are different
// ids), keeps only the 48 most frequent duplicates, reports the range, and
// answers :unknown for ids it cannot order (mixed kinds, maps).
#include "harness/checkers/unique_ids_checker.h"

#include <catch2/catch.hpp>

#include "harness/checkers/checker_util.h"
#include "harness/checkers/test_history.h"

namespace harness {
namespace {

History Generated(const std::vector<Value>& ids, int extra_timeouts = 0) {
  HistoryBuilder b;
  double t = 0;
  for (const Value& id : ids) {
    b.Invoke(0, "generate", Value(), t++);
    b.Ok(0, "generate", id, t++);
  }
  for (int i = 0; i < extra_timeouts; ++i) {
    b.Invoke(1 + i, "generate", Value(), t++);
    b.Info(1 + i, "generate", Value(), t++);
  }
  return b.history();
}

TEST_CASE("unique-ids: verdicts over tables of returned ids") {
  struct Case {
    const char* name;
    std::vector<Value> ids;
    Validity want;
    int64_t duplicated_count;
  };
  const Case cases[] = {
      {"distinct strings", {Value::String("n1-1"), Value::String("n2-1")}, Validity::kTrue, 0},
      {"repeated string", {Value::String("n1-1"), Value::String("n1-1")}, Validity::kFalse, 1},
      {"1 and 1.0 differ", {Value::Int(1), Value::Double(1.0)}, Validity::kTrue, 0},
      {"repeated int, twice", {Value::Int(1), Value::Int(2), Value::Int(1), Value::Int(2)},
       Validity::kFalse, 2},
      {"mixed kinds cannot be ordered", {Value::Int(1), Value::String("1")}, Validity::kUnknown, 0},
      {"maps cannot be ordered", {Value::Map({})}, Validity::kUnknown, 0},
      {"nothing acknowledged", {}, Validity::kTrue, 0},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CheckResult r = CheckUniqueIds(Generated(c.ids));
    CHECK(r.valid == c.want);
    if (c.want == Validity::kUnknown) {
      CHECK(r.details.FindKeyword("error") != nullptr);
      continue;
    }
    CHECK(*r.details.FindKeyword("duplicated-count") == Value::Int(c.duplicated_count));
    CHECK(r.anomalies.size() == static_cast<size_t>(c.duplicated_count));
  }
}

TEST_CASE("unique-ids: counts, range and the duplicate report line") {
  CheckResult r = CheckUniqueIds(
      Generated({Value::Int(5), Value::Int(-2), Value::Double(7.5), Value::Int(5)}, 2));
  CHECK(*r.details.FindKeyword("attempted-count") == Value::Int(6));
  CHECK(*r.details.FindKeyword("acknowledged-count") == Value::Int(4));
  CHECK(r.details.FindKeyword("range")->ToEdn() == "[-2 7.5]");
  CHECK(r.details.FindKeyword("duplicated")->ToEdn() == "{5 2}");
  REQUIRE(r.anomalies.size() == 1);
  CHECK(r.anomalies[0] == "duplicate id: 5 returned 2 times (ok ops 1, 7)");
  // Nothing acknowledged: Jepsen's range fold is seeded with nils.
  CHECK(CheckUniqueIds({}).details.FindKeyword("range")->ToEdn() == "[nil nil]");
}

TEST_CASE("unique-ids: :duplicated keeps the 48 most frequent, in id order") {
  std::vector<Value> ids;
  // Ids 0..59 each twice; id 100 five times: 61 duplicated ids in all.
  for (int i = 0; i < 60; ++i) { ids.push_back(Value::Int(i)); ids.push_back(Value::Int(i)); }
  for (int i = 0; i < 5; ++i) ids.push_back(Value::Int(100));
  CheckResult r = CheckUniqueIds(Generated(ids));
  CHECK(*r.details.FindKeyword("duplicated-count") == Value::Int(61));
  const Value& shown = *r.details.FindKeyword("duplicated");
  REQUIRE(shown.map_size() == 48);
  // The most frequent is kept; among equal counts Jepsen keeps the larger ids.
  CHECK(*shown.Find(Value::Int(100)) == Value::Int(5));
  CHECK(shown.map_key(0) == Value::Int(13));
  CHECK(shown.map_key(46) == Value::Int(59));
}

}  // namespace
}  // namespace harness
