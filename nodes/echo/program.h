// The echo program (runtime/program.h): node-echo's main and the simulator
// both build the node through kEchoProgram. No arguments.
#ifndef NODES_ECHO_PROGRAM_H_
#define NODES_ECHO_PROGRAM_H_

#include "runtime/program.h"

namespace echo {

extern const runtime::ProgramSpec kEchoProgram;

}  // namespace echo

#endif  // NODES_ECHO_PROGRAM_H_
