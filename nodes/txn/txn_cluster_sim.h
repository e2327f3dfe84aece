// TxnClusterSim (tests only): several TxnNodes on TestNodes, wired by a loop
// that moves their messages with a latency (constant or exponential, so
// messages reorder) and drops those a partition cuts, on one virtual clock.
// Same seed, same run. A cut is checked when a message is due, as in
// Maelstrom. Client replies (dest "c...") are answered at once, never cut.
#ifndef NODES_TXN_TXN_CLUSTER_SIM_H_
#define NODES_TXN_TXN_CLUSTER_SIM_H_

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nodes/txn/txn_node.h"
#include "runtime/random.h"
#include "runtime/test_support.h"

namespace txn {

class TxnClusterSim {
 public:
  TxnClusterSim(int n, Options options, uint64_t seed, runtime::Duration latency = std::chrono::milliseconds(10),
                bool exponential = true)
      : random_(seed), latency_(latency), exponential_(exponential) {
    for (int i = 0; i < n; ++i) ids_.push_back(absl::StrCat("n", i));
    for (int i = 0; i < n; ++i) {
      hosts_.push_back(std::make_unique<runtime::TestNode>(seed * 1000 + uint64_t(i)));
      logic_.push_back(std::make_unique<TxnNode>(hosts_.back()->node, options));
      hosts_.back()->Init(ids_[size_t(i)], ids_);
    }
  }

  int size() const { return int(ids_.size()); }
  const TxnNode& logic(int i) const { return *logic_[size_t(i)]; }
  int64_t server_messages() const { return server_messages_; }

  void Partition(const std::vector<int>& a, const std::vector<int>& b) {
    for (int x : a) {
      for (int y : b) {
        cuts_.insert({ids_[size_t(x)], ids_[size_t(y)]});
        cuts_.insert({ids_[size_t(y)], ids_[size_t(x)]});
      }
    }
  }
  void Heal() { cuts_.clear(); }

  // A txn request to node i; returns the reply body (answered at once).
  runtime::Json Txn(int i, runtime::Json txn) {
    runtime::Json body = {{"type", "txn"}, {"msg_id", ++client_msg_id_}, {"txn", std::move(txn)}};
    hosts_[size_t(i)]->Deliver("c1", std::move(body));
    Collect();
    KIT_CHECK(last_client_reply_.has_value());
    runtime::Json reply = std::move(*last_client_reply_);
    last_client_reply_.reset();
    return reply;
  }

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
        if (cuts_.contains({m.src, m.dest})) continue;
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
    if (!exponential_) return latency_;
    double mean_ms = double(runtime::ToMillis(latency_));
    return std::chrono::milliseconds(int64_t(runtime::Exponential(random_, mean_ms)));
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
  bool exponential_;
  std::vector<std::string> ids_;
  std::vector<std::unique_ptr<runtime::TestNode>> hosts_;
  std::vector<std::unique_ptr<TxnNode>> logic_;
  runtime::Time now_{0};
  std::map<std::pair<runtime::Time, uint64_t>, runtime::Message> in_flight_;
  uint64_t next_seq_ = 0;
  std::set<std::pair<std::string, std::string>> cuts_;
  std::optional<runtime::Json> last_client_reply_;
  int64_t client_msg_id_ = 0;
  int64_t server_messages_ = 0;
};

}  // namespace txn

#endif  // NODES_TXN_TXN_CLUSTER_SIM_H_
