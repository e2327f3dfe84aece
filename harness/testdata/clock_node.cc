// An echo node that logs its own clock readings to stderr at every request
// and every 50 ms tick:
// "clock mono_ms=<CLOCK_MONOTONIC via steady_clock> wall_ms=<CLOCK_REALTIME>"
// (Node::Now and Node::WallNow; in-process both read the virtual clock).
// Requests matter: after a backward jump the tick waits until the clock
// catches up with its old deadline, so ticks alone would never log it.
// clock_skew.sh reads them from node-logs/ to prove that the clock nemesis
// really moves a node's clocks, monotonic time included.
#include "harness/testdata/bench_factories.h"
#include "harness/testdata/mini_main.h"

namespace bench {
namespace {

class ClockEcho final : public mini::Program {
 public:
  explicit ClockEcho(mini::Node& node) : node_(node) {}

  int tick_ms() const override { return 50; }
  void Tick() override { LogClocks(); }

  void Handle(const mini::json& msg) override {
    LogClocks();
    mini::json reply = msg["body"];
    reply["type"] = "echo_ok";
    reply.erase("msg_id");
    node_.Reply(msg, reply);
  }

 private:
  void LogClocks() {
    node_.Log("clock mono_ms=" + std::to_string(node_.NowMs()) +
              " wall_ms=" + std::to_string(node_.WallMs()));
  }

  mini::Node& node_;
};

}  // namespace

std::unique_ptr<mini::Program> MakeClockNode(mini::Node& node, const mini::Args&) {
  return std::make_unique<ClockEcho>(node);
}

}  // namespace bench

#ifndef MINI_NO_MAIN
int main(int argc, char** argv) { return mini::Main(argc, argv, &bench::MakeClockNode); }
#endif
