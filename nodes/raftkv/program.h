// The raftkv program (runtime/program.h): node-raftkv's main and the
// simulator both build the node through kRaftKvProgram. Flags: ParseOptions
// in raftkv.h; the state dir is --dir, else the host's, else a fresh one.
#ifndef NODES_RAFTKV_PROGRAM_H_
#define NODES_RAFTKV_PROGRAM_H_

#include "runtime/program.h"

namespace raftkv {

extern const runtime::ProgramSpec kRaftKvProgram;

}  // namespace raftkv

#endif  // NODES_RAFTKV_PROGRAM_H_
