// A broadcast node. Default: every 200 ms it sends the whole set it knows
// to every other node, so it converges after any partition heals.
// With the argument "lossy": it forwards each new value once to every
// other node and never retries, so a partition loses values for good.
// With "gset" it serves the g-set workload instead (add/element,
// read -> value), gossiping the same way.
// With "flood" (for benchmarks): every node relays each value it first
// hears of to every other node, N*(N-1) messages per broadcast.
#include <set>

#include "harness/testdata/bench_factories.h"
#include "harness/testdata/mini_main.h"

namespace bench {
namespace {

class Broadcast final : public mini::Program {
 public:
  Broadcast(mini::Node& node, std::string mode)
      : node_(node),
        mode_(std::move(mode)),
        lossy_(mode_ == "lossy" || mode_ == "flood"),
        flood_(mode_ == "flood") {}

  int tick_ms() const override { return 200; }

  void Tick() override {
    if (lossy_ || seen_.empty()) return;
    for (const auto& other : node_.ids) {
      if (other != node_.id) node_.Send(other, {{"type", "gossip"}, {"messages", seen_}});
    }
  }

  void Handle(const mini::json& msg) override {
    const auto& body = msg["body"];
    const std::string type = body["type"];
    if (type == "topology") {
      node_.Reply(msg, {{"type", "topology_ok"}});
    } else if (type == "broadcast") {
      int64_t v = body["message"];
      bool fresh = seen_.insert(v).second;
      node_.Reply(msg, {{"type", "broadcast_ok"}});
      if (lossy_ && fresh) SendToOthers(v);
    } else if (type == "add") {
      seen_.insert(body["element"].get<int64_t>());
      node_.Reply(msg, {{"type", "add_ok"}});
    } else if (type == "read") {
      node_.Reply(msg, {{"type", "read_ok"}, {mode_ == "gset" ? "value" : "messages", seen_}});
    } else if (type == "gossip") {
      for (int64_t v : body["messages"]) {
        if (!seen_.insert(v).second || !flood_) continue;
        SendToOthers(v);
      }
    }
  }

 private:
  void SendToOthers(int64_t v) {
    for (const auto& other : node_.ids) {
      if (other != node_.id) node_.Send(other, {{"type", "gossip"}, {"messages", {v}}});
    }
  }

  mini::Node& node_;
  const std::string mode_;
  const bool lossy_;
  const bool flood_;
  std::set<int64_t> seen_;
};

}  // namespace

std::unique_ptr<mini::Program> MakeBroadcastNode(mini::Node& node, const mini::Args& args) {
  return std::make_unique<Broadcast>(node, args.empty() ? "" : args[0]);
}

}  // namespace bench

#ifndef MINI_NO_MAIN
int main(int argc, char** argv) { return mini::Main(argc, argv, &bench::MakeBroadcastNode); }
#endif
