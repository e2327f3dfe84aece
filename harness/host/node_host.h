// NodeHost: one node of a run, as the runner sees it: lines in, lines out.
//
// The boundary is whole lines, so the codec, the envelope parser, the
// protocol checks and the network journal stay above it and a verdict means
// the same under every host. Two hosts: ProcessHost (process_host.h: a node
// binary on pipes, libfaketime for clock skew, a directory as its disk) and
// SimHost (sim_host.h: the node's program in this process, on the virtual
// clock of a SimLoop and a simulated disk).
//
// Lifecycle: Start (fresh memory; the disk is whatever the last
// incarnation left) -> running; Kill -> down (memory lost; the disk keeps
// what the host's disk model says survives a crash); Start again restarts.
// Pause stops the node reading input and firing timers until Resume; input
// sent meanwhile waits, in order. Callbacks run on the loop thread, never
// from inside Deliver, Start or Kill of the same host; they may not destroy
// the host.
#ifndef HARNESS_HOST_NODE_HOST_H_
#define HARNESS_HOST_NODE_HOST_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "harness/nemesis/clock_skew.h"

namespace harness {

class NodeHost {
 public:
  struct Callbacks {
    // One line the node printed to stdout (without the newline).
    std::function<void(std::string_view line)> on_line;
    // One line the node logged (stderr).
    std::function<void(std::string_view line)> on_stderr;
    // The node ended on its own (not by Kill): "exit status 3",
    // "signal 6 (Aborted)", or the simulated host's reason.
    std::function<void(const std::string& status)> on_exit;
  };

  virtual ~NodeHost() = default;

  // Starts the node; `restart` after a Kill (its log is appended to).
  virtual absl::Status Start(bool restart) = 0;
  // Queues one line for the node's input. Returns false (and queues nothing)
  // when its input is over the bound or closed.
  virtual bool Deliver(std::string_view line) = 0;
  // Ends the node at once; idempotent.
  virtual void Kill() = 0;
  virtual void Pause() = 0;
  virtual void Resume() = 0;
  // Sets the node's clock relative to true time; {0, 1} restores it.
  // False when this host cannot skew clocks.
  virtual bool SetClock(const ClockSkew& skew) = 0;

  // True once the node has ended on its own (checks without waiting).
  virtual bool Poll() = 0;
  // Why it ended; empty while running.
  virtual std::string exit_status() const = 0;
  // Its last stderr lines, for a crash report.
  virtual std::vector<std::string> stderr_tail() const = 0;
  // Input bytes queued but not yet read by the node.
  virtual size_t pending_bytes() const = 0;
  // "pid 1234" or "in-process", for logs.
  virtual std::string describe() const = 0;
};

// What a host needs to know about its node.
struct NodeHostSpec {
  std::string id;        // "n1"
  std::string dir;       // the node's directory in the store (cwd / disk image)
  std::string log_path;  // where its stderr goes
};

using NodeHostFactory =
    std::function<std::unique_ptr<NodeHost>(const NodeHostSpec& spec, NodeHost::Callbacks callbacks)>;

}  // namespace harness

#endif  // HARNESS_HOST_NODE_HOST_H_
