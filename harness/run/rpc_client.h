// RpcClient: one Maelstrom client connection ("c7") on the network.
//
// At most one request is outstanding (harness/docs/protocol.md); msg_id counts
// 1, 2, 3, ... per client. The first message whose in_reply_to equals the
// pending msg_id completes the call; any other message reaching the client
// (a late reply to an abandoned request, an unsolicited message) is
// discarded and counted. When the deadline passes first the call completes
// with nullopt and a later reply is discarded.
//
// Registers itself on the network for its lifetime (closing = destroying,
// which unregisters, so replies to it then fail at send as Maelstrom's
// "invalid dest"). The done callback may destroy the client.
#ifndef HARNESS_RUN_RPC_CLIENT_H_
#define HARNESS_RUN_RPC_CLIENT_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "harness/net/network.h"
#include "harness/run/scheduler.h"

namespace harness {

class RpcClient {
 public:
  using Done = std::function<void(std::optional<nlohmann::json> reply)>;

  RpcClient(Network* net, Scheduler* scheduler, std::string id, int64_t* discarded_counter);
  ~RpcClient();
  RpcClient(const RpcClient&) = delete;
  RpcClient& operator=(const RpcClient&) = delete;

  // Sends `body` (msg_id added) to `dest`; `done` runs once, with the reply
  // or with nullopt at the deadline. REQUIRES: !busy(). A send the network
  // refuses is treated as a lost message: done(nullopt) at the deadline.
  void Call(const std::string& dest, nlohmann::json body, int64_t timeout_ms, Done done);
  bool busy() const { return pending_msg_id_.has_value(); }
  const std::string& id() const { return id_; }

 private:
  void OnMessage(const NetMessage& m);
  void Finish(std::optional<nlohmann::json> reply);

  Network* net_;
  Scheduler* scheduler_;
  std::string id_;
  int64_t* discarded_;
  int64_t next_msg_id_ = 1;
  std::optional<int64_t> pending_msg_id_;
  TimerId deadline_;
  Done done_;
};

}  // namespace harness

#endif  // HARNESS_RUN_RPC_CLIENT_H_
