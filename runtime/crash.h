// CrashNode: how a node stops when going on would break a promise (a failed
// check, durable state it cannot trust).
//
// As a process (the default) it prints the reason to stderr and aborts, as
// the OS would end it. A host that runs nodes inside its own process (the
// simulator, harness/host/sim_host.h) installs a handler for the length of
// each call into the node: the handler records the crash and throws
// NodeCrashed, which the runtime never turns into an error reply, so the
// host ends that one node and reports it as crashed instead of the whole
// simulation dying. Node code calls CrashNode (or KIT_CHECK), never
// std::abort, so both hosts see the same crash.
#ifndef RUNTIME_CRASH_H_
#define RUNTIME_CRASH_H_

#include <functional>
#include <string>
#include <utility>

namespace runtime {

// Thrown by an installed handler; deliberately not a std::exception, so
// handlers' catch (const std::exception&) clauses let it through.
struct NodeCrashed {
  std::string reason;
};

using CrashHandler = std::function<void(const std::string& reason)>;

// Ends the node. REQUIRES: an installed handler does not return.
[[noreturn]] void CrashNode(const std::string& reason);

// Installs `handler` until destroyed (then the previous one is back).
// Single-threaded hosts only.
class ScopedCrashHandler {
 public:
  explicit ScopedCrashHandler(CrashHandler handler);
  ~ScopedCrashHandler();
  ScopedCrashHandler(const ScopedCrashHandler&) = delete;
  ScopedCrashHandler& operator=(const ScopedCrashHandler&) = delete;

 private:
  CrashHandler previous_;
};

}  // namespace runtime

#endif  // RUNTIME_CRASH_H_
