// node-broadcast: Gossip Glomers challenges 3a-3e as a Maelstrom node.
// Usage: node-broadcast [--mode fanout|tree] [--flush-ms N] [--ack-delay-ms N] [--resend-ms N]
// (see options.h for what each setting trades).
#include <iostream>
#include <string>
#include <vector>

#include "nodes/broadcast/broadcast.h"
#include "nodes/broadcast/options.h"
#include "runtime/stdio_runtime.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  runtime::Result<broadcast::Options> options = broadcast::ParseOptions(args);
  if (!options.ok()) {
    std::cerr << "node-broadcast: " << options.error().text << "\n" << broadcast::kUsage;
    return 2;
  }
  runtime::StdioRuntime rt;
  broadcast::BroadcastNode node(rt.node(), *options);
  return rt.Run();
}
