// Proves the txn workloads of workloads.md section 8 without a node: the
// generator (txn lengths 1..max, r/w 50/50, values 1, 2, 3 per key, keys
// retiring after --max-writes-per-key, the exponential key pool) and the
// client's reply checks (reads filled in; anything else malformed).
#include "harness/workloads/txn_workload.h"

#include <catch2/catch.hpp>
#include <map>
#include <set>

namespace harness {
namespace {

using nlohmann::json;

TEST_CASE("txn generator: lengths, 50/50 mops, unique values per key, retirement") {
  for (bool la : {false, true}) {
    TxnWorkload w(la, /*key_count=*/3, /*max_txn_length=*/4, /*max_writes_per_key=*/5);
    Rng rng(7);
    std::map<int64_t, int64_t> last;
    std::set<int64_t> lengths;
    int reads = 0, writes = 0;
    for (int i = 0; i < 5000; ++i) {
      Invocation op = w.NextOp(0, 0, rng);
      CHECK(op.f == "txn");
      lengths.insert(static_cast<int64_t>(op.value.items().size()));
      for (const Value& m : op.value.items()) {
        const std::string f = m.items()[0].as_string();
        const int64_t k = m.items()[1].as_int();
        if (f == "r") {
          ++reads;
          CHECK(m.items()[2].is_nil());
          continue;
        }
        ++writes;
        CHECK(f == (la ? "append" : "w"));
        CHECK(m.items()[2].as_int() == last[k] + 1);  // 1, 2, 3, ... per key
        last[k] = m.items()[2].as_int();
        CHECK(last[k] <= 5);
      }
    }
    CHECK(lengths == std::set<int64_t>{1, 2, 3, 4});
    CHECK(reads > 4500);
    CHECK(writes > 4500);
    CHECK(last.size() > 100);  // keys retire and new ones come in
  }
}

TEST_CASE("txn generator: newer keys are chosen more often (exponential pool)") {
  TxnWorkload w(false, /*key_count=*/10, /*max_txn_length=*/1, /*max_writes_per_key=*/1000000);
  Rng rng(3);
  std::map<int64_t, int> uses;
  for (int i = 0; i < 20000; ++i) ++uses[w.NextOp(0, 0, rng).value.items()[0].items()[1].as_int()];
  CHECK(uses[9] > uses[8]);
  CHECK(uses[8] > uses[5]);
  CHECK(uses[9] > 8000);  // weight 2^9 / (2^10 - 1), about half
}

TEST_CASE("txn client: requests and the reply rules") {
  TxnWorkload rw(false, 3, 4, 16);
  Invocation op{"txn",
                Value::Vec({Value::Vec({Value::Keyword("r"), Value::Int(1), Value()}),
                            Value::Vec({Value::Keyword("w"), Value::Int(1), Value::Int(6)})})};
  CHECK(rw.Request(op) == json::parse(R"({"type":"txn","txn":[["r",1,null],["w",1,6]]})"));
  auto ok = rw.OkValue(op, json::parse(R"({"type":"txn_ok","txn":[["r",1,3],["w",1,6]]})"));
  REQUIRE(ok.ok());
  CHECK(ok->ToEdn() == "[[:r 1 3] [:w 1 6]]");
  auto nil = rw.OkValue(op, json::parse(R"({"txn":[["r",1,null],["w",1,6]]})"));
  REQUIRE(nil.ok());
  CHECK(nil->ToEdn() == "[[:r 1 nil] [:w 1 6]]");
  for (const char* bad : {R"({"txn":[["r",1,3]]})", R"({"txn":[["r",2,3],["w",1,6]]})",
                          R"({"txn":[["r",1,3],["w",1,7]]})", R"({"txn":[["r",1,[3]],["w",1,6]]})",
                          R"({"txn":[["r",1,"x"],["w",1,6]]})", R"({"txn":[7,["w",1,6]]})"}) {
    CHECK_FALSE(rw.OkValue(op, json::parse(bad)).ok());
  }
  TxnWorkload la(true, 3, 4, 16);
  Invocation aop{"txn",
                 Value::Vec({Value::Vec({Value::Keyword("append"), Value::Int(1), Value::Int(2)}),
                             Value::Vec({Value::Keyword("r"), Value::Int(1), Value()})})};
  auto lok = la.OkValue(aop, json::parse(R"({"txn":[["append",1,2],["r",1,[1,2]]]})"));
  REQUIRE(lok.ok());
  CHECK(lok->ToEdn() == "[[:append 1 2] [:r 1 [1 2]]]");
  CHECK_FALSE(la.OkValue(aop, json::parse(R"({"txn":[["append",1,2],["r",1,2]]})")).ok());
  CHECK_FALSE(la.OkValue(aop, json::parse(R"({"txn":[["append",1,2],["r",1,[1,"x"]]]})")).ok());
}

}  // namespace
}  // namespace harness
