// The gcounter program (runtime/program.h): node-gcounter's main and the simulator
// both build the node through kGCounterProgram. No arguments.
#ifndef NODES_GCOUNTER_PROGRAM_H_
#define NODES_GCOUNTER_PROGRAM_H_

#include "runtime/program.h"

namespace gcounter {

extern const runtime::ProgramSpec kGCounterProgram;

}  // namespace gcounter

#endif  // NODES_GCOUNTER_PROGRAM_H_
