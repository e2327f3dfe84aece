// The broadcast program (runtime/program.h): node-broadcast's main and the simulator
// both build the node through kBroadcastProgram. Flags: options.h.
// BroadcastProgram is what `make` returns, visible so a simulator test can
// inspect a running node's state (harness::SimCluster::program).
#ifndef NODES_BROADCAST_PROGRAM_H_
#define NODES_BROADCAST_PROGRAM_H_

#include "nodes/broadcast/broadcast.h"
#include "runtime/program.h"

namespace broadcast {

extern const runtime::ProgramSpec kBroadcastProgram;

struct BroadcastProgram final : runtime::Program {
  BroadcastProgram(runtime::Node& node, const Options& options) : broadcast(node, options) {}
  BroadcastNode broadcast;
};

}  // namespace broadcast

#endif  // NODES_BROADCAST_PROGRAM_H_
