// Proves LinKvNode's contract (linkv_node.h) against a linearizable fake
// lin-kv: offsets are the log's length at a winning CAS, a lost race is
// retried on fresh state, a CAS that times out is reported indefinite and
// never retried (a retry could append the message twice), polls slice the
// log, commits are a max-register refusing keys without messages, and bad
// input gets a clear error.
#include "nodes/kafka/linkv_node.h"

#include <catch2/catch.hpp>
#include <functional>
#include <map>

#include "runtime/test_support.h"

namespace kafka {
namespace {

using runtime::Json;
using runtime::Message;
using namespace std::chrono_literals;

struct Rig {
  runtime::TestNode t;
  LinKvNode node{t.node};
  std::map<Json, Json> kv;
  std::map<int64_t, Json> replies;
  int64_t next_id = 0;
  int64_t kv_requests = 0;
  // Lets a test answer (or drop: return null) a lin-kv request itself.
  std::function<Json(const Json& request)> intercept;

  Rig() { t.Init("n0", {"n0"}); }

  Json Serve(const Json& b) {
    const Json& key = b.at("key");
    auto it = kv.find(key);
    const std::string type = b.at("type");
    if (type == "read") {
      if (it == kv.end()) return Json{{"type", "error"}, {"code", 20}};
      return Json{{"type", "read_ok"}, {"value", it->second}};
    }
    if (type == "cas") {
      if (it == kv.end()) {
        if (!b.value("create_if_not_exists", false)) return Json{{"type", "error"}, {"code", 20}};
      } else if (it->second != b.at("from")) {
        return Json{{"type", "error"}, {"code", 22}};
      }
      kv[key] = b.at("to");
      return Json{{"type", "cas_ok"}};
    }
    return Json{{"type", "error"}, {"code", 10}};
  }

  void Pump(runtime::Duration d = 2s) {
    for (runtime::Duration spent{}; spent <= d; spent += 1ms) {
      for (bool moved = true; moved;) {
        moved = false;
        for (Message& m : t.Sent()) {
          moved = true;
          if (m.dest != "lin-kv") {
            replies[m.body.at("in_reply_to").get<int64_t>()] = m.body;
            continue;
          }
          ++kv_requests;
          Json reply = intercept ? intercept(m.body) : Serve(m.body);
          if (reply.is_null()) continue;
          reply["in_reply_to"] = m.body.at("msg_id");
          t.Deliver("lin-kv", reply);
        }
      }
      t.Advance(1ms);
    }
  }

  Json Call(Json body) {
    body["msg_id"] = ++next_id;
    int64_t id = next_id;
    t.Deliver("c1", body);
    Pump();
    REQUIRE(replies.count(id));
    return replies[id];
  }
};

Json Send(const std::string& key, Json msg) { return Json{{"type", "send"}, {"key", key}, {"msg", std::move(msg)}}; }

TEST_CASE("linkv: offsets are the log length at the winning CAS; polls slice the log") {
  Rig r;
  CHECK(r.Call(Send("k", 10)).at("offset") == 0);
  CHECK(r.Call(Send("k", 11)).at("offset") == 1);
  CHECK(r.Call(Send("j", 12)).at("offset") == 0);
  CHECK(r.kv.at("log/k") == Json::array({10, 11}));
  Json p = r.Call(Json{{"type", "poll"}, {"offsets", {{"k", 1}, {"j", 0}, {"none", 0}}}});
  CHECK(p.at("msgs") == Json{{"k", {{1, 11}}}, {"j", {{0, 12}}}});
}

TEST_CASE("linkv: a lost race is retried on fresh state") {
  Rig r;
  CHECK(r.Call(Send("k", 1)).at("offset") == 0);
  bool raced = false;
  r.intercept = [&](const Json& b) {
    if (b.at("type") == "cas" && !raced) {
      raced = true;
      r.kv[Json("log/k")] = Json::array({1, 99});  // another node appended first
    }
    return r.Serve(b);
  };
  CHECK(r.Call(Send("k", 2)).at("offset") == 2);
  CHECK(r.kv.at("log/k") == Json::array({1, 99, 2}));
}

TEST_CASE("linkv: a CAS that times out is indefinite and never retried") {
  Rig r;
  int cas_count = 0;
  r.intercept = [&](const Json& b) {
    if (b.at("type") == "cas") {
      ++cas_count;
      return Json();  // lost: the client times out
    }
    return r.Serve(b);
  };
  Json e = r.Call(Send("k", 1));
  CHECK(e.at("type") == "error");
  CHECK(e.at("code") == runtime::kTimeout);
  CHECK(cas_count == 1);
}

TEST_CASE("linkv: commits are a max-register; unknown keys and bad input are refused") {
  Rig r;
  r.Call(Send("k", 1));
  r.Call(Send("k", 2));
  CHECK(r.Call(Json{{"type", "commit_offsets"}, {"offsets", {{"k", 1}}}}).at("type") == "commit_offsets_ok");
  CHECK(r.Call(Json{{"type", "commit_offsets"}, {"offsets", {{"k", 0}}}}).at("type") == "commit_offsets_ok");
  CHECK(r.Call(Json{{"type", "list_committed_offsets"}, {"keys", {"k", "x"}}}).at("offsets") == Json{{"k", 1}});
  Json e = r.Call(Json{{"type", "commit_offsets"}, {"offsets", {{"x", 0}}}});
  CHECK(e.at("code") == runtime::kKeyDoesNotExist);
  e = r.Call(Json{{"type", "commit_offsets"}, {"offsets", {{"k", 7}}}});
  CHECK(e.at("code") == runtime::kKeyDoesNotExist);
  e = r.Call(Json{{"type", "poll"}, {"offsets", {{"k", "0"}}}});
  CHECK(e.at("code") == runtime::kMalformedRequest);
  e = r.Call(Json{{"type", "send"}, {"msg", 1}});
  CHECK(e.at("code") == runtime::kMalformedRequest);
  CHECK(r.Call(Send("k", 3)).at("offset") == 2);
}

}  // namespace
}  // namespace kafka
