// KafkaClusterSim (tests only): OwnerNodes on TestNodes with one MemDisk
// each, wired by a loop that moves their messages at once (zero latency)
// unless a partition cuts the link or the receiver is down or paused, all
// on one virtual time. A crash destroys a node's process state and drops
// its disk's unsynced bytes; a restart builds a fresh node on the same disk.
// Client replies are kept by the msg_id of their request.
#ifndef NODES_KAFKA_KAFKA_CLUSTER_SIM_H_
#define NODES_KAFKA_KAFKA_CLUSTER_SIM_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "runtime/mem_disk.h"
#include "nodes/kafka/owner_node.h"
#include "runtime/test_support.h"

namespace kafka {

class KafkaClusterSim {
 public:
  using Json = runtime::Json;

  explicit KafkaClusterSim(int n, Options options = {}) : options_(std::move(options)) {
    if (options_.dir.empty()) options_.dir = "state";
    for (int i = 0; i < n; ++i) ids_.push_back(absl::StrCat("n", i));
    hosts_.resize(size_t(n));
    for (int i = 0; i < n; ++i) {
      hosts_[size_t(i)].disk = std::make_unique<runtime::MemDisk>();
      Start(i);
    }
  }

  const std::vector<std::string>& ids() const { return ids_; }
  OwnerNode& node(int i) { return *hosts_[size_t(i)].owner; }
  runtime::MemDisk& disk(int i) { return *hosts_[size_t(i)].disk; }
  runtime::TestNode& host(int i) { return *hosts_[size_t(i)].t; }
  int64_t node_messages() const { return node_messages_; }
  int OwnerIndex(const std::string& key) {
    const std::string& owner = node(0).OwnerOf(key);
    for (size_t i = 0; i < ids_.size(); ++i) {
      if (ids_[i] == owner) return int(i);
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

  void Start(int i) {
    Host& h = hosts_[size_t(i)];
    // A fresh seed per start, as a restarted process would draw.
    h.t = std::make_unique<runtime::TestNode>(uint64_t(i + 1) + 1000 * uint64_t(++h.starts));
    h.t->clock.Advance(now_);
    h.owner = std::make_unique<OwnerNode>(h.t->node, *h.disk, options_);
    h.t->Init(ids_[size_t(i)], ids_);
  }
  void Crash(int i, size_t torn_bytes = 0) {
    Host& h = hosts_[size_t(i)];
    h.owner.reset();
    h.t.reset();
    h.paused_inbox.clear();
    h.paused = false;
    h.disk->Crash(torn_bytes);
  }
  bool up(int i) const { return hosts_[size_t(i)].t != nullptr; }
  void Pause(int i) { hosts_[size_t(i)].paused = true; }
  void Resume(int i) {
    Host& h = hosts_[size_t(i)];
    h.paused = false;
    for (runtime::Message& m : h.paused_inbox) h.t->node.Receive(std::move(m));
    h.paused_inbox.clear();
  }
  // Cuts both directions between every node of a and every node of b.
  void Partition(const std::vector<int>& a, const std::vector<int>& b) {
    for (int x : a) {
      for (int y : b) {
        cuts_.insert({ids_[size_t(x)], ids_[size_t(y)]});
        cuts_.insert({ids_[size_t(y)], ids_[size_t(x)]});
      }
    }
  }
  void Heal() { cuts_.clear(); }

  // Sends a client request to node i; returns its msg_id.
  int64_t Request(int i, Json body, const std::string& client = "c1") {
    int64_t id = ++client_msg_id_;
    body["msg_id"] = id;
    Host& h = hosts_[size_t(i)];
    if (h.t != nullptr && !h.paused) h.t->Deliver(client, std::move(body));
    Drain();
    return id;
  }
  std::optional<Json> Reply(int64_t msg_id) {
    auto it = replies_.find(msg_id);
    if (it == replies_.end()) return std::nullopt;
    return it->second;
  }
  // Request, then run until it is answered (at most `limit`).
  Json Call(int i, Json body, runtime::Duration limit = std::chrono::seconds(3)) {
    int64_t id = Request(i, std::move(body));
    for (runtime::Duration waited{}; waited < limit && !Reply(id); waited += kStep) Run(kStep);
    std::optional<Json> r = Reply(id);
    return r ? *r : Json{{"type", "no reply"}};
  }

  // Advances time by `d` in steps, firing timers and moving messages.
  void Run(runtime::Duration d) {
    for (runtime::Duration done{}; done < d; done += kStep) {
      now_ += kStep;
      for (Host& h : hosts_) {
        if (h.t == nullptr) continue;
        h.t->clock.Advance(kStep);
        if (!h.paused) h.t->node.RunDueTimers();
      }
      Drain();
    }
  }
  // Fires due timers (the group commit) and delivers messages, no time passing.
  void Settle() {
    for (Host& h : hosts_) {
      if (h.t != nullptr && !h.paused) h.t->node.RunDueTimers();
    }
    Drain();
  }

  static constexpr runtime::Duration kStep = std::chrono::milliseconds(5);

 private:
  struct Host {
    std::unique_ptr<runtime::MemDisk> disk;
    std::unique_ptr<runtime::TestNode> t;
    std::unique_ptr<OwnerNode> owner;
    bool paused = false;
    std::vector<runtime::Message> paused_inbox;
    int starts = 0;
  };

  int IndexOf(const std::string& id) const {
    for (size_t i = 0; i < ids_.size(); ++i) {
      if (ids_[i] == id) return int(i);
    }
    return -1;
  }

  void Drain() {
    for (bool moved = true; moved;) {
      moved = false;
      for (Host& h : hosts_) {
        if (h.t == nullptr) continue;
        for (runtime::Message& m : h.t->Sent()) {
          moved = true;
          int dest = IndexOf(m.dest);
          if (dest < 0) {
            if (auto r = m.body.find("in_reply_to"); r != m.body.end()) replies_[r->get<int64_t>()] = m.body;
            continue;
          }
          ++node_messages_;
          Host& d = hosts_[size_t(dest)];
          if (cuts_.count({m.src, m.dest}) || d.t == nullptr) continue;
          if (d.paused) {
            d.paused_inbox.push_back(std::move(m));
          } else {
            d.t->node.Receive(std::move(m));
          }
        }
      }
    }
  }

  Options options_;
  std::vector<std::string> ids_;
  std::vector<Host> hosts_;
  std::set<std::pair<std::string, std::string>> cuts_;
  std::map<int64_t, Json> replies_;
  int64_t client_msg_id_ = 0;
  int64_t node_messages_ = 0;
  runtime::Time now_{};
};

}  // namespace kafka

#endif  // NODES_KAFKA_KAFKA_CLUSTER_SIM_H_
