// Proves the g-counter node end to end on the bench's simulator
// (harness::SimCluster), each node built through kGCounterProgram as
// node-gcounter builds it, against the bench's real seq-kv, which serves
// stale reads and stale cas failures exactly as Maelstrom's does
// (harness/docs/services.md). Service messages get Maelstrom's latency,
// constant or exponential (so they reorder), and optionally cuts that flap
// between each node and seq-kv, so requests and replies are lost (the
// bench's network never loses a service message by itself, but a lost
// request or reply is what a timeout looks like to the node). Concurrent
// clients, one per operation. Every read lies between the adds
// acknowledged before it began and the adds invoked before it ended, final
// reads are exact, and a restarted node continues from its stored total.
#include <catch2/catch.hpp>

#include <optional>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "harness/host/sim_cluster.h"
#include "harness/host/sim_process.h"
#include "nodes/gcounter/program.h"

namespace gcounter {
namespace {

using harness::LatencyDist;
using harness::SimCluster;
using Json = nlohmann::json;

std::string Id(int i) { return absl::StrCat("n", i); }

// Clients wait this long: in effect for ever, so a missing reply is one the
// node never sent.
constexpr int64_t kPatientMs = 3'600'000;

class Counter {
 public:
  struct Op {
    bool is_add;
    int64_t delta = 0;
    int64_t invoked_ns = 0;
    std::optional<int64_t> completed_ns;
    std::optional<Json> reply;
  };

  // `loss`: the fraction of time each node is cut from seq-kv, redrawn
  // every 10 ms.
  Counter(uint64_t seed, LatencyDist dist, double loss) : loss_(loss), random_(seed + 1) {
    SimCluster::Options o;
    o.nodes = 3;
    o.seed = seed;
    o.latency = {.mean_ms = 100, .dist = dist};
    o.process = harness::RuntimeSimProcess(&kGCounterProgram, {});
    c_.emplace(std::move(o));
    REQUIRE(c_->InitAll());
  }

  SimCluster& cluster() { return *c_; }
  const std::vector<Op>& ops() const { return ops_; }
  const Op& op(size_t id) const { return ops_[id]; }

  size_t Invoke(int i, bool is_add, int64_t delta = 0) {
    size_t id = ops_.size();
    ops_.push_back(Op{is_add, delta, c_->now_ns(), std::nullopt, std::nullopt});
    Json body = is_add ? Json{{"type", "add"}, {"delta", delta}} : Json{{"type", "read"}};
    c_->Call(Id(i), std::move(body), kPatientMs, [this, id](std::optional<Json> reply) {
      ops_[id].completed_ns = c_->now_ns();
      ops_[id].reply = std::move(reply);
    });
    return id;
  }

  // Runs time forward, flapping the node-to-seq-kv cuts when `loss` > 0.
  void RunMs(int64_t ms) {
    if (loss_ == 0) return c_->RunMs(ms);
    for (int64_t done = 0; done < ms; done += 10) {
      c_->Heal();
      for (int i = 0; i < 3; ++i) {
        if (std::uniform_real_distribution<double>(0, 1)(random_) < loss_) c_->Partition({Id(i)}, {"seq-kv"});
      }
      c_->RunMs(std::min<int64_t>(10, ms - done));
    }
  }

 private:
  double loss_;
  std::mt19937_64 random_;
  std::optional<SimCluster> c_;
  std::vector<Op> ops_;
};

// Every ok read must be >= the adds acknowledged before it was invoked and
// <= the adds invoked before it completed (deltas are >= 0).
void CheckReadBounds(const Counter& sim) {
  for (const auto& r : sim.ops()) {
    if (r.is_add || !r.reply || r.reply->at("type") != "read_ok") continue;
    int64_t low = 0, high = 0;
    for (const auto& a : sim.ops()) {
      if (!a.is_add) continue;
      if (a.completed_ns && *a.completed_ns < r.invoked_ns && a.reply && a.reply->at("type") == "add_ok") {
        low += a.delta;
      }
      if (a.invoked_ns <= *r.completed_ns) high += a.delta;
    }
    int64_t v = r.reply->at("value").get<int64_t>();
    CHECK(low <= v);
    CHECK(v <= high);
  }
}

TEST_CASE("Against the bench's stale seq-kv with reordering and lost messages, reads are bounded and final reads exact") {
  struct Setting {
    const char* what;
    LatencyDist dist;
    double loss;
  };
  std::vector<Setting> settings = {
      {"constant latency", LatencyDist::kConstant, 0.0},
      {"exponential latency", LatencyDist::kExponential, 0.0},
      {"exponential latency, 5% loss", LatencyDist::kExponential, 0.05},
      {"constant latency, 20% loss", LatencyDist::kConstant, 0.2},
  };
  for (const Setting& s : settings) {
    for (uint64_t seed = 1; seed <= 5; ++seed) {
      INFO(s.what << ", seed " << seed);
      Counter sim(seed, s.dist, s.loss);
      std::mt19937_64 rng(seed);
      int64_t total = 0;
      for (int k = 0; k < 300; ++k) {
        int node = int(rng() % 3);
        if (rng() % 3 == 0) {
          int64_t delta = int64_t(rng() % 5);
          total += delta;
          sim.Invoke(node, true, delta);
        } else {
          sim.Invoke(node, false);
        }
        sim.RunMs(int64_t(rng() % 30));
      }
      sim.RunMs(20'000);
      for (const auto& o : sim.ops()) {
        if (o.is_add) CHECK(o.reply.has_value());  // every add answered in the end
        if (o.is_add && o.reply) CHECK(o.reply->at("type") == "add_ok");
      }
      for (int i = 0; i < 3; ++i) {
        // A read may give up (error 11) when many service messages are
        // lost; a client would ask again.
        std::optional<Json> reply;
        for (int attempt = 0; attempt < 5 && !(reply && reply->at("type") == "read_ok"); ++attempt) {
          size_t id = sim.Invoke(i, false);
          sim.RunMs(5'000);
          reply = sim.op(id).reply;
        }
        REQUIRE(reply.has_value());
        CHECK(reply->at("value") == total);
      }
      CheckReadBounds(sim);
      if (s.loss > 0) CHECK(sim.cluster().dropped_by_partition() > 0);  // the cuts did bite
    }
  }
}

TEST_CASE("A restarted node recovers its stored total from seq-kv and keeps counting") {
  Counter sim(11, LatencyDist::kExponential, 0.0);
  for (int k = 0; k < 20; ++k) sim.Invoke(1, true, 2);
  sim.RunMs(5'000);
  sim.cluster().Kill("n1");  // memory gone
  sim.RunMs(1'000);
  REQUIRE(sim.cluster().Restart("n1"));
  sim.Invoke(1, true, 3);
  sim.RunMs(5'000);
  std::vector<size_t> finals;
  for (int i = 0; i < 3; ++i) finals.push_back(sim.Invoke(i, false));
  sim.RunMs(5'000);
  for (size_t id : finals) {
    REQUIRE(sim.op(id).reply.has_value());
    CHECK(sim.op(id).reply->at("value") == 43);
  }
}

}  // namespace
}  // namespace gcounter
