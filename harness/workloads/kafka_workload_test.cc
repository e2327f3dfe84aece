// Proves the kafka workload of workloads.md section 7 without a node: the
// generator (messages 1, 2, 3, ... per key, retirement after
// --max-writes-per-key, assigns, crashes) and the client exchanges, driven by
// hand-written replies (assign from committed offsets, poll then
// commit_offsets, positions that advance, a crash that empties the
// assignment, a malformed poll reply) and the final phase's sequence.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "harness/workloads/kafka_workload.h"

namespace harness {
namespace {

using nlohmann::json;

// Runs an op's exchange against `replies` (one per request, in order).
Completion Drive(KafkaWorkload& w, int thread, const Invocation& op, std::vector<json> replies,
                 std::vector<json>* requests = nullptr) {
  auto ex = w.StartOp(thread, op);
  REQUIRE(ex != nullptr);
  size_t i = 0;
  while (auto req = ex->NextRequest()) {
    if (requests) requests->push_back(*req);
    REQUIRE(i < replies.size());
    ex->OnReply(replies[i++]);
  }
  Completion c = ex->Result();
  w.OnCompletion(thread, 0, op, c);
  return c;
}

TEST_CASE("kafka generator: messages 1, 2, 3 per key, keys retire after max-writes") {
  KafkaWorkload w(/*key_count=*/3, /*max_writes_per_key=*/4, /*concurrency=*/2, /*rate=*/1e9);
  Rng rng(5);
  std::map<std::string, int64_t> last;
  int sends = 0, polls = 0, assigns = 0;
  for (int i = 0; i < 20000; ++i) {
    Invocation op = w.NextOp(0, 0, rng);
    if (op.f == "send") {
      ++sends;
      const auto& mop = op.value.items()[0].items();
      const std::string& k = mop[1].as_string();
      CHECK(mop[2].as_int() == last[k] + 1);
      last[k] = mop[2].as_int();
      CHECK(last[k] <= 4);
    } else if (op.f == "poll") {
      ++polls;
    } else if (op.f == "assign") {
      ++assigns;
      CHECK(!op.value.items().empty());
    }
  }
  CHECK(sends > 9000);
  CHECK(polls > 9000);
  CHECK(assigns > 200);  // 1/64 of 20000 is 312
  CHECK(assigns < 450);
  CHECK(last.size() > 1000);  // keys keep retiring: 4 sends each
}

TEST_CASE("kafka generator: crashes at about concurrency / (30 * rate) of ops") {
  KafkaWorkload w(10, 16, /*concurrency=*/3, /*rate=*/10);  // p = 0.01
  Rng rng(6);
  int crashes = 0;
  for (int i = 0; i < 10000; ++i) crashes += w.NextOp(0, 0, rng).f == "crash";
  CHECK(crashes > 60);
  CHECK(crashes < 140);
}

TEST_CASE("kafka client: assign from committed offsets, poll advances and commits") {
  KafkaWorkload w(10, 16, 1, 10);
  Invocation assign{"assign", Value::Vec({Value::String("1"), Value::String("2")})};
  std::vector<json> reqs;
  Completion a = Drive(w, 0, assign,
                       {json{{"type", "list_committed_offsets_ok"}, {"in_reply_to", 1},
                             {"offsets", {{"1", 7}}}}},
                       &reqs);
  CHECK(a.type == OpType::kOk);
  CHECK(reqs[0] == json{{"type", "list_committed_offsets"}, {"keys", {"1", "2"}}});
  CHECK(w.positions(0) == KafkaWorkload::Positions{{"1", 7}, {"2", 0}});

  Invocation poll{"poll", Value::Vec({Value::Vec({Value::Keyword("poll")})})};
  reqs.clear();
  Completion p = Drive(w, 0, poll,
                       {json{{"type", "poll_ok"}, {"in_reply_to", 2},
                             {"msgs", {{"1", {{7, 3}, {9, 4}}}}}},
                        json{{"type", "commit_offsets_ok"}, {"in_reply_to", 3}}},
                       &reqs);
  REQUIRE(p.type == OpType::kOk);
  CHECK(p.value.ToEdn() == "[[:poll {\"1\" [[7 3] [9 4]]}]]");
  CHECK(reqs[0] == json{{"type", "poll"}, {"offsets", {{"1", 7}, {"2", 0}}}});
  CHECK(reqs[1] == json{{"type", "commit_offsets"}, {"offsets", {{"1", 9}}}});
  CHECK(w.positions(0).at("1") == 10);

  // Re-assigning keeps the local position over the committed one.
  Drive(w, 0, assign,
        {json{{"type", "list_committed_offsets_ok"}, {"in_reply_to", 4}, {"offsets", {{"1", 2}}}}});
  CHECK(w.positions(0).at("1") == 10);

  // An empty poll sends no commit.
  reqs.clear();
  Completion e = Drive(w, 0, poll, {json{{"type", "poll_ok"}, {"in_reply_to", 5}, {"msgs", json::object()}}},
                       &reqs);
  CHECK(e.type == OpType::kOk);
  CHECK(reqs.size() == 1);
  CHECK(e.value.ToEdn() == "[[:poll {}]]");
}

TEST_CASE("kafka client: send value, malformed poll, crash empties the assignment") {
  KafkaWorkload w(10, 16, 1, 10);
  Invocation send{"send", Value::Vec({Value::Vec({Value::Keyword("send"), Value::String("3"),
                                                  Value::Int(5)})})};
  CHECK(w.Request(send) == json{{"type", "send"}, {"key", "3"}, {"msg", 5}});
  auto v = w.OkValue(send, json{{"type", "send_ok"}, {"in_reply_to", 1}, {"offset", 1000}});
  REQUIRE(v.ok());
  CHECK(v->ToEdn() == "[[:send \"3\" [1000 5]]]");

  Drive(w, 0, Invocation{"assign", Value::Vec({Value::String("3")})},
        {json{{"type", "list_committed_offsets_ok"}, {"in_reply_to", 1}, {"offsets", json::object()}}});
  CHECK(w.positions(0).size() == 1);
  Invocation poll{"poll", Value::Vec({Value::Vec({Value::Keyword("poll")})})};
  Completion bad = Drive(w, 0, poll,
                         {json{{"type", "poll_ok"}, {"in_reply_to", 2}, {"msgs", {{"3", {5}}}}}});
  CHECK(bad.type == OpType::kInfo);
  REQUIRE(bad.exception.has_value());
  CHECK(bad.exception->find("MalformedReply") == 0);
  CHECK(w.positions(0).empty());  // an :info drops the client

  Drive(w, 0, Invocation{"assign", Value::Vec({Value::String("3")})},
        {json{{"type", "list_committed_offsets_ok"}, {"in_reply_to", 1}, {"offsets", json::object()}}});
  Completion crash = Drive(w, 0, Invocation{"crash", Value()}, {});
  CHECK(crash.type == OpType::kInfo);
  CHECK(w.positions(0).empty());
}

TEST_CASE("kafka final phase: crash, assign all from 0, polls until caught up") {
  KafkaWorkload w(10, 16, 1, 10);
  Invocation send{"send", Value::Vec({Value::Vec({Value::Keyword("send"), Value::String("4"),
                                                  Value::Int(1)})})};
  Completion sent;
  sent.type = OpType::kOk;
  sent.value = *w.OkValue(send, json{{"type", "send_ok"}, {"in_reply_to", 1}, {"offset", 3}});
  w.OnCompletion(0, 0, send, sent);

  Rng rng(1);
  auto crash = w.FinalOp(0);
  REQUIRE(crash.has_value());
  CHECK(crash->f == "crash");
  Drive(w, 0, *crash, {});
  auto assign = w.NextFinalOp(0, rng);
  REQUIRE(assign.has_value());
  CHECK(assign->first.f == "assign");
  CHECK(assign->first.value.ToEdn() == "[\"4\"]");
  CHECK(Drive(w, 0, assign->first, {}).type == OpType::kOk);  // seeks: no request
  CHECK(w.positions(0).at("4") == 0);
  auto poll = w.NextFinalOp(0, rng);
  REQUIRE(poll.has_value());
  CHECK(poll->first.f == "poll");
  CHECK(poll->second >= 0);
  CHECK(poll->second < 400);
  Drive(w, 0, poll->first,
        {json{{"type", "poll_ok"}, {"in_reply_to", 2}, {"msgs", {{"4", {{3, 1}}}}}},
         json{{"type", "commit_offsets_ok"}, {"in_reply_to", 3}}});
  CHECK_FALSE(w.NextFinalOp(0, rng).has_value());
}

TEST_CASE("kafka final phase: nothing seen, nothing to do") {
  KafkaWorkload w(10, 16, 1, 10);
  CHECK_FALSE(w.FinalOp(0).has_value());
}

}  // namespace
}  // namespace harness
