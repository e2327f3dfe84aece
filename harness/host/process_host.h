// ProcessHost: a NodeHost (node_host.h) that runs the node as a process on
// pipes: today's NodeProcess, plus what only a process needs.
//
// The node runs `bin args...` in its directory (spec.dir, its cwd and its
// disk, kept across a kill and restart), with KIT_STATE_DIR naming that
// directory, its stderr appended to spec.log_path. With a libfaketime path
// every incarnation preloads libfaketime, which reads the node's clock spec
// from <dir>/faketime.rc on every clock call; SetClock rewrites that file
// (ClockSkew -> libfaketime's spec text happens here and nowhere else), and
// a first Start writes true time there. Kill resumes a paused node,
// SIGKILLs and reaps it, and removes the libfaketime shared memory a killed
// process leaves in /dev/shm. Pause/Resume are SIGSTOP/SIGCONT.
//
// Owns its process: destroying the host kills it. The EventLoop must
// outlive the host. Loop thread only.
#ifndef HARNESS_HOST_PROCESS_HOST_H_
#define HARNESS_HOST_PROCESS_HOST_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "harness/host/node_host.h"
#include "harness/process/node_process.h"
#include "harness/run/event_loop.h"

namespace harness {

struct ProcessHostOptions {
  std::string bin;                // the node binary, as it will be executed
  std::vector<std::string> args;  // its arguments
  std::string libfaketime;        // empty: no clock skew (SetClock is false)
  // Where operating errors of the host go (an unwritable faketime.rc);
  // may be empty.
  std::function<void(const std::string&)> log;
};

class ProcessHost : public NodeHost {
 public:
  ProcessHost(EventLoop* loop, ProcessHostOptions options, NodeHostSpec spec, Callbacks callbacks);
  ~ProcessHost() override;
  ProcessHost(const ProcessHost&) = delete;
  ProcessHost& operator=(const ProcessHost&) = delete;

  // Fails (starting nothing) when the binary cannot be executed, a pipe or
  // the log cannot be made, or the first faketime.rc cannot be written.
  absl::Status Start(bool restart) override;
  bool Deliver(std::string_view line) override;
  void Kill() override;
  void Pause() override;
  void Resume() override;
  // Rewrites faketime.rc (whole, renamed into place); works while the node
  // is down too, so a restart comes up with the skew. False without
  // libfaketime or when the file cannot be written (logged).
  bool SetClock(const ClockSkew& skew) override;

  bool Poll() override;
  std::string exit_status() const override;
  std::vector<std::string> stderr_tail() const override;
  size_t pending_bytes() const override;
  std::string describe() const override;

 private:
  EventLoop* loop_;
  ProcessHostOptions options_;
  NodeHostSpec spec_;
  Callbacks callbacks_;
  std::unique_ptr<NodeProcess> process_;  // null before Start and after Kill
  bool paused_ = false;
};

// The libfaketime to preload for the clock nemesis: $HARNESS_LIBFAKETIME,
// else the one found at build time; empty when neither is readable.
std::string LibfaketimePath();

// A factory of ProcessHosts on `loop`, all running `options`' binary.
NodeHostFactory MakeProcessHostFactory(EventLoop* loop, ProcessHostOptions options);

}  // namespace harness

#endif  // HARNESS_HOST_PROCESS_HOST_H_
