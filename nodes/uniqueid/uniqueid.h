// Unique ids (Gossip Glomers challenge 2), totally available: every node
// answers `generate` alone, with no messages to anyone, so partitions cannot
// delay it.
//
// An id is the string "<node id>.<boot epoch>.<sequence>", e.g. "n1.3.17":
// node ids are distinct within a cluster, the boot epoch (epoch_file.h)
// differs between two runs of the same node id, and the sequence differs
// between two ids of one run. All ids are strings, so Maelstrom's checker can
// compare them. If the epoch file cannot be used, the node falls back to a
// random 64-bit epoch (in hex), logs why, and stays available: uniqueness is
// then probabilistic (a collision needs two boots to draw the same 64 bits).
#ifndef NODES_UNIQUEID_UNIQUEID_H_
#define NODES_UNIQUEID_UNIQUEID_H_

#include <cstdint>
#include <optional>
#include <string>

#include "runtime/disk.h"
#include "runtime/node.h"

namespace uniqueid {

class IdGenerator {
 public:
  IdGenerator(std::string node_id, std::string epoch)
      : prefix_(node_id + "." + epoch + "."), next_(0) {}
  std::string Next() { return prefix_ + std::to_string(next_++); }

 private:
  std::string prefix_;
  uint64_t next_;
};

// Registers `generate` on `node`. The epoch file lives in `state_dir` on
// `disk` and is named after the node id, since under Maelstrom all nodes
// share one working directory. `disk` must outlive the node.
class UniqueIdNode {
 public:
  UniqueIdNode(runtime::Node& node, runtime::Disk& disk, std::string state_dir);

 private:
  void Start();

  runtime::Node& node_;
  runtime::Disk& disk_;
  std::string state_dir_;
  std::optional<IdGenerator> ids_;
};

}  // namespace uniqueid

#endif  // NODES_UNIQUEID_UNIQUEID_H_
