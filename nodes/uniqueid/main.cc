// node-uniqueid: Gossip Glomers challenge 2 as a Maelstrom node.
// Usage: node-uniqueid [STATE_DIR]   (default: the working directory)
#include "nodes/uniqueid/uniqueid.h"
#include "runtime/stdio_runtime.h"

int main(int argc, char** argv) {
  runtime::StdioRuntime rt;
  uniqueid::UniqueIdNode node(rt.node(), argc > 1 ? argv[1] : ".");
  return rt.Run();
}
