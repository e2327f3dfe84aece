// The uniqueid program (runtime/program.h): node-uniqueid's main and the
// simulator both build the node through kUniqueIdProgram.
// Arguments: [STATE_DIR], where the boot-epoch file lives; without it the
// host's state dir, else the working directory.
#ifndef NODES_UNIQUEID_PROGRAM_H_
#define NODES_UNIQUEID_PROGRAM_H_

#include "runtime/program.h"

namespace uniqueid {

extern const runtime::ProgramSpec kUniqueIdProgram;

}  // namespace uniqueid

#endif  // NODES_UNIQUEID_PROGRAM_H_
