// A g-counter node: a state-based CRDT like counter_node.cc (each node owns
// its own total, gossips the map every 200 ms, takes each other node's
// latest word for that node's entry). Planted bug, mode "memory" (the
// default): a node's own total lives only in memory, so a killed and
// restarted node starts again from 0 and gossips that 0, and every node
// forgets its acknowledged adds: the final reads fall below the acked
// total, caught by the g-counter checker under --nemesis kill. Mode "disk"
// saves its total to the file "total" (Node::WriteFileAtomic: its node
// directory, which survives a kill) before acknowledging, loads it at
// start, and must pass.
#include <map>
#include <sstream>

#include "harness/testdata/bench_factories.h"
#include "harness/testdata/mini_main.h"

namespace bench {
namespace {

int64_t LoadTotal(mini::Node& node) {
  std::istringstream in(node.io->ReadFile("total").value_or(""));
  int64_t t = 0;
  return (in >> t) ? t : 0;
}

class DiskCounter final : public mini::Program {
 public:
  DiskCounter(mini::Node& node, bool disk)
      : node_(node), disk_(disk), own_(disk ? LoadTotal(node) : 0) {}

  int tick_ms() const override { return 200; }

  void Tick() override {
    if (node_.id.empty()) return;
    std::map<std::string, int64_t> totals = others_;
    totals[node_.id] = own_;
    for (const auto& other : node_.ids) {
      if (other != node_.id) node_.Send(other, {{"type", "totals"}, {"totals", totals}});
    }
  }

  void Handle(const mini::json& msg) override {
    const auto& body = msg["body"];
    const std::string type = body["type"];
    if (type == "add") {
      own_ += body["delta"].get<int64_t>();
      if (disk_) node_.io->WriteFileAtomic("total", std::to_string(own_) + "\n");
      node_.Reply(msg, {{"type", "add_ok"}});
    } else if (type == "read") {
      int64_t sum = own_;
      for (const auto& [n, t] : others_) sum += t;
      node_.Reply(msg, {{"type", "read_ok"}, {"value", sum}});
    } else if (type == "totals") {
      // Each entry from its owner only: a relayed copy may be older than
      // what we hold (counter_node.cc says how harness sim found that).
      const std::string src = msg["src"];
      for (const auto& [n, t] : body["totals"].items()) {
        if (n == src && n != node_.id) others_[n] = t.get<int64_t>();
      }
    }
  }

 private:
  mini::Node& node_;
  const bool disk_;
  int64_t own_;
  std::map<std::string, int64_t> others_;
};

}  // namespace

std::unique_ptr<mini::Program> MakeDiskCounterNode(mini::Node& node, const mini::Args& args) {
  return std::make_unique<DiskCounter>(node, !args.empty() && args[0] == "disk");
}

}  // namespace bench

#ifndef MINI_NO_MAIN
int main(int argc, char** argv) { return mini::Main(argc, argv, &bench::MakeDiskCounterNode); }
#endif
