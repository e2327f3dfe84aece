// The txn program (runtime/program.h): node-txn's main and the simulator
// both build the node through kTxnProgram. Flags: options.h.
#ifndef NODES_TXN_PROGRAM_H_
#define NODES_TXN_PROGRAM_H_

#include "runtime/program.h"

namespace txn {

extern const runtime::ProgramSpec kTxnProgram;

}  // namespace txn

#endif  // NODES_TXN_PROGRAM_H_
