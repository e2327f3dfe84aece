// A g-counter / pn-counter node. Default: a state-based CRDT — each node
// keeps every node's total and gossips its map every 200 ms; reads sum it.
// With the argument "local": it never tells anyone, so each node reads only
// its own adds and the final reads disagree with the acknowledged total.
#include <map>

#include "harness/testdata/bench_factories.h"
#include "harness/testdata/mini_main.h"

namespace bench {
namespace {

class Counter final : public mini::Program {
 public:
  Counter(mini::Node& node, bool local) : node_(node), local_(local) {}

  int tick_ms() const override { return 200; }

  void Tick() override {
    if (local_ || totals_.empty()) return;
    for (const auto& other : node_.ids) {
      if (other != node_.id) node_.Send(other, {{"type", "totals"}, {"totals", totals_}});
    }
  }

  void Handle(const mini::json& msg) override {
    const auto& body = msg["body"];
    const std::string type = body["type"];
    if (type == "add") {
      totals_[node_.id] += body["delta"].get<int64_t>();
      node_.Reply(msg, {{"type", "add_ok"}});
    } else if (type == "read") {
      int64_t sum = 0;
      for (const auto& [n, t] : totals_) sum += t;
      node_.Reply(msg, {{"type", "read_ok"}, {"value", sum}});
    } else if (type == "totals") {
      // Only a node's own entry changes at that node; pn totals can go
      // down, so take the owner's latest word rather than the max, and take
      // it from the owner alone: a relayed copy may be older than what we
      // hold, and once relayed copies overwrote fresher ones two nodes
      // could pass a stale entry back and forth for good (harness sim,
      // seeds 2 of 2-5: a final read 5 below the acked total).
      const std::string src = msg["src"];
      for (const auto& [n, t] : body["totals"].items()) {
        if (n == src) totals_[n] = t.get<int64_t>();
      }
    }
  }

 private:
  mini::Node& node_;
  const bool local_;
  std::map<std::string, int64_t> totals_;
};

}  // namespace

std::unique_ptr<mini::Program> MakeCounterNode(mini::Node& node, const mini::Args& args) {
  return std::make_unique<Counter>(node, !args.empty() && args[0] == "local");
}

}  // namespace bench

#ifndef MINI_NO_MAIN
int main(int argc, char** argv) { return mini::Main(argc, argv, &bench::MakeCounterNode); }
#endif
