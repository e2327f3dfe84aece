// Proves CheckLinKv and CheckHistory apply Maelstrom's lin-kv rules to whole
// histories: pairing by process, :fail dropped, :info ops optional and
// unbounded, indeterminate reads ignored, nil reads passing, keys checked
// independently and reported in Jepsen's independent shape, a failure
// explained in words and as an SVG, an exhausted budget reported :unknown,
// and malformed input reported rather than crashing.
#include "harness/linearizability/checker.h"

#include <catch2/catch.hpp>

#include "harness/linearizability/lin_kv_checker.h"
#include "harness/linearizability/refute.h"

namespace harness::lin {
namespace {

Value I(int64_t i) { return Value::Int(i); }
Value KV(int64_t key, Value v) { return Value::Vec({I(key), std::move(v)}); }

// A history builder: each call appends one event.
struct H {
  History h;
  H& Add(OpType type, int64_t process, std::string f, Value value) {
    Op op;
    op.index = static_cast<int64_t>(h.size());
    op.type = type;
    op.process = process;
    op.f = std::move(f);
    op.value = std::move(value);
    h.push_back(std::move(op));
    return *this;
  }
  H& Invoke(int64_t p, std::string f, Value v) { return Add(OpType::kInvoke, p, std::move(f), std::move(v)); }
  H& Ok(int64_t p, std::string f, Value v) { return Add(OpType::kOk, p, std::move(f), std::move(v)); }
  H& Fail(int64_t p, std::string f, Value v) { return Add(OpType::kFail, p, std::move(f), std::move(v)); }
  H& Info(int64_t p, std::string f, Value v) { return Add(OpType::kInfo, p, std::move(f), std::move(v)); }
  // A complete op on key 0 with the same value at both ends.
  H& Write(int64_t p, int64_t v) { return Invoke(p, "write", KV(0, I(v))).Ok(p, "write", KV(0, I(v))); }
  H& Read(int64_t p, Value v) { return Invoke(p, "read", KV(0, Value())).Ok(p, "read", KV(0, std::move(v))); }
};

struct Case {
  const char* name;
  History history;
  Validity expected;
};

TEST_CASE("lin-kv rules on whole histories", "[checker]") {
  const Value cas12 = KV(0, Value::Vec({I(1), I(2)}));
  const std::vector<Case> cases = {
      {"stale read", H().Write(0, 1).Write(0, 2).Read(1, I(1)).h, Validity::kFalse},
      {"lost write (cas ok, then the old value read)",
       H().Write(0, 1).Invoke(0, "cas", cas12).Ok(0, "cas", cas12).Read(1, I(1)).h, Validity::kFalse},
      {"cas ok on a wrong value",
       H().Write(0, 3).Invoke(0, "cas", cas12).Ok(0, "cas", cas12).h, Validity::kFalse},
      {"failed cas is ignored",
       H().Write(0, 3).Invoke(0, "cas", cas12).Fail(0, "cas", cas12).Read(1, I(3)).h, Validity::kTrue},
      {"failed write is ignored even if its value is never read",
       H().Write(0, 1).Invoke(0, "write", KV(0, I(2))).Fail(0, "write", KV(0, I(2))).Read(1, I(1)).h,
       Validity::kTrue},
      {"indefinite write takes effect late",
       H().Write(0, 1).Invoke(0, "write", KV(0, I(2))).Info(0, "write", KV(0, I(2)))
           .Read(1, I(1)).Read(1, I(2)).h,
       Validity::kTrue},
      {"indefinite write never takes effect",
       H().Write(0, 1).Invoke(0, "write", KV(0, I(2))).Info(0, "write", KV(0, I(2))).Read(1, I(1)).h,
       Validity::kTrue},
      {"indefinite write cannot take effect twice",
       H().Write(0, 1).Invoke(0, "write", KV(0, I(2))).Info(0, "write", KV(0, I(2)))
           .Read(1, I(2)).Write(1, 1).Read(1, I(2)).h,
       Validity::kFalse},
      {"an op never completed is indefinite",
       H().Write(0, 1).Invoke(0, "write", KV(0, I(2))).Read(1, I(2)).h, Validity::kTrue},
      {"a timed-out read constrains nothing",
       H().Write(0, 1).Invoke(1, "read", KV(0, Value())).Info(1, "read", KV(0, Value())).h,
       Validity::kTrue},
      {"a nil read passes in any state", H().Write(0, 1).Read(1, Value()).h, Validity::kTrue},
      {"keys are independent",
       H().Invoke(0, "write", KV(1, I(1))).Ok(0, "write", KV(1, I(1))).Read(1, Value()).h,
       Validity::kTrue},
      {"empty history", History{}, Validity::kTrue},
      {"nemesis ops are ignored",
       H().Add(OpType::kInfo, kNemesisProcess, "start-partition", Value::Keyword("majority"))
           .Write(0, 1).Read(1, I(1)).h,
       Validity::kTrue},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      const CheckResult r = CheckLinKv(c.history);
      CHECK(r.valid == c.expected);
      CHECK(r.details.FindKeyword("valid?") != nullptr);
      CHECK(r.anomalies.empty() == (c.expected == Validity::kTrue));
    }
  }
}

TEST_CASE("output has Maelstrom's independent shape and a picture per failing key", "[checker]") {
  H h;
  h.Write(0, 1).Write(0, 2).Read(1, I(1));  // key 0: stale read
  h.Invoke(2, "write", KV(5, I(4))).Ok(2, "write", KV(5, I(4)));
  CheckResult r = CheckLinKv(h.h);
  REQUIRE(r.valid == Validity::kFalse);
  CHECK(*r.details.FindKeyword("valid?") == Value::Bool(false));
  CHECK(*r.details.FindKeyword("failures") == Value::Vec({I(0)}));
  const Value* results = r.details.FindKeyword("results");
  REQUIRE(results != nullptr);
  REQUIRE(results->Find(I(5)) != nullptr);
  CHECK(*results->Find(I(5))->FindKeyword("valid?") == Value::Bool(true));
  const Value* lin = results->Find(I(0))->FindKeyword("linearizable");
  REQUIRE(lin != nullptr);
  CHECK(*lin->FindKeyword("final-state") == I(2));
  CHECK(*lin->FindKeyword("op")->FindKeyword("index") == I(5));
  CHECK(r.anomalies[0].find("read 1") != std::string::npos);
  // A stale read is decided by the real-time refutation before the search,
  // and the report names its proof: the writer and the write after it.
  CHECK(*lin->FindKeyword("analyzer") == Value::Keyword("real-time-order"));
  REQUIRE(lin->FindKeyword("refutation") != nullptr);
  const Value& proof = lin->FindKeyword("refutation")->items().at(0);
  CHECK(*proof.FindKeyword("writer")->FindKeyword("index") == I(1));
  CHECK(*proof.FindKeyword("overwritten-by")->FindKeyword("index") == I(3));
  CHECK(r.anomalies[0].find("real-time order") != std::string::npos);
  CHECK(r.anomalies[1].find("write 1") != std::string::npos);

  const auto svgs = TakeLinearSvgs(&r);
  REQUIRE(svgs.size() == 1);
  CHECK(svgs[0].first == I(0));
  CHECK(svgs[0].second.rfind("<svg", 0) == 0);
  CHECK(svgs[0].second.find("process 1") != std::string::npos);
  CHECK(r.details.FindKeyword("results")->Find(I(0))->FindKeyword("linear-svg") == nullptr);
  CHECK(TakeLinearSvgs(&r).empty());
}

// 30 overlapping writes, then a read of a value that only writes invoked
// after the read (and never completed) produce: no pruning rule applies,
// so deciding it takes about 2^30 configurations. There are more such
// writes than the real-time refutation looks at (kMaxProducers), which
// would otherwise refute the read at once ("a future read").
H HardKey(int key) {
  H h;
  for (int p = 0; p < 30; ++p) h.Invoke(p, "write", KV(key, I(p)));
  for (int p = 0; p < 30; ++p) h.Ok(p, "write", KV(key, I(p)));
  h.Invoke(99, "read", KV(key, Value())).Ok(99, "read", KV(key, I(777)));
  for (int p = 0; p <= static_cast<int>(kMaxProducers); ++p) {
    h.Invoke(100 + p, "write", KV(key, I(777))).Info(100 + p, "write", KV(key, I(777)));
  }
  return h;
}

TEST_CASE("an exhausted step budget or the outer time guard yields :unknown", "[checker]") {
  CheckOptions options;
  options.max_steps_per_key = 5000;
  CheckResult r = CheckHistory(HardKey(0).h, options);
  CHECK(r.valid == Validity::kUnknown);
  CHECK(*r.details.FindKeyword("valid?") == Value::Keyword("unknown"));
  REQUIRE(r.anomalies.size() == 1);
  CHECK(r.anomalies[0].find("step budget of 5000 exceeded") != std::string::npos);

  options.max_steps_per_key = int64_t{1} << 40;
  options.time_limit = std::chrono::milliseconds(0);
  r = CheckHistory(HardKey(0).h, options);
  CHECK(r.valid == Validity::kUnknown);
  REQUIRE(r.anomalies.size() == 1);
  CHECK(r.anomalies[0].find("outer time guard") != std::string::npos);
}

TEST_CASE("a violation on any key ends the check whatever the key order", "[checker]") {
  // Key 0 is hard (undecidable in the budget's lifetime); key 1 is refuted in
  // a few steps. Key order puts the hard key first; the verdict must still
  // be false, the hard key :unknown with the reason, after about as many
  // steps as the easy key needed.
  for (bool hard_first : {true, false}) {
    H h = HardKey(hard_first ? 0 : 2);
    for (int64_t v : {1, 2}) h.Invoke(50, "write", KV(1, I(v))).Ok(50, "write", KV(1, I(v)));
    h.Invoke(51, "read", KV(1, Value())).Ok(51, "read", KV(1, I(1)));  // stale
    const CheckResult r = CheckLinKv(h.h);
    INFO("hard_first " << hard_first);
    CHECK(r.valid == Validity::kFalse);
    CHECK(*r.details.FindKeyword("failures") == Value::Vec({I(1)}));
    const Value* hard_result = r.details.FindKeyword("results")->Find(I(hard_first ? 0 : 2));
    REQUIRE(hard_result != nullptr);
    CHECK(*hard_result->FindKeyword("valid?") == Value::Keyword("unknown"));
    CHECK(hard_result->ToEdn().find("key 1 was found not linearizable first") != std::string::npos);
  }
}

TEST_CASE("malformed ops give :unknown with their :index, never a crash", "[checker]") {
  SECTION("cas value that is not [from to]") {
    H h;
    h.Write(0, 1).Invoke(0, "cas", KV(0, I(7))).Ok(0, "cas", KV(0, I(7)));
    const CheckResult r = CheckLinKv(h.h);
    CHECK(r.valid == Validity::kUnknown);
    REQUIRE(!r.anomalies.empty());
    CHECK(r.anomalies[0].find(":index 2") != std::string::npos);
  }
  SECTION("value without a key; other keys still checked") {
    H h;
    h.Invoke(0, "write", I(3)).Ok(0, "write", I(3)).Write(1, 1).Write(1, 2).Read(2, I(1));
    const CheckResult r = CheckLinKv(h.h);
    CHECK(r.valid == Validity::kFalse);
    CHECK(r.anomalies.back().find("not [key v]") != std::string::npos);
  }
  SECTION("completion without invocation") {
    H h;
    h.Ok(0, "write", KV(0, I(1)));
    CHECK(CheckLinKv(h.h).valid == Validity::kUnknown);
  }
}

TEST_CASE("kv model through CheckHistory: append order and empty start", "[checker]") {
  auto S = [](const char* s) { return Value::String(s); };
  auto KS = [&](const char* k, const char* v) { return Value::Vec({S(k), S(v)}); };
  CheckOptions options;
  options.model = ModelKind::kKv;
  H ok;
  ok.Invoke(0, "append", KS("a", "x")).Ok(0, "append", KS("a", "x"));
  ok.Invoke(0, "append", KS("a", "y")).Ok(0, "append", KS("a", "y"));
  ok.Invoke(1, "get", Value::Vec({S("a"), Value()})).Ok(1, "get", KS("a", "xy"));
  ok.Invoke(1, "get", Value::Vec({S("b"), Value()})).Ok(1, "get", KS("b", ""));
  CHECK(CheckHistory(ok.h, options).valid == Validity::kTrue);
  H bad = ok;
  bad.Invoke(1, "get", Value::Vec({S("a"), Value()})).Ok(1, "get", KS("a", "yx"));
  CHECK(CheckHistory(bad.h, options).valid == Validity::kFalse);
}

}  // namespace
}  // namespace harness::lin
