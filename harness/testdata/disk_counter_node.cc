// A g-counter node: a state-based CRDT like counter_node.cc (each node owns
// its own total, gossips the map every 200 ms, takes each other node's
// latest word for that node's entry). Planted bug, mode "memory" (the
// default): a node's own total lives only in memory, so a killed and
// restarted node starts again from 0 and gossips that 0, and every node
// forgets its acknowledged adds: the final reads fall below the acked
// total, caught by the g-counter checker under --nemesis kill. Mode "disk"
// saves its total to ./total (its working directory: the bench's node
// directory, which survives a kill) before acknowledging, loads it at
// start, and must pass.
#include <cstdio>
#include <fstream>
#include <map>

#include "harness/testdata/mini_node.h"

namespace {

int64_t LoadTotal() {
  std::ifstream in("total");
  int64_t t = 0;
  return (in >> t) ? t : 0;
}

void SaveTotal(int64_t t) {
  {
    std::ofstream out("total.tmp", std::ios::trunc);
    out << t << "\n";
  }
  std::rename("total.tmp", "total");  // never half a number
}

}  // namespace

int main(int argc, char** argv) {
  bool disk = argc > 1 && std::string(argv[1]) == "disk";
  mini::Node node;
  int64_t own = disk ? LoadTotal() : 0;
  std::map<std::string, int64_t> others;
  node.Run(
      [&](const mini::json& msg) {
        const auto& body = msg["body"];
        const std::string type = body["type"];
        if (type == "add") {
          own += body["delta"].get<int64_t>();
          if (disk) SaveTotal(own);
          node.Reply(msg, {{"type", "add_ok"}});
        } else if (type == "read") {
          int64_t sum = own;
          for (const auto& [n, t] : others) sum += t;
          node.Reply(msg, {{"type", "read_ok"}, {"value", sum}});
        } else if (type == "totals") {
          for (const auto& [n, t] : body["totals"].items()) {
            if (n != node.id) others[n] = t.get<int64_t>();
          }
        }
      },
      [&] {
        if (node.id.empty()) return;
        std::map<std::string, int64_t> totals = others;
        totals[node.id] = own;
        for (const auto& other : node.ids) {
          if (other != node.id) node.Send(other, {{"type", "totals"}, {"totals", totals}});
        }
      },
      200);
}
