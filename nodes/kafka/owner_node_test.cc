// Proves OwnerNode's contract (owner_node.h) on KafkaClusterSim: a send is
// acknowledged only after its record is synced, with one group commit per
// turn; offsets are dense per key and keep growing across a crash; a send
// to a non-owner costs exactly one forwarded round trip, and fails
// indefinitely when the owner goes silent, definitely once it is suspected;
// polls anywhere return contiguous runs that start at the requested offset,
// replicas catch up after partitions, pauses and crashes; commits spread;
// bad input gets a clear error and the node keeps serving. A seeded random
// run with partitions, pauses and crashes checks the same invariants the
// bench's checker does, continuously.
#include <catch2/catch.hpp>
#include <random>

#include "nodes/kafka/kafka_cluster_sim.h"
#include "nodes/kafka/requests.h"

namespace kafka {
namespace {

using runtime::Json;
using namespace std::chrono_literals;

Json Send(const std::string& key, Json msg) { return Json{{"type", "send"}, {"key", key}, {"msg", std::move(msg)}}; }
Json Poll(Json offsets) { return Json{{"type", "poll"}, {"offsets", std::move(offsets)}}; }

TEST_CASE("A send is acknowledged after its sync; one sync covers every send of the turn") {
  KafkaClusterSim sim(1);
  int64_t before = sim.disk(0).sync_count();
  std::vector<int64_t> ids;
  // Three sends delivered in one turn: no reply before the group commit.
  for (int i = 0; i < 3; ++i) {
    Json body = Send("k", i);
    body["msg_id"] = 100 + i;
    sim.host(0).Deliver("c1", body);
  }
  CHECK(sim.host(0).transport.sent.empty());
  sim.Settle();
  for (int i = 0; i < 3; ++i) {
    REQUIRE(sim.Reply(100 + i));
    CHECK(sim.Reply(100 + i)->at("type") == "send_ok");
    CHECK(sim.Reply(100 + i)->at("offset") == i);
  }
  // The partition's segment and its directory, once, for all three.
  CHECK(sim.disk(0).sync_count() - before == 1);
}

TEST_CASE("Polls return contiguous runs from the requested offset; unknown keys are omitted") {
  KafkaClusterSim sim(1);
  for (int i = 0; i < 5; ++i) CHECK(sim.Call(0, Send("k", i * 10)).at("offset") == i);
  Json r = sim.Call(0, Poll({{"k", 2}, {"never-written", 0}}));
  CHECK(r.at("type") == "poll_ok");
  CHECK(r.at("msgs") == Json{{"k", {{2, 20}, {3, 30}, {4, 40}}}});
  r = sim.Call(0, Poll({{"k", 5}}));
  CHECK(r.at("msgs") == Json::object());
  r = sim.Call(0, Poll(Json::object()));
  CHECK(r.at("msgs") == Json::object());
}

TEST_CASE("Offsets keep growing across crashes; only synced sends were acknowledged") {
  KafkaClusterSim sim(1);
  for (int i = 0; i < 3; ++i) CHECK(sim.Call(0, Send("k", i)).at("offset") == i);
  // A send delivered but never synced: no answer, and gone after the crash.
  int64_t lost = sim.Request(0, Send("k", 99));
  CHECK(!sim.Reply(lost));
  sim.Crash(0, /*torn_bytes=*/7);
  sim.Start(0);
  CHECK(sim.Call(0, Send("k", 3)).at("offset") == 3);
  CHECK(sim.Call(0, Poll({{"k", 0}})).at("msgs") == Json{{"k", {{0, 0}, {1, 1}, {2, 2}, {3, 3}}}});
}

TEST_CASE("A send to a non-owner is forwarded once: one round trip between nodes") {
  KafkaClusterSim sim(2);
  sim.Run(300ms);  // handshakes
  const std::string key = sim.KeyOwnedBy(1);
  int64_t before = sim.node_messages();
  int64_t id = sim.Request(0, Send(key, 7));
  // The forward is on its way; the owner answers after its group commit.
  sim.Settle();
  sim.Settle();
  REQUIRE(sim.Reply(id));
  CHECK(*sim.Reply(id) ==
        Json{{"type", "send_ok"}, {"offset", 0}, {"in_reply_to", id}, {"msg_id", sim.Reply(id)->at("msg_id")}});
  CHECK(sim.node_messages() - before == 2);
}

TEST_CASE("Polls, commits and lists on a non-owner are answered locally once the replica caught up") {
  KafkaClusterSim sim(2);
  sim.Run(300ms);
  const std::string key = sim.KeyOwnedBy(1);
  for (int i = 0; i < 4; ++i) CHECK(sim.Call(1, Send(key, i)).at("offset") == i);
  sim.Run(200ms);
  int64_t before = sim.node_messages();
  Json r = sim.Call(0, Poll({{key, 1}}));
  CHECK(r.at("msgs") == Json{{key, {{1, 1}, {2, 2}, {3, 3}}}});
  CHECK(sim.Call(0, Json{{"type", "commit_offsets"}, {"offsets", {{key, 3}}}}).at("type") == "commit_offsets_ok");
  CHECK(sim.node_messages() == before);
  CHECK(sim.Call(0, Json{{"type", "list_committed_offsets"}, {"keys", {key, "nope"}}}).at("offsets") == Json{{key, 3}});
  // The commit reaches the owner with the next sync.
  sim.Run(200ms);
  CHECK(sim.Call(1, Json{{"type", "list_committed_offsets"}, {"keys", {key}}}).at("offsets") == Json{{key, 3}});
}

TEST_CASE("A silent owner: forwarded sends fail indefinitely, then definitely without forwarding") {
  KafkaClusterSim sim(2);
  sim.Run(300ms);
  const std::string key = sim.KeyOwnedBy(1);
  sim.Partition({0}, {1});
  Json r = sim.Call(0, Send(key, 1));
  CHECK(r.at("type") == "error");
  CHECK(r.at("code") == runtime::kTimeout);  // indefinite: it may have reached the owner
  sim.Run(1500ms);
  int64_t before = sim.node_messages();
  r = sim.Call(0, Send(key, 2));
  CHECK(r.at("type") == "error");
  CHECK(r.at("code") == runtime::kTemporarilyUnavailable);  // definite: never forwarded
  // Sends to keys this node owns, and polls, stay available.
  CHECK(sim.Call(0, Send(sim.KeyOwnedBy(0), 3)).at("type") == "send_ok");
  CHECK(sim.Call(0, Poll({{key, 0}})).at("type") == "poll_ok");
  CHECK(sim.node_messages() - before <= 2);  // heartbeats only, cut
  sim.Heal();
  sim.Run(600ms);
  CHECK(sim.Call(0, Send(key, 4)).at("type") == "send_ok");
}

struct BadInput {
  const char* name;
  Json body;
  int code;
};

TEST_CASE("Bad input gets a clear error and the node keeps serving") {
  KafkaClusterSim sim(1);
  REQUIRE(sim.Call(0, Send("k", 1)).at("type") == "send_ok");
  const std::vector<BadInput> cases = {
      {"send without key", Json{{"type", "send"}, {"msg", 1}}, runtime::kMalformedRequest},
      {"send with a numeric key", Json{{"type", "send"}, {"key", 3}, {"msg", 1}}, runtime::kMalformedRequest},
      {"send without msg", Json{{"type", "send"}, {"key", "k"}}, runtime::kMalformedRequest},
      {"poll without offsets", Json{{"type", "poll"}}, runtime::kMalformedRequest},
      {"poll with an array of offsets", Poll(Json::array({1})), runtime::kMalformedRequest},
      {"poll with a string offset", Poll({{"k", "0"}}), runtime::kMalformedRequest},
      {"poll with a fractional offset", Poll({{"k", 1.5}}), runtime::kMalformedRequest},
      {"poll with a negative offset", Poll({{"k", -1}}), runtime::kMalformedRequest},
      {"commit of a key never written", Json{{"type", "commit_offsets"}, {"offsets", {{"zz", 0}}}},
       runtime::kKeyDoesNotExist},
      {"commit with a non-integer offset", Json{{"type", "commit_offsets"}, {"offsets", {{"k", nullptr}}}},
       runtime::kMalformedRequest},
      {"list with keys not an array", Json{{"type", "list_committed_offsets"}, {"keys", "k"}},
       runtime::kMalformedRequest},
      {"list with a numeric key", Json{{"type", "list_committed_offsets"}, {"keys", {1}}}, runtime::kMalformedRequest},
      {"unknown type", Json{{"type", "produce"}}, runtime::kNotSupported},
  };
  for (const BadInput& c : cases) {
    SECTION(c.name) {
      Json r = sim.Call(0, c.body);
      CHECK(r.at("type") == "error");
      CHECK(r.at("code") == c.code);
      CHECK(!r.value("text", "").empty());
      // Nothing was applied, and the node still serves.
      CHECK(sim.Call(0, Send("k", 2)).at("offset") == 1);
      CHECK(sim.Call(0, Json{{"type", "list_committed_offsets"}, {"keys", {"k", "zz"}}}).at("offsets") ==
            Json::object());
    }
  }
  SECTION("malformed lines are skipped") {
    sim.host(0).node.ReceiveLine("{not json");
    sim.host(0).node.ReceiveLine("[]");
    CHECK(sim.Call(0, Send("k", 2)).at("offset") == 1);
  }
}

// The invariants of the bench's kafka checker, checked as the run goes:
// one message per key and offset everywhere; polls contiguous from the
// requested offset; per client, sends to a key get increasing offsets;
// at the end every acknowledged send is polled on every node.
TEST_CASE("Seeded random runs with partitions, pauses and crashes keep the log valid") {
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    CAPTURE(seed);
    std::mt19937_64 rng(seed);
    const int n = 2 + int(seed % 2);
    KafkaClusterSim sim(n, Options{.segment_bytes = 200});
    std::map<std::string, std::map<int64_t, Json>> seen;  // key -> offset -> msg
    std::map<std::string, std::map<int64_t, Json>> acked;
    std::map<std::pair<int, std::string>, int64_t> last_send;  // (client node, key) -> offset
    struct Pending {
      int node;
      Json body;
    };
    std::map<int64_t, Pending> pending;
    int64_t next_msg = 1;
    int polled = 0, errors = 0;
    auto observe = [&](const std::string& key, int64_t offset, const Json& msg) {
      auto [it, inserted] = seen[key].emplace(offset, msg);
      INFO("key " << key << " offset " << offset);
      CHECK(it->second == msg);
    };
    auto check_reply = [&](int64_t id, const Pending& p, const Json& r) {
      if (r.at("type") == "send_ok") {
        const std::string key = p.body.at("key");
        int64_t off = r.at("offset");
        observe(key, off, p.body.at("msg"));
        acked[key][off] = p.body.at("msg");
        int64_t& last = last_send[{p.node, key}];
        CHECK(off >= last);
        last = off + 1;
      } else if (r.at("type") == "poll_ok") {
        if (!r.at("msgs").empty()) ++polled;
        for (auto it = r.at("msgs").begin(); it != r.at("msgs").end(); ++it) {
          int64_t expect = p.body.at("offsets").at(it.key());
          for (const Json& pair : it.value()) {
            CHECK(pair[0] == expect);  // no skip, no reordering
            observe(it.key(), expect, pair[1]);
            ++expect;
          }
        }
      } else {
        CHECK(r.at("type") == "error");
        ++errors;
      }
    };
    for (int step = 0; step < 600; ++step) {
      int i = int(rng() % uint64_t(n));
      int roll = int(rng() % 100);
      if (roll < 45) {
        Json body = Send(std::to_string(rng() % 6), next_msg++);
        if (sim.up(i)) pending[sim.Request(i, body)] = Pending{i, body};
      } else if (roll < 90) {
        Json offsets = Json::object();
        for (int k = 0; k < 3; ++k) offsets[std::to_string(rng() % 6)] = int64_t(rng() % 8);
        Json body = Poll(offsets);
        if (sim.up(i)) pending[sim.Request(i, body)] = Pending{i, body};
      } else if (roll < 91) {
        sim.Partition({i}, {(i + 1) % n});
      } else if (roll < 94) {
        sim.Heal();
      } else if (roll < 95 && sim.up(i)) {
        sim.Crash(i, size_t(rng() % 20));
        for (auto it = pending.begin(); it != pending.end();) it = it->second.node == i ? pending.erase(it) : ++it;
      } else if (roll < 96 && sim.up(i)) {
        sim.Pause(i);
      } else if (!sim.up(i)) {
        sim.Start(i);
      } else {
        sim.Resume(i);
      }
      sim.Run(std::chrono::milliseconds(rng() % 60));
      for (auto it = pending.begin(); it != pending.end();) {
        if (auto r = sim.Reply(it->first)) {
          check_reply(it->first, it->second, *r);
          it = pending.erase(it);
        } else {
          ++it;
        }
      }
    }
    // The run did exercise the paths it claims to.
    size_t n_acked = 0;
    for (const auto& [key, msgs] : acked) n_acked += msgs.size();
    WARN("seed " << seed << ": " << n_acked << " sends acknowledged, " << polled << " polls with data, " << errors
                 << " errors");
    CHECK(n_acked > 60);
    CHECK(polled > 60);
    // Heal everything, then every node must serve every acknowledged send.
    sim.Heal();
    for (int i = 0; i < n; ++i) {
      if (!sim.up(i)) sim.Start(i);
      sim.Resume(i);
    }
    sim.Run(3s);
    for (int i = 0; i < n; ++i) {
      for (const auto& [key, msgs] : acked) {
        int64_t from = 0;
        std::map<int64_t, Json> got;
        for (int round = 0; round < 100 && from <= msgs.rbegin()->first; ++round) {
          Json r = sim.Call(i, Poll({{key, from}}));
          REQUIRE(r.at("type") == "poll_ok");
          if (!r.at("msgs").contains(key)) break;
          for (const Json& pair : r.at("msgs").at(key)) {
            CHECK(pair[0] == from);
            got[from] = pair[1];
            ++from;
          }
        }
        for (const auto& [off, msg] : msgs) {
          INFO("node " << i << " key " << key << " offset " << off);
          REQUIRE(got.count(off));
          CHECK(got[off] == msg);
        }
      }
    }
  }
}

}  // namespace
}  // namespace kafka
