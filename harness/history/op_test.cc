// Proves ops print as Maelstrom's history.edn and history.txt lines, and that
// Jepsen's own history lines (nemesis processes, exceptions as maps, missing
// :index/:time, tagged records) read back into the same ops, with bad entries
// rejected by a status naming the problem.
#include "harness/history/op.h"

#include <catch2/catch.hpp>

namespace harness {
namespace {

Op MakeOp(int64_t index, int64_t time_ns, OpType type, int64_t process, std::string f,
          Value value) {
  Op op;
  op.index = index;
  op.time_ns = time_ns;
  op.type = type;
  op.process = process;
  op.f = std::move(f);
  op.value = std::move(value);
  return op;
}

TEST_CASE("OpTypeName and OpTypeFromName are inverse", "[op]") {
  for (OpType t : {OpType::kInvoke, OpType::kOk, OpType::kFail, OpType::kInfo}) {
    CHECK(OpTypeFromName(OpTypeName(t)) == t);
  }
  CHECK(OpTypeName(OpType::kInfo) == "info");
  CHECK_FALSE(OpTypeFromName("done").has_value());
}

TEST_CASE("OpToEdn and OpToText print Maelstrom's history lines", "[op]") {
  Op read = MakeOp(0, 123, OpType::kInvoke, 0, "read", Value());
  CHECK(OpToEdn(read) == "{:index 0, :time 123, :type :invoke, :process 0, :f :read, :value nil}");
  CHECK(OpToText(read) == "0\t:invoke\t:read\tnil");

  Op cas = MakeOp(7, 900, OpType::kFail, 3, "cas",
                  Value::Vec({Value::Int(0), Value::Vec({Value::Int(1), Value::Int(2)})}));
  cas.error = Value::Vec({Value::Keyword("precondition-failed"), Value::String("expected 1")});
  CHECK(OpToEdn(cas) ==
        "{:index 7, :time 900, :type :fail, :process 3, :f :cas, :value [0 [1 2]], "
        ":error [:precondition-failed \"expected 1\"]}");
  CHECK(OpToText(cas) == "3\t:fail\t:cas\t[0 [1 2]]\t[:precondition-failed \"expected 1\"]");

  Op nem =
      MakeOp(2, 5, OpType::kInfo, kNemesisProcess, "start-partition", Value::Keyword("majority"));
  CHECK(
      OpToEdn(nem) ==
      "{:index 2, :time 5, :type :info, :process :nemesis, :f :start-partition, :value :majority}");
  CHECK(OpToText(nem) == ":nemesis\t:info\t:start-partition\t:majority");

  Op info = MakeOp(9, 10, OpType::kInfo, 1, "echo", Value::String("x"));
  info.error = Value::Keyword("net-timeout");
  info.exception = "malformed-reply: extra key \"foo\"";
  Op final_read = MakeOp(10, 11, OpType::kOk, 4, "read", Value::Vec({}));
  final_read.final = true;
  CHECK(OpToEdn(info) ==
        "{:index 9, :time 10, :type :info, :process 1, :f :echo, :value \"x\", "
        ":error :net-timeout, :exception \"malformed-reply: extra key \\\"foo\\\"\"}");
  CHECK(OpToEdn(final_read) ==
        "{:index 10, :time 11, :type :ok, :process 4, :f :read, :value [], :final? true}");
}

TEST_CASE("OpFromEdn(OpToEdn(op)) gives the op back", "[op][roundtrip]") {
  Op a = MakeOp(4, 77, OpType::kOk, 12, "add", Value::Int(-3));
  Op b = MakeOp(5, 78, OpType::kInfo, kNemesisProcess, "stop-partition",
                Value::Keyword("network-healed"));
  Op c = MakeOp(6, 79, OpType::kInfo, 2, "broadcast", Value::Int(17));
  c.error = Value::Vec({Value::Keyword("crash"), Value::String("boom")});
  c.exception = "timeout: no reply";
  c.final = true;
  for (const Op& op : {a, b, c}) {
    std::string edn = OpToEdn(op);
    CAPTURE(edn);
    absl::StatusOr<Value> v = Value::ParseEdn(edn);
    REQUIRE(v.ok());
    absl::StatusOr<Op> back = OpFromEdn(*v);
    REQUIRE(back.ok());
    CHECK(OpToEdn(*back) == edn);
  }
}

TEST_CASE("OpFromEdn reads Jepsen's own history lines", "[op]") {
  const char* line =
      "#jepsen.history.Op{:index 3, :time 1500, :type :info, :process 1, :f :read, "
      ":value nil, :exception {:via [{:type java.net.SocketTimeoutException, "
      ":message \"Read timed out\", :at [java.net.SocketInputStream socketRead0 "
      "\"SocketInputStream.java\" -2]}], :trace [], :cause \"Read timed out\"}, "
      ":error \"indeterminate: Read timed out\"}";
  absl::StatusOr<Value> v = Value::ParseEdn(line);
  REQUIRE(v.ok());
  absl::StatusOr<Op> op = OpFromEdn(*v);
  REQUIRE(op.ok());
  CHECK(op->index == 3);
  CHECK(op->time_ns == 1500);
  CHECK(op->type == OpType::kInfo);
  CHECK(op->process == 1);
  CHECK(op->f == "read");
  CHECK(op->value.is_nil());
  REQUIRE(op->exception.has_value());
  CHECK(*op->exception == "java.net.SocketTimeoutException: Read timed out");
  CHECK(op->error->as_string() == "indeterminate: Read timed out");

  absl::StatusOr<Op> nem = OpFromEdn(*Value::ParseEdn("{:type :info :f :start :process :nemesis}"));
  REQUIRE(nem.ok());
  CHECK_FALSE(nem->is_client());
  CHECK(nem->index == 0);
  CHECK(nem->time_ns == 0);
}

TEST_CASE("OpFromEdn rejects entries it cannot read", "[op][hostile]") {
  const char* bad[] = {
      "[1 2]",
      "{:f :read :process 0}",
      "{:type :done :f :read :process 0}",
      "{:type \"ok\" :f :read :process 0}",
      "{:type :ok :process 0}",
      "{:type :ok :f 3 :process 0}",
      "{:type :ok :f :read}",
      "{:type :ok :f :read :process \"p\"}",
      "{:type :ok :f :read :process -1}",
      "{:type :ok :f :read :process 0 :index 1.5}",
      "{:type :ok :f :read :process 0 :time \"t\"}",
  };
  for (const char* in : bad) {
    CAPTURE(in);
    absl::StatusOr<Value> v = Value::ParseEdn(in);
    REQUIRE(v.ok());
    CHECK_FALSE(OpFromEdn(*v).ok());
  }
}

TEST_CASE("HistoryFromEdn reads a file of op maps or one vector of them", "[op]") {
  const char* lines =
      "{:type :invoke, :f :read, :value nil, :process 0, :time 1}\n"
      "{:type :ok, :f :read, :value [1 2], :process 0, :time 2}\n";
  absl::StatusOr<History> h = HistoryFromEdn(lines);
  REQUIRE(h.ok());
  REQUIRE(h->size() == 2);
  CHECK((*h)[1].index == 1);  // missing :index -> position
  CHECK((*h)[1].value.ToEdn() == "[1 2]");

  absl::StatusOr<History> vec = HistoryFromEdn(
      "[{:index 10 :type :invoke :f :add :value 1 :process 0}"
      " {:index 11 :type :ok :f :add :value 1 :process 0}]");
  REQUIRE(vec.ok());
  CHECK((*vec)[0].index == 10);

  absl::StatusOr<History> bad = HistoryFromEdn("{:type :invoke :f :x :process 0}\n{:type :ok}");
  REQUIRE_FALSE(bad.ok());
  CHECK(std::string(bad.status().message()).find("entry 1") != std::string::npos);
  CHECK_FALSE(HistoryFromEdn("{:type").ok());
  CHECK(HistoryFromEdn("")->empty());
}

}  // namespace
}  // namespace harness
