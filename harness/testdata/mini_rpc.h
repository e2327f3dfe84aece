// MiniRpc: request/reply with timeouts on top of mini::Node, for the bench's
// test nodes that talk to services or to each other (standalone like
// mini_node.h). Call sends a body with a fresh msg_id and runs `done` once,
// with the reply body or with nullptr when `timeout_ms` passes first (on
// the node's own monotonic clock, Node::Now: faked under the clock nemesis,
// virtual in-process). Feed every incoming message to OnMessage and call
// Tick from the node's tick.
#ifndef HARNESS_TESTDATA_MINI_RPC_H_
#define HARNESS_TESTDATA_MINI_RPC_H_

#include <functional>
#include <map>
#include <string>

#include "harness/testdata/mini_node.h"

namespace mini {

class Rpc {
 public:
  using Done = std::function<void(const json* reply)>;
  explicit Rpc(Node* node) : node_(node) {}

  void Call(const std::string& dest, json body, int timeout_ms, Done done) {
    int64_t id = node_->next_msg_id++;
    body["msg_id"] = id;
    pending_[id] = {std::move(done), node_->Now() + std::chrono::milliseconds(timeout_ms)};
    node_->Send(dest, std::move(body));
  }
  // True when `msg` answered a pending call (and was consumed).
  bool OnMessage(const json& msg) {
    const json& body = msg["body"];
    if (!body.contains("in_reply_to")) return false;
    auto it = pending_.find(body["in_reply_to"].get<int64_t>());
    if (it == pending_.end()) return true;  // a late reply: drop it
    Done done = std::move(it->second.done);
    pending_.erase(it);
    done(&body);
    return true;
  }
  void Tick() {
    Time now = node_->Now();
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->second.deadline > now) {
        ++it;
        continue;
      }
      Done done = std::move(it->second.done);
      it = pending_.erase(it);
      done(nullptr);
    }
  }

 private:
  struct Pending {
    Done done;
    Time deadline;
  };
  Node* node_;
  std::map<int64_t, Pending> pending_;
};

}  // namespace mini

#endif  // HARNESS_TESTDATA_MINI_RPC_H_
