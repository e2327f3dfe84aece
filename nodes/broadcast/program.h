// The broadcast program (runtime/program.h): node-broadcast's main and the simulator
// both build the node through kBroadcastProgram. Flags: options.h.
#ifndef NODES_BROADCAST_PROGRAM_H_
#define NODES_BROADCAST_PROGRAM_H_

#include "runtime/program.h"

namespace broadcast {

extern const runtime::ProgramSpec kBroadcastProgram;

}  // namespace broadcast

#endif  // NODES_BROADCAST_PROGRAM_H_
