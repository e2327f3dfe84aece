// MakeKafkaNode: builds the node that --mode asks for on a runtime::Node.
// The returned object owns everything the node needs beyond the Node
// itself (its Disk in owner mode) and must outlive the event loop.
#ifndef NODES_KAFKA_PROGRAM_H_
#define NODES_KAFKA_PROGRAM_H_

#include <memory>

#include "runtime/disk.h"
#include "nodes/kafka/options.h"
#include "runtime/node.h"

namespace kafka {

struct Program {
  virtual ~Program() = default;
};

// Owner mode on `disk` (tests pass a MemDisk; nullptr means real files).
// REQUIRES: owner mode has options.dir set.
std::unique_ptr<Program> MakeKafkaNode(runtime::Node& node, Options options, std::unique_ptr<runtime::Disk> disk = nullptr);

}  // namespace kafka

#endif  // NODES_KAFKA_PROGRAM_H_
