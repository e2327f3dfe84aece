// The kafka program (runtime/program.h): node-kafka's main and the
// simulator both build the node through kKafkaProgram. Flags: options.h.
// Owner mode keeps its log on env.disk, in --dir, else the host's state
// dir, else a fresh private one; linkv mode touches no disk.
// The program types are what `make` returns, visible so a simulator test
// can inspect a running node (harness::SimCluster::program).
#ifndef NODES_KAFKA_PROGRAM_H_
#define NODES_KAFKA_PROGRAM_H_

#include "nodes/kafka/linkv_node.h"
#include "nodes/kafka/options.h"
#include "nodes/kafka/owner_node.h"
#include "runtime/program.h"

namespace kafka {

extern const runtime::ProgramSpec kKafkaProgram;

struct OwnerProgram final : runtime::Program {
  OwnerProgram(runtime::Node& node, runtime::Disk& disk, Options options) : owner(node, disk, std::move(options)) {}
  OwnerNode owner;
};

struct LinKvProgram final : runtime::Program {
  explicit LinKvProgram(runtime::Node& node) : linkv(node) {}
  LinKvNode linkv;
};

}  // namespace kafka

#endif  // NODES_KAFKA_PROGRAM_H_
