// node-echo: Gossip Glomers challenge 1 as a Maelstrom node.
#include "nodes/echo/echo.h"
#include "runtime/stdio_runtime.h"

int main() {
  runtime::StdioRuntime rt;
  echo::Install(rt.node());
  return rt.Run();
}
