// Proves the services answer as harness/docs/services.md describes: lin-kv's key/value
// semantics and error codes (table-driven), seq-kv's staleness rules
// (monotonic per caller, read-your-writes, stale reads and stale cas
// failures do happen, updates build on the newest state), lww-kv's two
// divergent replicas, lin-tso's counter.
#include "harness/services/kv_services.h"

#include <catch2/catch.hpp>

namespace harness {
namespace {

using nlohmann::json;

TEST_CASE("lin-kv read/write/cas semantics and error codes") {
  LinKv kv;
  struct Step {
    json request;
    json reply;
  } steps[] = {
      {{{"type", "read"}, {"key", 1}}, {{"type", "error"}, {"code", 20}, {"text", "key does not exist"}}},
      {{{"type", "cas"}, {"key", 1}, {"from", 1}, {"to", 2}},
       {{"type", "error"}, {"code", 20}, {"text", "key does not exist"}}},
      {{{"type", "write"}, {"key", 1}, {"value", 3}}, {{"type", "write_ok"}}},
      {{{"type", "read"}, {"key", 1}}, {{"type", "read_ok"}, {"value", 3}}},
      {{{"type", "read"}, {"key", "1"}}, {{"type", "error"}, {"code", 20}, {"text", "key does not exist"}}},
      {{{"type", "cas"}, {"key", 1}, {"from", 4}, {"to", 5}},
       {{"type", "error"}, {"code", 22}, {"text", "current value 3 is not 4"}}},
      {{{"type", "cas"}, {"key", 1}, {"from", 3.0}, {"to", 5}},
       {{"type", "error"}, {"code", 22}, {"text", "current value 3 is not 3.0"}}},
      {{{"type", "cas"}, {"key", 1}, {"from", 3}, {"to", 5}}, {{"type", "cas_ok"}}},
      {{{"type", "cas"}, {"key", 2}, {"from", 0}, {"to", 7}, {"create_if_not_exists", true}},
       {{"type", "cas_ok"}}},
      {{{"type", "read"}, {"key", 2}}, {{"type", "read_ok"}, {"value", 7}}},
  };
  for (const auto& s : steps) {
    INFO(s.request.dump());
    auto r = kv.Handle("n1", s.request);
    REQUIRE(r.ok());
    CHECK(*r == s.reply);
  }
  CHECK_FALSE(kv.Handle("n1", {{"type", "frob"}, {"key", 1}}).ok());
  CHECK_FALSE(kv.Handle("n1", {{"type", "read"}}).ok());
  CHECK_FALSE(kv.Handle("n1", json::array()).ok());
}

TEST_CASE("seq-kv: updates build on the newest state and the writer reads its write") {
  SeqKv kv(Rng(3));
  for (int v = 1; v <= 100; ++v) {
    REQUIRE(kv.Handle("n1", {{"type", "write"}, {"key", "k"}, {"value", v}}).ok());
    auto r = kv.Handle("n1", {{"type", "read"}, {"key", "k"}});
    REQUIRE(r.ok());
    CHECK((*r)["value"] == v);
  }
  CHECK(kv.latest_index() == 100);
}

TEST_CASE("seq-kv: another caller reads stale values, never going backwards") {
  SeqKv kv(Rng(5));
  for (int v = 1; v <= 20; ++v) {
    REQUIRE(kv.Handle("n1", {{"type", "write"}, {"key", "k"}, {"value", v}}).ok());
  }
  int last = -1;
  bool saw_stale = false;
  for (int i = 0; i < 200; ++i) {
    auto r = kv.Handle("n2", {{"type", "read"}, {"key", "k"}});
    REQUIRE(r.ok());
    int v = (*r)["type"] == "error" ? 0 : (*r)["value"].get<int>();
    CHECK(v >= last);  // per-caller monotonic
    if (v < 20) saw_stale = true;
    last = v;
  }
  CHECK(saw_stale);
  CHECK(last == 20);  // repeated reads converge
}

TEST_CASE("seq-kv: a cas can fail against a stale value the latest state would accept") {
  bool saw_stale_failure = false;
  for (uint64_t seed = 0; seed < 20 && !saw_stale_failure; ++seed) {
    SeqKv kv{Rng(seed)};
    for (int v = 1; v <= 10; ++v) {
      REQUIRE(kv.Handle("n1", {{"type", "write"}, {"key", "k"}, {"value", v}}).ok());
    }
    auto r = kv.Handle("n2", {{"type", "cas"}, {"key", "k"}, {"from", 10}, {"to", 11}});
    REQUIRE(r.ok());
    if ((*r)["type"] == "error") saw_stale_failure = true;
  }
  CHECK(saw_stale_failure);
}

TEST_CASE("seq-kv: a write equal to a visible past value is acknowledged without an update") {
  SeqKv kv(Rng(1));
  REQUIRE(kv.Handle("n1", {{"type", "write"}, {"key", "k"}, {"value", 1}}).ok());
  int64_t before = kv.latest_index();
  // n1 has seen the newest state, which already holds 1: nothing to append.
  REQUIRE(*kv.Handle("n1", {{"type", "write"}, {"key", "k"}, {"value", 1}}) ==
          json{{"type", "write_ok"}});
  CHECK(kv.latest_index() == before);
}

TEST_CASE("lww-kv: two replicas diverge and cas ignores create_if_not_exists") {
  LwwKv kv(Rng(11));
  auto created = kv.Handle("n1", {{"type", "cas"}, {"key", 1}, {"from", 0}, {"to", 1},
                                  {"create_if_not_exists", true}});
  REQUIRE(created.ok());
  CHECK((*created)["code"] == 20);
  REQUIRE(kv.Handle("n1", {{"type", "write"}, {"key", 1}, {"value", 1}}).ok());
  int missing = 0, present = 0;
  for (int i = 0; i < 100; ++i) {
    auto r = kv.Handle("n1", {{"type", "read"}, {"key", 1}});
    REQUIRE(r.ok());
    ((*r)["type"] == "error" ? missing : present)++;
  }
  CHECK(missing > 0);  // the other replica never hears of the write
  CHECK(present > 0);
}

TEST_CASE("lin-tso counts from 0 and ignores other requests") {
  LinTso tso;
  CHECK((*tso.Handle("n1", {{"type", "ts"}}))["ts"] == 0);
  CHECK((*tso.Handle("n2", {{"type", "ts"}}))["ts"] == 1);
  CHECK_FALSE(tso.Handle("n1", {{"type", "read"}}).ok());
}

}  // namespace
}  // namespace harness
