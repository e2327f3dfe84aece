// node-txn: Gossip Glomers challenge 6a-6c (txn-rw-register and
// txn-list-append, totally available). Flags: options.h.
#include <iostream>
#include <string>
#include <vector>

#include "nodes/txn/options.h"
#include "nodes/txn/txn_node.h"
#include "runtime/stdio_runtime.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  runtime::Result<txn::Options> options = txn::ParseOptions(args);
  if (!options.ok()) {
    std::cerr << "node-txn: " << options.error().text << "\n" << txn::kUsage;
    return 2;
  }
  runtime::StdioRuntime rt;
  txn::TxnNode node(rt.node(), *options);
  return rt.Run();
}
