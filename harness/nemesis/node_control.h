// NodeControl: what the process faults (kill, pause, clock) may do to the
// nodes of a run, whichever host runs them. The runner implements it;
// tests use a fake.
//
// Every call acts at once on the loop thread and reports whether it did
// anything (false: the node was already in that state, or has exited on
// its own, which stays a crash and is not the nemesis's to undo).
#ifndef HARNESS_NEMESIS_NODE_CONTROL_H_
#define HARNESS_NEMESIS_NODE_CONTROL_H_

#include <string>

#include "harness/nemesis/clock_skew.h"

namespace harness {

class NodeControl {
 public:
  virtual ~NodeControl() = default;
  // SIGKILL; messages to the node are dropped until it is restarted.
  virtual bool Kill(const std::string& id) = 0;
  // Starts a killed node again (same binary, arguments, directory) and
  // sends it init; the init's answer arrives later.
  virtual bool Restart(const std::string& id) = 0;
  virtual bool Pause(const std::string& id) = 0;
  virtual bool Resume(const std::string& id) = 0;
  // Skews the node's clock (clock_skew.h); {0, 1} is true time.
  virtual bool SetClock(const std::string& id, const ClockSkew& skew) = 0;
};

}  // namespace harness

#endif  // HARNESS_NEMESIS_NODE_CONTROL_H_
