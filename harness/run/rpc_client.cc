#include "harness/run/rpc_client.h"

#include "harness/run/check.h"

namespace harness {

RpcClient::RpcClient(Network* net, Scheduler* scheduler, std::string id, int64_t* discarded)
    : net_(net), scheduler_(scheduler), id_(std::move(id)), discarded_(discarded) {
  net_->Register(id_, [this](const NetMessage& m) { OnMessage(m); });
}

RpcClient::~RpcClient() {
  if (pending_msg_id_) scheduler_->Cancel(deadline_);
  net_->Unregister(id_);
}

void RpcClient::Call(const std::string& dest, nlohmann::json body, int64_t timeout_ms, Done done) {
  HARNESS_CHECK(!busy());
  int64_t msg_id = next_msg_id_++;
  body["msg_id"] = msg_id;
  pending_msg_id_ = msg_id;
  done_ = std::move(done);
  deadline_ = scheduler_->After(timeout_ms * 1'000'000, [this] { Finish(std::nullopt); });
  // A refused send (unknown dest) simply never gets a reply.
  (void)net_->Send(id_, dest, std::move(body));
}

void RpcClient::OnMessage(const NetMessage& m) {
  const auto& b = m.body;
  bool matches = pending_msg_id_ && b.is_object() && b.contains("in_reply_to") &&
                 b["in_reply_to"].is_number_integer() &&
                 b["in_reply_to"].get<int64_t>() == *pending_msg_id_;
  if (!matches) {
    if (discarded_ != nullptr) ++*discarded_;
    return;
  }
  scheduler_->Cancel(deadline_);
  Finish(m.body);
}

void RpcClient::Finish(std::optional<nlohmann::json> reply) {
  HARNESS_CHECK(pending_msg_id_.has_value());
  pending_msg_id_.reset();
  Done done = std::move(done_);
  done_ = nullptr;
  done(std::move(reply));  // may destroy this client
}

}  // namespace harness
