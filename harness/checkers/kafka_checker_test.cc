// Proves CheckKafka (Jepsen's kafka analysis, workloads.md section 7) on
// hand-made histories: a clean history is valid, and each broken one is
// invalid with exactly the error type it plants, by name, quoting the ops
// that show it. Table-driven: one row per anomaly the checker claims, plus
// rows that must stay valid (assign resets poll order, an :info send that
// nobody read is not lost, sparse offsets are no skip).
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "harness/checkers/kafka_checker.h"
#include "harness/checkers/test_history.h"

namespace harness {
namespace {

Value Mop(const char* f, std::vector<Value> rest) {
  std::vector<Value> v = {Value::Keyword(f)};
  for (auto& x : rest) v.push_back(std::move(x));
  return Value::Vec({Value::Vec(std::move(v))});
}

struct Pairs {
  std::string key;
  std::vector<std::pair<int64_t, int64_t>> pairs;  // (offset, msg)
};

// A tiny DSL over HistoryBuilder for kafka ops, each invoke + completion.
class K {
 public:
  // An ok send of msg to key at offset, by process p, invoked at t ms and
  // completed 1 ms later.
  K& Send(int64_t p, const std::string& key, int64_t msg, int64_t offset, double t) {
    b_.Invoke(p, "send", Mop("send", {Value::String(key), Value::Int(msg)}), t);
    b_.Ok(p, "send", Mop("send", {Value::String(key), Value::Vec({Value::Int(offset), Value::Int(msg)})}),
          t + 1);
    return *this;
  }
  K& SendEnds(OpType type, int64_t p, const std::string& key, int64_t msg, double t) {
    b_.Invoke(p, "send", Mop("send", {Value::String(key), Value::Int(msg)}), t);
    b_.Add(type, p, "send", Mop("send", {Value::String(key), Value::Int(msg)}), t + 1);
    return *this;
  }
  K& Poll(int64_t p, const std::vector<Pairs>& msgs, double t, double duration = 1) {
    std::vector<std::pair<Value, Value>> m;
    for (const Pairs& ps : msgs) {
      std::vector<Value> pairs;
      for (auto [o, v] : ps.pairs) pairs.push_back(Value::Vec({Value::Int(o), Value::Int(v)}));
      m.emplace_back(Value::String(ps.key), Value::Vec(std::move(pairs)));
    }
    b_.Invoke(p, "poll", Mop("poll", {}), t);
    b_.Ok(p, "poll", Mop("poll", {Value::Map(std::move(m))}), t + duration);
    return *this;
  }
  K& Assign(int64_t p, std::vector<std::string> keys, double t) {
    std::vector<Value> v;
    for (auto& k : keys) v.push_back(Value::String(k));
    b_.Invoke(p, "assign", Value::Vec(v), t);
    b_.Ok(p, "assign", Value::Vec(v), t + 1);
    return *this;
  }
  const History& history() const { return b_.history(); }

 private:
  HistoryBuilder b_;
};

struct Case {
  const char* name;
  std::function<void(K&)> build;
  std::vector<std::string> want;  // :error-types, sorted; empty = valid
};

std::vector<std::string> ErrorTypes(const CheckResult& r) {
  std::vector<std::string> out;
  for (const Value& v : r.details.FindKeyword("error-types")->items()) out.push_back(v.as_string());
  return out;
}

TEST_CASE("kafka checker: each planted anomaly is found by name, clean ones pass") {
  std::vector<Case> cases = {
      {"clean: two sends polled in order by two processes",
       [](K& k) {
         k.Send(0, "1", 1, 0, 0).Send(0, "1", 2, 1, 10);
         k.Poll(1, {{"1", {{0, 1}, {1, 2}}}}, 20).Poll(2, {{"1", {{0, 1}}}}, 30);
         k.Poll(2, {{"1", {{1, 2}}}}, 40);
       },
       {}},
      {"clean: sparse offsets are not skips",
       [](K& k) {
         k.Send(0, "1", 1, 10, 0).Send(0, "1", 2, 20, 10);
         k.Poll(1, {{"1", {{10, 1}}}}, 20).Poll(1, {{"1", {{20, 2}}}}, 30);
       },
       {}},
      {"clean: an assign forgets the previous position (re-reading from 0)",
       [](K& k) {
         k.Send(0, "1", 1, 0, 0).Send(0, "1", 2, 1, 10);
         k.Poll(1, {{"1", {{0, 1}, {1, 2}}}}, 20).Assign(1, {"2"}, 30).Assign(1, {"1"}, 40);
         k.Poll(1, {{"1", {{0, 1}, {1, 2}}}}, 50);
       },
       {}},
      {"clean: an :info send nobody read is not lost",
       [](K& k) {
         k.SendEnds(OpType::kInfo, 0, "1", 1, 0).Send(2, "1", 2, 1, 10);
         k.Poll(1, {{"1", {{1, 2}}}}, 20);
       },
       {}},
      {"inconsistent-offsets: offset 0 holds two messages",
       [](K& k) {
         k.Send(0, "1", 1, 0, 0).Send(0, "1", 2, 0, 10);
         k.Poll(1, {{"1", {{0, 1}}}}, 20).Poll(2, {{"1", {{0, 2}}}}, 30);
       },
       {"inconsistent-offsets"}},
      {"duplicate: one message at two offsets",
       [](K& k) {
         k.Send(0, "1", 1, 0, 0);
         k.Poll(1, {{"1", {{0, 1}, {1, 1}}}}, 20);
       },
       {"duplicate", "int-nonmonotonic-poll"}},
      {"lost-write: acknowledged at offset 0, polls read offset 1 only",
       [](K& k) {
         k.Send(0, "1", 1, 0, 0).Send(0, "1", 2, 1, 10);
         k.Poll(1, {{"1", {{1, 2}}}}, 20);
       },
       {"lost-write", "unseen"}},
      {"unseen: acknowledged, never polled, nothing later read",
       [](K& k) {
         k.Send(0, "1", 1, 0, 0).Send(0, "2", 1, 0, 5);
         k.Poll(1, {{"2", {{0, 1}}}}, 20);
       },
       {"unseen"}},
      {"G1a: a poll returns a message whose send failed",
       [](K& k) {
         k.SendEnds(OpType::kFail, 0, "1", 1, 0);
         k.Poll(1, {{"1", {{0, 1}}}}, 20);
       },
       {"G1a"}},
      {"unknown-message: a poll returns a message no op sent",
       [](K& k) { k.Poll(1, {{"1", {{0, 99}}}}, 20); },
       {"unknown-message"}},
      {"int-poll-skip: one poll jumps over offset 1",
       [](K& k) {
         k.Send(0, "1", 1, 0, 0).Send(0, "1", 2, 1, 5).Send(0, "1", 3, 2, 10);
         k.Poll(1, {{"1", {{0, 1}, {1, 2}, {2, 3}}}}, 20);
         k.Poll(2, {{"1", {{0, 1}, {2, 3}}}}, 30);
       },
       {"int-poll-skip"}},
      {"int-nonmonotonic-poll: one poll goes backwards",
       [](K& k) {
         k.Send(0, "1", 1, 0, 0).Send(0, "1", 2, 1, 5);
         k.Poll(1, {{"1", {{1, 2}, {0, 1}}}}, 20);
       },
       {"int-nonmonotonic-poll"}},
      {"poll-skip: the next poll of a process skips offset 1",
       [](K& k) {
         k.Send(0, "1", 1, 0, 0).Send(0, "1", 2, 1, 5).Send(0, "1", 3, 2, 10);
         k.Poll(1, {{"1", {{0, 1}}}}, 20).Poll(1, {{"1", {{2, 3}}}}, 30);
         k.Poll(2, {{"1", {{0, 1}, {1, 2}, {2, 3}}}}, 40);
       },
       {"poll-skip"}},
      {"nonmonotonic-poll: the next poll of a process starts over",
       [](K& k) {
         k.Send(0, "1", 1, 0, 0).Send(0, "1", 2, 1, 5);
         k.Poll(1, {{"1", {{0, 1}, {1, 2}}}}, 20).Poll(1, {{"1", {{0, 1}, {1, 2}}}}, 30);
       },
       {"nonmonotonic-poll"}},
      {"nonmonotonic-send: a process's second send lands below its first",
       [](K& k) {
         k.Send(0, "1", 1, 5, 0).Send(0, "1", 2, 3, 10);
         k.Poll(1, {{"1", {{3, 2}, {5, 1}}}}, 20);
       },
       {"nonmonotonic-send"}},
      {"G1c-realtime: a poll returns a message sent only after it completed",
       [](K& k) {
         k.Poll(1, {{"1", {{0, 1}}}}, 0);
         k.Send(0, "1", 1, 0, 10);
       },
       {"G1c-realtime"}},
      {"G1c-process: one process polls a message before sending it",
       [](K& k) {
         // Overlapping other ops keep realtime out of it? No: the same
         // process orders them, and process edges are found first.
         k.Poll(0, {{"1", {{0, 1}}}}, 0);
         k.Send(0, "1", 1, 0, 10);
       },
       {"G1c-process"}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    K k;
    c.build(k);
    CheckResult r = CheckKafka(k.history());
    CHECK(ErrorTypes(r) == c.want);
    CHECK(r.valid == (c.want.empty() ? Validity::kTrue : Validity::kFalse));
    CHECK(r.anomalies.empty() == c.want.empty());
    for (const std::string& type : c.want) {
      if (type == "unseen") continue;
      const Value* e = r.details.FindKeyword(type);
      REQUIRE(e != nullptr);
      CHECK(e->FindKeyword("count")->as_int() >= 1);
      // The report names the type and an op.
      bool named = false;
      for (const auto& line : r.anomalies) {
        named = named || (line.rfind(type + ": ", 0) == 0 && line.find("op ") != std::string::npos);
      }
      CHECK(named);
    }
  }
}

TEST_CASE("kafka checker: unseen lists the messages per key; lost-write quotes writer and reader") {
  K k;
  k.Send(0, "1", 1, 0, 0).Send(0, "1", 2, 1, 10).Send(0, "7", 4, 0, 12);
  k.Poll(1, {{"1", {{1, 2}}}}, 20);
  CheckResult r = CheckKafka(k.history());
  const Value* unseen = r.details.FindKeyword("unseen");
  REQUIRE(unseen != nullptr);
  CHECK(unseen->FindKeyword("unseen")->ToEdn() == "{\"1\" 1, \"7\" 1}");
  CHECK(unseen->FindKeyword("messages")->ToEdn() == "{\"1\" [1], \"7\" [4]}");
  const Value& lost = r.details.FindKeyword("lost-write")->FindKeyword("errs")->items()[0];
  CHECK(lost.FindKeyword("value")->as_int() == 1);
  CHECK(lost.FindKeyword("max-read-index")->as_int() == 1);
  CHECK(lost.FindKeyword("writer")->FindKeyword("index")->as_int() == 1);
  CHECK(lost.FindKeyword("max-read")->FindKeyword("index")->as_int() == 7);
}

TEST_CASE("kafka checker: a cycle comes with Elle's explanation") {
  K k;
  k.Poll(1, {{"1", {{0, 1}}}}, 0);
  k.Send(0, "1", 1, 0, 10);
  CheckResult r = CheckKafka(k.history());
  const Value& c = r.details.FindKeyword("G1c-realtime")->FindKeyword("errs")->items()[0];
  std::string text = c.FindKeyword("explanation")->ToEdn();
  CHECK(text.find("which T2 polled") != std::string::npos);
  CHECK(text.find("completed before") != std::string::npos);
}

TEST_CASE("kafka checker: garbage values and an empty history never crash") {
  HistoryBuilder b;
  b.Invoke(0, "poll", Value::Int(3), 0);
  b.Ok(0, "poll", Value::Vec({Value::Vec({Value::Keyword("poll"), Value::Int(1)})}), 1);
  b.Invoke(1, "send", Value(), 2);
  b.Ok(1, "send", Value::Vec({Value::Vec({Value::Keyword("send"), Value::Int(3)})}), 3);
  b.Invoke(2, "assign", Value::Keyword("x"), 4);
  b.Invoke(3, "send", Mop("send", {Value::String("1"), Value::Int(1)}), 5);  // never completed
  CHECK(CheckKafka(b.history()).valid == Validity::kTrue);
  CHECK(CheckKafka(History{}).valid == Validity::kTrue);
}

}  // namespace
}  // namespace harness
