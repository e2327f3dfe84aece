// SimProcess: one incarnation of a node inside a SimHost.
//
// The SimHost gives it input lines, fires its timers when its clock says,
// and collects the lines it writes; a kill destroys it. Two kinds:
// RuntimeSimProcess (below: a kit node, a runtime::Node running the node's
// Program, the same code its binary runs) and the bench's own test nodes
// (harness/testdata/mini_node.h), which are deliberately not built on the
// runtime so they can break the protocol.
#ifndef HARNESS_HOST_SIM_PROCESS_H_
#define HARNESS_HOST_SIM_PROCESS_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/clock.h"
#include "runtime/program.h"

namespace harness {

// What the host lends an incarnation. Valid until it is destroyed.
struct SimProcessContext {
  runtime::Clock* clock = nullptr;  // the node's own (skewed) monotonic clock
  // Its wall clock: one epoch for every node plus its skew, so unskewed
  // nodes agree, as processes on one machine do; it may go back.
  runtime::Clock* wall_clock = nullptr;
  runtime::Env* env = nullptr;      // its disk and state directory
  uint64_t seed = 0;                // fresh per incarnation
  // Writes one output line (no newline); buffered until flush() or the end
  // of the wake-up, as stdout is.
  std::function<void(std::string line)> write_line;
  // Hands what was written to the wire now (before an fsync).
  std::function<void()> flush;
  // One stderr line.
  std::function<void(std::string_view line)> log;
};

class SimProcess {
 public:
  virtual ~SimProcess() = default;
  virtual void ReceiveLine(std::string_view line) = 0;
  virtual void RunDueTimers() = 0;
  // On the node's clock; nullopt: no timer set.
  virtual std::optional<runtime::Time> NextDeadline() const = 0;
  // The kit Program this incarnation runs, for a test that inspects a
  // node's state (dynamic_cast to the node's program type); nullptr for a
  // process that is not a kit node.
  virtual runtime::Program* program() { return nullptr; }
};

// Starts one incarnation; an error is what a process would print before
// exiting with status 2 (bad arguments).
using SimProcessFactory =
    std::function<absl::StatusOr<std::unique_ptr<SimProcess>>(const SimProcessContext& context)>;

// A kit node: runtime::Node + `program` with `args`.
SimProcessFactory RuntimeSimProcess(const runtime::ProgramSpec* program, std::vector<std::string> args);

}  // namespace harness

#endif  // HARNESS_HOST_SIM_PROCESS_H_
