// Fault: one kind of failure the nemesis can start and stop: partition
// here, kill, pause and clock in process_faults.h. Nemesis composes them
// (`--nemesis partition,kill,...` builds one Fault per kind).
//
// Start and Stop act at once (they run on the loop thread) and return the
// values the nemesis records in the history. Release undoes the fault
// without a record, for teardown. A Fault never outlives what it acts on
// (the network, the node processes).
#ifndef HARNESS_NEMESIS_FAULT_H_
#define HARNESS_NEMESIS_FAULT_H_

#include <string>
#include <utility>
#include <vector>

#include "harness/history/value.h"
#include "harness/net/network.h"
#include "harness/nemesis/partition.h"
#include "harness/nemesis/targets.h"
#include "harness/run/rng.h"

namespace harness {

class Fault {
 public:
  struct Step {
    Value invoke_value;
    Value completion_value;
    std::string description;  // for the console: "majority", "healed"
  };
  virtual ~Fault() = default;
  virtual std::string name() const = 0;     // "partition", for progress lines
  virtual std::string start_f() const = 0;  // "start-partition"
  virtual std::string stop_f() const = 0;   // "stop-partition"
  virtual Step Start(Rng& rng) = 0;
  // Stops the fault (a no-op when it is not active, still recorded).
  virtual Step Stop() = 0;
  // Teardown: leaves no process stopped and no network cut; unrecorded.
  virtual void Release() { Stop(); }
  virtual bool active() const = 0;
};

// Cuts the network with a random shape, heals it whole. Shapes are
// Maelstrom's four unless the policy lists others; :primaries cuts the
// guessed primary off from every other node, both ways.
class PartitionFault : public Fault {
 public:
  PartitionFault(Network* net, std::vector<std::string> nodes, TargetPolicy policy = {})
      : net_(net), nodes_(std::move(nodes)), policy_(std::move(policy)) {}
  std::string name() const override { return "partition"; }
  std::string start_f() const override { return "start-partition"; }
  std::string stop_f() const override { return "stop-partition"; }
  Step Start(Rng& rng) override;
  Step Stop() override;
  bool active() const override { return active_; }

 private:
  Network* net_;
  std::vector<std::string> nodes_;
  TargetPolicy policy_;
  bool active_ = false;
};

// [:isolated {"n1" #{"n2"} ...}] as the history shows a grudge.
Value GrudgeValue(const Grudge& g);

}  // namespace harness

#endif  // HARNESS_NEMESIS_FAULT_H_
