// An echo node that logs its own clock readings to stderr at every request
// and every 50 ms tick:
// "clock mono_ms=<CLOCK_MONOTONIC via steady_clock> wall_ms=<CLOCK_REALTIME>".
// Requests matter: after a backward jump the tick waits until the clock
// catches up with its old deadline, so ticks alone would never log it.
// clock_skew.sh reads them from node-logs/ to prove that the clock nemesis
// really moves a node's clocks, monotonic time included.
#include <chrono>
#include <cstdio>

#include "harness/testdata/mini_node.h"

namespace {

void LogClocks() {
  using namespace std::chrono;
  long long mono = duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
  long long wall = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  std::fprintf(stderr, "clock mono_ms=%lld wall_ms=%lld\n", mono, wall);
  std::fflush(stderr);
}

}  // namespace

int main() {
  mini::Node node;
  node.Run(
      [&](const mini::json& msg) {
        LogClocks();
        mini::json reply = msg["body"];
        reply["type"] = "echo_ok";
        reply.erase("msg_id");
        node.Reply(msg, reply);
      },
      LogClocks, 50);
}
