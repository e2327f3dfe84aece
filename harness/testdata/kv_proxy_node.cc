// A lin-kv node that forwards every read/write/cas to a built-in service
// and relays the answer: with no argument to lin-kv (linearizable, so the
// run must pass), with "lww-kv" to the last-write-wins store (two diverging
// replicas, so the run must fail linearizability).
#include <map>

#include "harness/testdata/bench_factories.h"
#include "harness/testdata/mini_main.h"

namespace bench {
namespace {

class KvProxy final : public mini::Program {
 public:
  KvProxy(mini::Node& node, std::string service) : node_(node), service_(std::move(service)) {}

  void Handle(const mini::json& msg) override {
    const auto& body = msg["body"];
    if (msg["src"] == service_) {
      auto it = pending_.find(body["in_reply_to"].get<int64_t>());
      if (it == pending_.end()) return;
      mini::json reply = body;
      reply.erase("in_reply_to");
      reply.erase("msg_id");
      node_.Reply(it->second, reply);
      pending_.erase(it);
      return;
    }
    mini::json req = body;
    int64_t id = node_.next_msg_id++;
    req["msg_id"] = id;
    pending_[id] = msg;
    node_.Send(service_, req);
  }

 private:
  mini::Node& node_;
  const std::string service_;
  std::map<int64_t, mini::json> pending_;  // our msg_id -> client request
};

}  // namespace

std::unique_ptr<mini::Program> MakeKvProxyNode(mini::Node& node, const mini::Args& args) {
  return std::make_unique<KvProxy>(node, args.empty() ? "lin-kv" : args[0]);
}

}  // namespace bench

#ifndef MINI_NO_MAIN
int main(int argc, char** argv) { return mini::Main(argc, argv, &bench::MakeKvProxyNode); }
#endif
