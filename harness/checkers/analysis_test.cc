// Proves Analyze dispatches on the workload (every supported name and an
// unknown one), keeps Maelstrom's results keys, merges validity as the spec
// says (false beats unknown beats true) and prefixes report lines with the
// checker that produced them, including the bench's stricter :protocol entry.
#include "harness/checkers/analysis.h"

#include <catch2/catch.hpp>

#include <random>

#include "harness/checkers/checker_util.h"
#include "harness/checkers/test_history.h"

namespace harness {
namespace {

RunFacts Facts(const char* workload) {
  RunFacts f;
  f.workload = workload;
  return f;
}

History EchoHistory(const char* reply) {
  HistoryBuilder b;
  b.Invoke(0, "echo", Value::String("hi"), 0);
  b.Ok(0, "echo", Value::Map({{Value::String("echo"), Value::String(reply)}}), 1);
  return b.history();
}

TEST_CASE("Analyze: results carry Maelstrom's keys plus :protocol, :valid? last") {
  Analysis a = Analyze(EchoHistory("hi"), {}, Facts("echo"));
  CHECK(a.valid == Validity::kTrue);
  const char* keys[] = {"perf", "timeline", "exceptions", "stats", "availability",
                        "net",  "workload", "protocol",   "valid?"};
  REQUIRE(a.results.map_size() == 9);
  for (size_t i = 0; i < 9; ++i) CHECK(a.results.map_key(i) == Kw(keys[i]));
  CHECK(*a.results.FindKeyword("valid?") == Value::Bool(true));
  CHECK_THAT(a.results.FindKeyword("perf")->FindKeyword("note")->as_string(),
             Catch::Contains("drawn by the store"));
  CHECK(a.report.empty());
}

TEST_CASE("Analyze: a broken workload makes the run invalid and reports it") {
  Analysis a = Analyze(EchoHistory("ho"), {}, Facts("echo"));
  CHECK(a.valid == Validity::kFalse);
  CHECK(*a.results.FindKeyword("valid?") == Value::Bool(false));
  REQUIRE(!a.report.empty());
  CHECK_THAT(a.report[0], Catch::StartsWith("workload: echo: op 0"));
}

TEST_CASE("Analyze: an unknown workload is :unknown with a clear error") {
  Analysis a = Analyze({}, {}, Facts("no-such-workload"));
  CHECK(a.valid == Validity::kUnknown);
  const Value& w = *a.results.FindKeyword("workload");
  CHECK(*w.FindKeyword("valid?") == Kw("unknown"));
  CHECK(w.FindKeyword("error")->as_string() == "no checker for workload no-such-workload");
}

TEST_CASE("Analyze: protocol violations invalidate a run; late replies do not") {
  RunFacts late = Facts("echo");
  late.late_replies = 3;
  Analysis ok = Analyze(EchoHistory("hi"), {}, late);
  CHECK(ok.valid == Validity::kTrue);
  CHECK(*ok.results.FindKeyword("protocol")->FindKeyword("late-replies") == Value::Int(3));

  RunFacts bad = Facts("echo");
  bad.protocol_violations = {"n1 printed a line that is not JSON: 'hello'"};
  Analysis a = Analyze(EchoHistory("hi"), {}, bad);
  CHECK(a.valid == Validity::kFalse);
  REQUIRE(a.report.size() == 1);
  CHECK(a.report[0] == "protocol: n1 printed a line that is not JSON: 'hello'");
}

TEST_CASE("Analyze: false beats unknown beats true") {
  // Unknown workload (unknown) plus a protocol violation (false) -> false.
  RunFacts f = Facts("nope");
  CHECK(Analyze({}, {}, f).valid == Validity::kUnknown);
  f.protocol_violations = {"x"};
  CHECK(Analyze({}, {}, f).valid == Validity::kFalse);
  CHECK(WorstOf(Validity::kTrue, Validity::kUnknown) == Validity::kUnknown);
  CHECK(WorstOf(Validity::kFalse, Validity::kUnknown) == Validity::kFalse);
  CHECK(ExitStatusFor(Validity::kUnknown) == 2);
  CHECK(ExitStatusFor(Validity::kFalse) == 1);
}

TEST_CASE("Analyze: each workload name reaches its checker") {
  struct Case {
    const char* workload;
    const char* add_f;
    const char* key;  // a key only that checker writes
  };
  const Case cases[] = {
      {"broadcast", "broadcast", "stable-count"},
      {"g-set", "add", "stable-count"},
      {"g-counter", "add", "acceptable"},
      {"pn-counter", "add", "acceptable"},
      {"unique-ids", "generate", "attempted-count"},
  };
  for (const Case& c : cases) {
    INFO(c.workload);
    HistoryBuilder b;
    b.Invoke(0, c.add_f, Value::Int(1), 0);
    b.Ok(0, c.add_f, Value::Int(1), 1);
    b.Invoke(0, "read", Value(), 2);
    b.Ok(0, "read", std::string(c.workload).find("counter") != std::string::npos
                        ? Value::Int(1) : Ints({1}), 3);
    b.last().final = true;
    Analysis a = Analyze(b.history(), {}, Facts(c.workload));
    CHECK(a.results.FindKeyword("workload")->FindKeyword(c.key) != nullptr);
  }
}

TEST_CASE("Analyze: lin-kv goes to the linearizability checker") {
  // write 1 then a later read of 2 on key 0 cannot be linearized.
  auto history = [](int64_t read_value) {
    HistoryBuilder b;
    b.Invoke(0, "write", Ints({0, 1}), 0);
    b.Ok(0, "write", Ints({0, 1}), 1);
    b.Invoke(1, "read", Value::Vec({Value::Int(0), Value()}), 2);
    b.Ok(1, "read", Ints({0, read_value}), 3);
    return b.history();
  };
  CHECK(Analyze(history(1), {}, Facts("lin-kv")).results.FindKeyword("workload")
            ->FindKeyword("valid?")->ToEdn() == "true");
  Analysis bad = Analyze(history(2), {}, Facts("lin-kv"));
  CHECK(bad.valid == Validity::kFalse);
}

}  // namespace
}  // namespace harness

namespace harness {
namespace {

TEST_CASE("Analyze: a Jepsen-format history.edn goes through the same checkers") {
  // A broadcast run as Maelstrom writes it, nemesis included; element 1 is
  // missing from the final read, so the run is invalid.
  const char* edn = R"({:index 0, :time 0, :type :invoke, :process :nemesis, :f :start-partition, :value :majority}
{:index 1, :time 5, :type :info, :process :nemesis, :f :start-partition, :value [:isolated {"n1" #{"n2"}}]}
{:index 2, :time 10, :type :invoke, :process 0, :f :broadcast, :value 1}
{:index 3, :time 20, :type :ok, :process 0, :f :broadcast, :value 1}
{:index 4, :time 30, :type :invoke, :process 1, :f :read, :value nil}
{:index 5, :time 40, :type :ok, :process 1, :f :read, :value [1]}
{:index 6, :time 50, :type :invoke, :process 1, :f :read, :value nil, :final? true}
{:index 7, :time 60, :type :ok, :process 1, :f :read, :value [], :final? true}
)";
  absl::StatusOr<History> h = HistoryFromEdn(edn);
  REQUIRE(h.ok());
  Analysis a = Analyze(*h, {}, Facts("broadcast"));
  CHECK(a.valid == Validity::kFalse);
  CHECK(a.results.FindKeyword("workload")->FindKeyword("lost")->ToEdn() == "[1]");
  REQUIRE(!a.report.empty());
  CHECK_THAT(a.report[0], Catch::Contains("absent from read op 6"));
}

TEST_CASE("Analyze: hostile histories never crash any checker") {
  // Completions without invocations, double invocations, negative times,
  // values of every odd shape: each workload must answer with a verdict.
  HistoryBuilder b;
  b.Ok(0, "read", Value::Map({{Kw("a"), Value()}}), -5);   // completion first
  b.Invoke(1, "add", Value::String("x"), 0);
  b.Invoke(1, "add", Value::Int(2), 1);                     // double invoke
  b.Info(1, "add", Value(), 2);
  b.Invoke(2, "broadcast", Value::Vec({Value(), Value::Map({})}), 3);
  b.Ok(2, "broadcast", Value(), 4);
  b.Invoke(3, "read", Value(), 5);
  b.Ok(3, "read", Value::Set({Value::Int(1), Value::String("1")}), 6);
  b.last().final = true;
  b.Invoke(4, "generate", Value(), 7);
  b.Ok(4, "generate", Value::Map({{Value::Int(1), Value::Int(2)}}), 8);
  b.Invoke(5, "echo", Value(), 9);
  b.Fail(5, "echo", Value(), 10);
  b.last().error = Value::Vec({Kw("crash"), Value::String("boom")});
  b.Invoke(6, "write", Value::Int(3), 11);                  // lin-kv without [k v]
  b.Info(6, "write", Value::Int(3), 12);
  b.last().exception = "java.lang.Exception: malformed reply";
  Journal journal = {{0, JournalEvent::Kind::kRecv, 7, "", ""}};
  for (const char* w : {"echo", "unique-ids", "broadcast", "g-set", "g-counter", "pn-counter",
                        "lin-kv", "", "txn-list-append"}) {
    INFO(w);
    Analysis a = Analyze(b.history(), journal, Facts(w));
    const Value* valid = a.results.FindKeyword("valid?");
    REQUIRE(valid != nullptr);
    CHECK(*valid == ValidityValue(a.valid));
  }
}

TEST_CASE("Analyze: the empty history") {
  for (const char* w : {"echo", "unique-ids", "broadcast", "g-set", "g-counter", "lin-kv"}) {
    INFO(w);
    Analysis a = Analyze({}, {}, Facts(w));
    CHECK(*a.results.FindKeyword("availability")->FindKeyword("ok-fraction") == Value::Double(1));
    CHECK(a.results.FindKeyword("net")->FindKeyword("all")->FindKeyword("msgs-per-op") == nullptr);
  }
  // Set-full with nothing stable is :unknown; a counter with no final read is valid.
  CHECK(Analyze({}, {}, Facts("broadcast")).valid == Validity::kUnknown);
  CHECK(Analyze({}, {}, Facts("g-counter")).results.FindKeyword("workload")
            ->FindKeyword("acceptable")->ToEdn() == "[[0 0]]");
}

}  // namespace
}  // namespace harness

namespace harness {
namespace {

Value RandomValue(std::mt19937_64& rng, int depth) {
  switch (rng() % (depth > 2 ? 6 : 9)) {
    case 0: return Value();
    case 1: return Value::Int(static_cast<int64_t>(rng() % 7) - 2);
    case 2: return Value::Int(static_cast<int64_t>(rng()));  // huge, overflow bait
    case 3: return Value::Double(0.5 * static_cast<double>(rng() % 5));
    case 4: return Value::String(rng() % 2 ? "1" : "");
    case 5: return Value::Keyword("k");
    case 6: return Value::Vec({RandomValue(rng, depth + 1), RandomValue(rng, depth + 1)});
    case 7: return Value::Set({RandomValue(rng, depth + 1), RandomValue(rng, depth + 1)});
    default: return Value::Map({{RandomValue(rng, depth + 1), RandomValue(rng, depth + 1)}});
  }
}

TEST_CASE("Analyze: random garbage histories get a verdict from every workload") {
  const char* fs[] = {"read", "add", "broadcast", "generate", "echo", "write", "cas", "x"};
  const char* workloads[] = {"echo", "unique-ids", "broadcast", "g-set", "g-counter", "lin-kv"};
  std::mt19937_64 rng(42);
  for (int round = 0; round < 300; ++round) {
    HistoryBuilder b;
    const int n = static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) {
      OpType type = static_cast<OpType>(rng() % 4);
      int64_t process = rng() % 8 == 0 ? kNemesisProcess : static_cast<int64_t>(rng() % 4);
      b.Add(type, process, fs[rng() % 8], RandomValue(rng, 0), static_cast<double>(rng() % 100));
      b.last().final = rng() % 3 == 0;
      if (rng() % 5 == 0) b.last().exception = rng() % 2 ? "a: b" : ":";
    }
    for (const char* w : workloads) {
      INFO("round " << round << " workload " << w);
      Analysis a = Analyze(b.history(), {}, Facts(w));
      REQUIRE(a.results.FindKeyword("valid?") != nullptr);
    }
  }
}

}  // namespace
}  // namespace harness
