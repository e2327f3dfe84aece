// Proves node-txn end to end on the bench's simulator (harness::SimCluster:
// its network with exponential latency, so messages reorder, and
// partitions), each node built through kTxnProgram as node-txn builds it:
// under random partitions every txn is answered ok, reads of a pair of
// registers always written together never come apart (no fractured read),
// every list read is a prefix of the key's final list, and after the heal
// all replicas hold the same data and no log keeps anything.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>

#include "absl/strings/str_cat.h"
#include "harness/host/sim_cluster.h"
#include "harness/host/sim_process.h"
#include "nodes/txn/program.h"
#include "runtime/check.h"

namespace txn {
namespace {

using harness::SimCluster;
using Json = nlohmann::json;

// A random workload on a cluster: register keys 0..4, one pair of keys
// (10, 11) that every writer of either writes together with one value,
// and list keys 20..24. Values are unique per key.
struct Workload {
  std::mt19937_64 random;
  int64_t next_value = 1;
  std::map<int64_t, std::vector<std::vector<int64_t>>> list_reads;
  int64_t fractured = 0;
  int64_t txns = 0;
  int64_t not_ok = 0;

  explicit Workload(uint64_t seed) : random(seed) {}

  Json Make() {
    Json txn = Json::array();
    int length = 1 + int(random() % 4);
    for (int i = 0; i < length; ++i) {
      int what = int(random() % 6);
      int64_t k = int64_t(random() % 5);
      if (what == 0) txn.push_back(Json::array({"r", k, nullptr}));
      if (what == 1) txn.push_back(Json::array({"w", k, next_value++}));
      if (what == 2) txn.push_back(Json::array({"r", 20 + k, nullptr}));
      if (what == 3) txn.push_back(Json::array({"append", 20 + k, next_value++}));
      if (what == 4) {
        int64_t v = next_value++;
        txn.push_back(Json::array({"w", 10, v}));
        txn.push_back(Json::array({"w", 11, v}));
      }
      if (what == 5) {
        txn.push_back(Json::array({"r", 10, nullptr}));
        txn.push_back(Json::array({"r", 11, nullptr}));
      }
    }
    return txn;
  }

  void Check(const Json& reply) {
    ++txns;
    if (reply.at("type") != "txn_ok") {
      ++not_ok;
      return;
    }
    Json pair10, pair11;
    bool wrote_pair = false;
    for (const Json& op : reply.at("txn")) {
      int64_t k = op[1].get<int64_t>();
      if (op[0] == "w" && k >= 10 && k <= 11) wrote_pair = true;
      if (op[0] != "r") continue;
      if (k >= 20) list_reads[k].push_back(op[2].is_null() ? std::vector<int64_t>{} : op[2].get<std::vector<int64_t>>());
      if (k == 10) pair10 = op[2];
      if (k == 11) pair11 = op[2];
    }
    // A read of the pair after the txn's own write of it sees that write;
    // any other read must see one writer's value on both keys.
    if (!wrote_pair && !pair10.is_null() && !pair11.is_null() && pair10 != pair11) ++fractured;
  }
};

std::string Id(int i) { return absl::StrCat("n", i); }

// The node's reply to one txn (a missing reply counts as not ok).
Json Txn(SimCluster& c, int i, Json txn) {
  auto reply = c.Request(Id(i), {{"type", "txn"}, {"txn", std::move(txn)}});
  return reply ? *reply : Json{{"type", "no reply"}};
}

// Returns the messages the partitions dropped.
int64_t RunCluster(int n, uint64_t seed) {
  INFO("nodes " << n << " seed " << seed);
  SimCluster::Options o;
  o.nodes = n;
  o.seed = seed;
  o.latency = {.mean_ms = 10, .dist = harness::LatencyDist::kExponential};
  o.process = harness::RuntimeSimProcess(&kTxnProgram, {});
  SimCluster sim(std::move(o));
  REQUIRE(sim.InitAll());
  const int64_t start_ns = sim.now_ns();
  auto logic = [&](int i) -> const TxnNode& {
    TxnProgram* p = sim.program<TxnProgram>(Id(i));
    KIT_CHECK(p != nullptr);
    return p->txn;
  };
  Workload w(seed + 99);
  std::mt19937_64 faults(seed + 7);
  for (int round = 0; round < 8; ++round) {
    if (round % 2 == 0) {
      std::vector<std::string> a, b;
      for (int i = 0; i < n; ++i) (faults() % 2 ? a : b).push_back(Id(i));
      sim.Partition(a, b);
    } else {
      sim.Heal();
    }
    for (int i = 0; i < 200; ++i) {
      w.Check(Txn(sim, int(faults() % uint64_t(n)), w.Make()));
      sim.RunMs(5);
    }
  }
  sim.Heal();
  sim.RunMs(10'000);

  CHECK(w.not_ok == 0);
  CHECK(w.fractured == 0);
  for (int i = 0; i < n; ++i) CHECK(logic(i).replicator()->log_size() == 0);
  for (int64_t k : {0, 1, 2, 3, 4, 10, 11}) {
    for (int i = 1; i < n; ++i) CHECK(logic(i).store()->Register(k) == logic(0).store()->Register(k));
  }
  CHECK(logic(0).store()->Register(10) == logic(0).store()->Register(11));
  for (int64_t k = 20; k < 25; ++k) {
    const std::vector<int64_t> final_list = logic(0).store()->List(k, false);
    for (int i = 0; i < n; ++i) {
      CHECK(logic(i).store()->List(k, false) == final_list);
      CHECK(logic(i).store()->List(k, true) == final_list);  // everything is stable after the heal
    }
    for (const std::vector<int64_t>& r : w.list_reads[k]) {
      INFO("key " << k << " read " << Json(r).dump() << " final " << Json(final_list).dump());
      REQUIRE(r.size() <= final_list.size());
      CHECK(std::equal(r.begin(), r.end(), final_list.begin()));
    }
  }
  // At most one message per peer per tick, whatever the load: the run's
  // virtual time (rounds of >= 5 ms a txn, then 10 s after the heal) at
  // the default 25 ms tick.
  const int64_t elapsed_ms = (sim.now_ns() - start_ns) / 1'000'000;
  CHECK(sim.server_messages() <= int64_t(n) * (n - 1) * (elapsed_ms / 25 + 1));
  return sim.dropped_by_partition();
}

TEST_CASE("Cluster: all ok under partitions, no fractured reads, list reads are prefixes, replicas converge") {
  int64_t dropped = 0;
  for (uint64_t seed : {1, 2, 3}) {
    dropped += RunCluster(2, seed);
    dropped += RunCluster(3, seed);
    dropped += RunCluster(5, seed);
  }
  CHECK(dropped > 0);  // the partitions did bite
}

}  // namespace
}  // namespace txn
