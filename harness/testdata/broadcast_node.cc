// A broadcast node. Default: every 200 ms it sends the whole set it knows
// to every other node, so it converges after any partition heals.
// With the argument "lossy": it forwards each new value once to every
// other node and never retries, so a partition loses values for good.
// With "gset" it serves the g-set workload instead (add/element,
// read -> value), gossiping the same way.
// With "flood" (for benchmarks): every node relays each value it first
// hears of to every other node, N*(N-1) messages per broadcast.
#include <set>

#include "harness/testdata/mini_node.h"

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  bool lossy = mode == "lossy" || mode == "flood";
  bool flood = mode == "flood";
  mini::Node node;
  std::set<int64_t> seen;
  auto gossip = [&] {
    if (lossy || seen.empty()) return;
    for (const auto& other : node.ids) {
      if (other != node.id) node.Send(other, {{"type", "gossip"}, {"messages", seen}});
    }
  };
  node.Run(
      [&](const mini::json& msg) {
        const auto& body = msg["body"];
        const std::string type = body["type"];
        if (type == "topology") {
          node.Reply(msg, {{"type", "topology_ok"}});
        } else if (type == "broadcast") {
          int64_t v = body["message"];
          bool fresh = seen.insert(v).second;
          node.Reply(msg, {{"type", "broadcast_ok"}});
          if (lossy && fresh) {
            for (const auto& other : node.ids) {
              if (other != node.id) node.Send(other, {{"type", "gossip"}, {"messages", {v}}});
            }
          }
        } else if (type == "add") {
          seen.insert(body["element"].get<int64_t>());
          node.Reply(msg, {{"type", "add_ok"}});
        } else if (type == "read") {
          node.Reply(msg, {{"type", "read_ok"}, {mode == "gset" ? "value" : "messages", seen}});
        } else if (type == "gossip") {
          for (int64_t v : body["messages"]) {
            if (!seen.insert(v).second || !flood) continue;
            for (const auto& other : node.ids) {
              if (other != node.id) node.Send(other, {{"type", "gossip"}, {"messages", {v}}});
            }
          }
        }
      },
      gossip, 200);
}
