// The txn program (runtime/program.h): node-txn's main and the simulator
// both build the node through kTxnProgram. Flags: options.h.
// TxnProgram is what `make` returns, visible so a simulator test can
// inspect a running node's state (harness::SimCluster::program).
#ifndef NODES_TXN_PROGRAM_H_
#define NODES_TXN_PROGRAM_H_

#include "nodes/txn/options.h"
#include "nodes/txn/txn_node.h"
#include "runtime/program.h"

namespace txn {

extern const runtime::ProgramSpec kTxnProgram;

struct TxnProgram final : runtime::Program {
  TxnProgram(runtime::Node& node, const Options& options) : txn(node, options) {}
  TxnNode txn;
};

}  // namespace txn

#endif  // NODES_TXN_PROGRAM_H_
