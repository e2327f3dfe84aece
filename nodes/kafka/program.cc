#include "nodes/kafka/program.h"

#include "nodes/kafka/linkv_node.h"
#include "nodes/kafka/owner_node.h"

namespace kafka {
namespace {

struct OwnerProgram final : Program {
  OwnerProgram(runtime::Node& node, Options options, std::unique_ptr<runtime::Disk> d)
      : disk(std::move(d)), owner(node, *disk, std::move(options)) {}
  std::unique_ptr<runtime::Disk> disk;
  OwnerNode owner;
};

struct LinKvProgram final : Program {
  explicit LinKvProgram(runtime::Node& node) : linkv(node) {}
  LinKvNode linkv;
};

}  // namespace

std::unique_ptr<Program> MakeKafkaNode(runtime::Node& node, Options options, std::unique_ptr<runtime::Disk> disk) {
  if (options.mode == Options::Mode::kLinKv) return std::make_unique<LinKvProgram>(node);
  if (disk == nullptr) disk = runtime::NewPosixDisk();
  return std::make_unique<OwnerProgram>(node, std::move(options), std::move(disk));
}

}  // namespace kafka
