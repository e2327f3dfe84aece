// Proves OwnerNode's contract (owner_node.h) on the bench's simulator
// (harness::SimCluster: its network, in-process hosts whose fsync takes
// virtual time and whose kill loses or tears unsynced bytes), each node
// built through kKafkaProgram as node-kafka builds it: a send is
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

#include <map>
#include <optional>
#include <random>

#include "absl/strings/str_cat.h"
#include "harness/host/sim_cluster.h"
#include "harness/host/sim_process.h"
#include "nodes/kafka/program.h"
#include "nodes/kafka/requests.h"
#include "runtime/check.h"

namespace kafka {
namespace {

using Json = nlohmann::json;
using harness::SimCluster;

std::string Id(int i) { return absl::StrCat("n", i); }

// A cluster of owner-mode nodes at Maelstrom's default latency (0 ms).
// Kills tear unsynced bytes (a random prefix survives) when `torn`.
class Kafka {
 public:
  explicit Kafka(int n, std::vector<std::string> args = {}, uint64_t seed = 1, bool torn = true) {
    SimCluster::Options o;
    o.nodes = n;
    o.seed = seed;
    o.process = harness::RuntimeSimProcess(&kKafkaProgram, std::move(args));
    o.host.torn_writes = torn;
    c_.emplace(std::move(o));
    KIT_CHECK(c_->InitAll());
  }

  SimCluster& c() { return *c_; }
  OwnerNode& node(int i) {
    OwnerProgram* p = c_->program<OwnerProgram>(Id(i));
    KIT_CHECK(p != nullptr);
    return p->owner;
  }
  runtime::MemDisk& disk(int i) { return c_->host(Id(i)).disk(); }
  int64_t node_messages() const { return c_->server_messages(); }
  int OwnerIndex(const std::string& key) {
    const std::string& owner = node(0).OwnerOf(key);
    for (int i = 0; i < int(c_->ids().size()); ++i) {
      if (Id(i) == owner) return i;
    }
    return -1;
  }
  // The first decimal key owned by node i.
  std::string KeyOwnedBy(int i, int skip = 0) {
    for (int k = 0;; ++k) {
      std::string key = absl::StrCat(k);
      if (OwnerIndex(key) == i && skip-- == 0) return key;
    }
  }
  // A request; runs until it is answered (at most `limit_ms`).
  Json Call(int i, Json body, int64_t limit_ms = 3'000) {
    auto r = c_->Request(Id(i), std::move(body), limit_ms);
    return r ? *r : Json{{"type", "no reply"}};
  }
  void Run(int64_t ms) { c_->RunMs(ms); }

 private:
  std::optional<SimCluster> c_;
};

Json Send(const std::string& key, Json msg) { return Json{{"type", "send"}, {"key", key}, {"msg", std::move(msg)}}; }
Json Poll(Json offsets) { return Json{{"type", "poll"}, {"offsets", std::move(offsets)}}; }

TEST_CASE("A send is acknowledged after its sync; one sync covers every send of the turn") {
  Kafka sim(1);
  int64_t before = sim.disk(0).sync_count();
  // Three clients' sends reach the node in one turn (0 ms latency).
  const int64_t sent_ns = sim.c().now_ns();
  std::map<int, Json> replies;
  std::map<int, int64_t> replied_ns;
  for (int i = 0; i < 3; ++i) {
    sim.c().Call("n0", Send("k", i), 1'000, [&, i](std::optional<Json> r) {
      replies[i] = r ? *r : Json{{"type", "no reply"}};
      replied_ns[i] = sim.c().now_ns();
    });
  }
  sim.Run(100);
  for (int i = 0; i < 3; ++i) {
    REQUIRE(replies.count(i));
    CHECK(replies[i].at("type") == "send_ok");
    CHECK(replies[i].at("offset") == i);
    // No reply before the fsync completed (it takes virtual time), and
    // all three left together, after the one group commit.
    CHECK(replied_ns[i] > sent_ns);
    CHECK(replied_ns[i] == replied_ns[0]);
  }
  // The partition's segment and its directory, once, for all three.
  CHECK(sim.disk(0).sync_count() - before == 1);
}

TEST_CASE("Polls return contiguous runs from the requested offset; unknown keys are omitted") {
  Kafka sim(1);
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
  Kafka sim(1);
  for (int i = 0; i < 3; ++i) CHECK(sim.Call(0, Send("k", i)).at("offset") == i);
  // A send delivered but never synced: no answer, and gone after the crash
  // (the kill lands inside the fsync, which takes at least 0.5 ms; the
  // unsynced bytes are torn).
  std::optional<Json> lost;
  bool answered = false;
  sim.c().Call("n0", Send("k", 99), 1'000, [&](std::optional<Json> r) {
    lost = std::move(r);
    answered = true;
  });
  sim.c().Run(100'000);  // 0.1 ms: delivered, sync under way
  CHECK(!answered);
  sim.c().Kill("n0");
  sim.Run(2'000);
  CHECK(answered);
  CHECK(!lost.has_value());
  REQUIRE(sim.c().Restart("n0"));
  CHECK(sim.Call(0, Send("k", 3)).at("offset") == 3);
  CHECK(sim.Call(0, Poll({{"k", 0}})).at("msgs") == Json{{"k", {{0, 0}, {1, 1}, {2, 2}, {3, 3}}}});
}

TEST_CASE("A send to a non-owner is forwarded once: one round trip between nodes") {
  Kafka sim(2);
  sim.Run(300);  // handshakes
  const std::string key = sim.KeyOwnedBy(1);
  int64_t before = sim.node_messages();
  // The forward goes out, the owner answers after its group commit.
  Json r = sim.Call(0, Send(key, 7));
  // A fresh client's first msg_id is 1: the reply is to this request.
  CHECK(r == Json{{"type", "send_ok"}, {"offset", 0}, {"in_reply_to", 1}, {"msg_id", r.value("msg_id", Json())}});
  CHECK(sim.node_messages() - before == 2);
}

TEST_CASE("Polls, commits and lists on a non-owner are answered locally once the replica caught up") {
  Kafka sim(2);
  sim.Run(300);
  const std::string key = sim.KeyOwnedBy(1);
  for (int i = 0; i < 4; ++i) CHECK(sim.Call(1, Send(key, i)).at("offset") == i);
  sim.Run(200);
  int64_t before = sim.node_messages();
  Json r = sim.Call(0, Poll({{key, 1}}));
  CHECK(r.at("msgs") == Json{{key, {{1, 1}, {2, 2}, {3, 3}}}});
  CHECK(sim.Call(0, Json{{"type", "commit_offsets"}, {"offsets", {{key, 3}}}}).at("type") == "commit_offsets_ok");
  CHECK(sim.node_messages() == before);
  CHECK(sim.Call(0, Json{{"type", "list_committed_offsets"}, {"keys", {key, "nope"}}}).at("offsets") == Json{{key, 3}});
  // The commit reaches the owner with the next sync.
  sim.Run(200);
  CHECK(sim.Call(1, Json{{"type", "list_committed_offsets"}, {"keys", {key}}}).at("offsets") == Json{{key, 3}});
}

TEST_CASE("A silent owner: forwarded sends fail indefinitely, then definitely without forwarding") {
  Kafka sim(2);
  sim.Run(300);
  const std::string key = sim.KeyOwnedBy(1);
  sim.c().Partition({"n0"}, {"n1"});
  Json r = sim.Call(0, Send(key, 1));
  CHECK(r.at("type") == "error");
  CHECK(r.at("code") == runtime::kTimeout);  // indefinite: it may have reached the owner
  sim.Run(1500);
  int64_t before = sim.node_messages();
  r = sim.Call(0, Send(key, 2));
  CHECK(r.at("type") == "error");
  CHECK(r.at("code") == runtime::kTemporarilyUnavailable);  // definite: never forwarded
  // Sends to keys this node owns, and polls, stay available.
  CHECK(sim.Call(0, Send(sim.KeyOwnedBy(0), 3)).at("type") == "send_ok");
  CHECK(sim.Call(0, Poll({{key, 0}})).at("type") == "poll_ok");
  CHECK(sim.node_messages() - before <= 2);  // heartbeats only, cut
  sim.c().Heal();
  sim.Run(600);
  CHECK(sim.Call(0, Send(key, 4)).at("type") == "send_ok");
}

struct BadInput {
  const char* name;
  Json body;
  int code;
};

TEST_CASE("Bad input gets a clear error and the node keeps serving") {
  Kafka sim(1);
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
    sim.c().host("n0").Deliver("{not json");
    sim.c().host("n0").Deliver("[]");
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
    Kafka sim(n, {"--segment-bytes", "200"}, seed);
    std::vector<bool> up(size_t(n), true);
    std::map<int64_t, Json> replies;  // op -> reply
    int64_t next_op = 0;
    // Sends a request without waiting; its reply lands in `replies`.
    auto request = [&](int i, const Json& body) {
      int64_t op = next_op++;
      sim.c().Call(Id(i), body, /*timeout_ms=*/3'600'000, [&replies, op](std::optional<Json> r) {
        if (r) replies[op] = std::move(*r);
      });
      return op;
    };
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
        if (up[size_t(i)]) pending[request(i, body)] = Pending{i, body};
      } else if (roll < 90) {
        Json offsets = Json::object();
        for (int k = 0; k < 3; ++k) offsets[std::to_string(rng() % 6)] = int64_t(rng() % 8);
        Json body = Poll(offsets);
        if (up[size_t(i)]) pending[request(i, body)] = Pending{i, body};
      } else if (roll < 91) {
        sim.c().Partition({Id(i)}, {Id((i + 1) % n)});
      } else if (roll < 94) {
        sim.c().Heal();
      } else if (roll < 95 && up[size_t(i)]) {
        sim.c().Kill(Id(i));  // unsynced bytes torn at random
        up[size_t(i)] = false;
        for (auto it = pending.begin(); it != pending.end();) it = it->second.node == i ? pending.erase(it) : ++it;
      } else if (roll < 96 && up[size_t(i)]) {
        sim.c().Pause(Id(i));
      } else if (!up[size_t(i)]) {
        REQUIRE(sim.c().Restart(Id(i)));
        up[size_t(i)] = true;
      } else {
        sim.c().Resume(Id(i));
      }
      sim.Run(int64_t(rng() % 60));
      for (auto it = pending.begin(); it != pending.end();) {
        if (auto r = replies.find(it->first); r != replies.end()) {
          check_reply(it->first, it->second, r->second);
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
    sim.c().Heal();
    for (int i = 0; i < n; ++i) {
      if (!up[size_t(i)]) REQUIRE(sim.c().Restart(Id(i)));
      sim.c().Resume(Id(i));
    }
    sim.Run(3'000);
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
