// A g-counter / pn-counter node. Default: a state-based CRDT — each node
// keeps every node's total and gossips its map every 200 ms; reads sum it.
// With the argument "local": it never tells anyone, so each node reads only
// its own adds and the final reads disagree with the acknowledged total.
#include <map>

#include "harness/testdata/mini_node.h"

int main(int argc, char** argv) {
  bool local = argc > 1 && std::string(argv[1]) == "local";
  mini::Node node;
  std::map<std::string, int64_t> totals;
  auto gossip = [&] {
    if (local || totals.empty()) return;
    for (const auto& other : node.ids) {
      if (other != node.id) node.Send(other, {{"type", "totals"}, {"totals", totals}});
    }
  };
  node.Run(
      [&](const mini::json& msg) {
        const auto& body = msg["body"];
        const std::string type = body["type"];
        if (type == "add") {
          totals[node.id] += body["delta"].get<int64_t>();
          node.Reply(msg, {{"type", "add_ok"}});
        } else if (type == "read") {
          int64_t sum = 0;
          for (const auto& [n, t] : totals) sum += t;
          node.Reply(msg, {{"type", "read_ok"}, {"value", sum}});
        } else if (type == "totals") {
          // Only a node's own entry changes at that node; pn totals can go
          // down, so take the owner's latest word rather than the max.
          for (const auto& [n, t] : body["totals"].items()) {
            if (n != node.id) totals[n] = t.get<int64_t>();
          }
        }
      },
      gossip, 200);
}
