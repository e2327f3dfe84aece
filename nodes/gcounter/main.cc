// node-gcounter: Gossip Glomers challenge 4 as a Maelstrom node (no arguments).
#include "nodes/gcounter/gcounter.h"
#include "runtime/stdio_runtime.h"

int main() {
  runtime::StdioRuntime rt;
  gcounter::GCounterNode node(rt.node(), gcounter::Options{});
  return rt.Run();
}
