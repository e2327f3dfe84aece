// The kafka program (runtime/program.h): node-kafka's main and the
// simulator both build the node through kKafkaProgram. Flags: options.h.
// Owner mode keeps its log on env.disk, in --dir, else the host's state
// dir, else a fresh private one; linkv mode touches no disk.
#ifndef NODES_KAFKA_PROGRAM_H_
#define NODES_KAFKA_PROGRAM_H_

#include "runtime/program.h"

namespace kafka {

extern const runtime::ProgramSpec kKafkaProgram;

}  // namespace kafka

#endif  // NODES_KAFKA_PROGRAM_H_
