// ClusterSim (tests only): several BroadcastNodes on TestNodes, wired by a
// loop that moves their messages with a latency and drops the ones a
// partition cuts, all on one virtual clock. Same seed, same run.
//
// A partition is a set of directed cuts (src, dest); like Maelstrom, the
// cut is checked when a message is due, so a message queued before a cut
// is dropped and one queued before a heal is delivered. Client messages
// (dest "c...") are collected, never delayed or cut.
#ifndef NODES_BROADCAST_CLUSTER_SIM_H_
#define NODES_BROADCAST_CLUSTER_SIM_H_

#include <cmath>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nodes/broadcast/broadcast.h"
#include "runtime/random.h"
#include "runtime/test_support.h"

namespace broadcast {

class ClusterSim {
 public:
  enum class Latency { kConstant, kExponential };

  ClusterSim(int n, Options options, uint64_t seed, runtime::Duration latency = std::chrono::milliseconds(100),
             Latency dist = Latency::kConstant)
      : random_(seed), latency_(latency), dist_(dist) {
    for (int i = 0; i < n; ++i) ids_.push_back(absl::StrCat("n", i));
    for (int i = 0; i < n; ++i) {
      hosts_.push_back(std::make_unique<runtime::TestNode>(seed * 1000 + uint64_t(i)));
      logic_.push_back(std::make_unique<BroadcastNode>(hosts_.back()->node, options));
      hosts_.back()->Init(ids_[size_t(i)], ids_);
    }
  }

  const std::vector<std::string>& ids() const { return ids_; }
  BroadcastNode& logic(int i) { return *logic_[size_t(i)]; }
  runtime::TestNode& host(int i) { return *hosts_[size_t(i)]; }
  runtime::Time now() const { return now_; }
  int64_t server_messages() const { return server_messages_; }
  int64_t dropped() const { return dropped_; }

  // Cuts both directions between every node of `a` and every node of `b`.
  void Partition(const std::vector<int>& a, const std::vector<int>& b) {
    for (int x : a) {
      for (int y : b) {
        cuts_.insert({ids_[size_t(x)], ids_[size_t(y)]});
        cuts_.insert({ids_[size_t(y)], ids_[size_t(x)]});
      }
    }
  }
  void Heal() { cuts_.clear(); }

  // A client request to node i; returns the reply body (answered at once).
  runtime::Json Request(int i, runtime::Json body) {
    body["msg_id"] = ++client_msg_id_;
    hosts_[size_t(i)]->Deliver("c1", std::move(body));
    Collect();
    KIT_CHECK(last_client_reply_.has_value());
    runtime::Json reply = std::move(*last_client_reply_);
    last_client_reply_.reset();
    return reply;
  }
  bool Broadcast(int i, int64_t value) {
    runtime::Json body = {{"type", "broadcast"}, {"message", value}};
    return Request(i, std::move(body)).at("type") == "broadcast_ok";
  }
  std::vector<int64_t> Read(int i) {
    runtime::Json body = {{"type", "read"}};
    return Request(i, std::move(body)).at("messages").get<std::vector<int64_t>>();
  }

  // Advances virtual time by `d` in steps of `step`, delivering due
  // messages and firing timers.
  void Run(runtime::Duration d, runtime::Duration step = std::chrono::milliseconds(5)) {
    runtime::Time end = now_ + d;
    while (now_ < end) {
      now_ += step;
      for (auto& h : hosts_) {
        h->clock.Set(now_);
        h->node.RunDueTimers();
      }
      Collect();
      while (!in_flight_.empty() && in_flight_.begin()->first.first <= now_) {
        runtime::Message m = std::move(in_flight_.begin()->second);
        in_flight_.erase(in_flight_.begin());
        if (cuts_.contains({m.src, m.dest})) {
          ++dropped_;
          continue;
        }
        hosts_[IndexOf(m.dest)]->node.Receive(std::move(m));
        Collect();
      }
    }
  }

 private:
  size_t IndexOf(const std::string& id) const {
    for (size_t i = 0; i < ids_.size(); ++i) {
      if (ids_[i] == id) return i;
    }
    KIT_CHECK(false);
    return 0;
  }
  runtime::Duration DrawLatency() {
    if (dist_ == Latency::kConstant) return latency_;
    double mean_ms = double(runtime::ToMillis(latency_));
    double ms = runtime::Exponential(random_, mean_ms);
    return std::chrono::milliseconds(int64_t(ms));
  }
  void Collect() {
    for (auto& h : hosts_) {
      for (runtime::Message& m : h->Sent()) {
        if (!m.dest.empty() && m.dest[0] == 'c') {
          last_client_reply_ = std::move(m.body);
          continue;
        }
        ++server_messages_;
        in_flight_.emplace(std::make_pair(now_ + DrawLatency(), next_seq_++), std::move(m));
      }
    }
  }

  std::mt19937_64 random_;
  runtime::Duration latency_;
  Latency dist_;
  std::vector<std::string> ids_;
  std::vector<std::unique_ptr<runtime::TestNode>> hosts_;
  std::vector<std::unique_ptr<BroadcastNode>> logic_;
  runtime::Time now_{0};
  std::map<std::pair<runtime::Time, uint64_t>, runtime::Message> in_flight_;  // (due, seq) -> message
  uint64_t next_seq_ = 0;
  std::set<std::pair<std::string, std::string>> cuts_;
  std::optional<runtime::Json> last_client_reply_;
  int64_t client_msg_id_ = 0;
  int64_t server_messages_ = 0;
  int64_t dropped_ = 0;
};

}  // namespace broadcast

#endif  // NODES_BROADCAST_CLUSTER_SIM_H_
