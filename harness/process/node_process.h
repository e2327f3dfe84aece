// NodeProcess: one spawned node binary and its three pipes, driven by the
// EventLoop.
//
// Spawn starts `bin args...` with stdin/stdout/stderr on non-blocking pipes.
// Lines queued with Send are written in one batch at the end of the loop's
// turn (EventLoop::AtTurnEnd: one write(2) for many messages), or at once
// when kFlushBytes are pending. Lines the node prints on stdout go to `on_line` one at a time (without the
// newline); its stderr is appended to `stderr_log` as it arrives and each
// stderr line also goes to `on_stderr`. Send queues a line for stdin; the
// queue is bounded (kMaxPendingBytes) so a node that stops reading cannot
// stall or exhaust the harness: a line that does not fit is refused.
// When stdout reaches end of file the process is reaped if it has exited
// and `on_exit(status_text)` is called once.
//
// SpawnOptions give the child its working directory (a node's "disk"),
// extra environment entries (the clock nemesis's libfaketime settings) and
// whether its stderr log is appended to (a restarted node keeps one log).
// Pause/Resume send SIGSTOP/SIGCONT: a paused node reads nothing, so its
// input queues in the pipe and then in the bounded pending buffer.
//
// The object owns the child: destroying it kills (SIGKILL) and reaps it.
// Callbacks run on the loop thread; they may not destroy this object.
#ifndef HARNESS_PROCESS_NODE_PROCESS_H_
#define HARNESS_PROCESS_NODE_PROCESS_H_

#include <sys/types.h>

#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/run/event_loop.h"

namespace harness {

class NodeProcess {
 public:
  static constexpr size_t kMaxPendingBytes = 64 << 20;
  static constexpr size_t kMaxLineBytes = 16 << 20;
  static constexpr size_t kTailLines = 32;
  static constexpr size_t kFlushBytes = 64 << 10;

  struct Callbacks {
    std::function<void(std::string_view line)> on_line;
    std::function<void(std::string_view line)> on_stderr;
    std::function<void(const std::string& status)> on_exit;
  };

  struct SpawnOptions {
    std::string cwd;               // empty: the harness's own
    std::vector<std::string> env;  // "NAME=value", added to (and overriding) the harness's
    bool append_log = false;
  };

  // On success the running child. Fails (and starts nothing) when the binary
  // cannot be executed or a pipe/log file cannot be created.
  static absl::StatusOr<std::unique_ptr<NodeProcess>> Spawn(
      EventLoop* loop, std::string id, const std::string& bin,
      const std::vector<std::string>& args, const std::string& stderr_log, Callbacks callbacks,
      const SpawnOptions& options);
  static absl::StatusOr<std::unique_ptr<NodeProcess>> Spawn(
      EventLoop* loop, std::string id, const std::string& bin,
      const std::vector<std::string>& args, const std::string& stderr_log, Callbacks callbacks) {
    return Spawn(loop, std::move(id), bin, args, stderr_log, std::move(callbacks), {});
  }
  ~NodeProcess();

  // Queues `line` + "\n" for the node's stdin. Returns false (and queues
  // nothing) when the node's pending input is over the bound or its stdin is
  // closed.
  bool Send(std::string_view line);
  // SIGKILL, then wait for the exit (bounded; a child stuck in the kernel is
  // left after `wait_ms`). Idempotent.
  void Kill(int wait_ms = 5000);
  // SIGSTOP / SIGCONT; no-ops once the child has exited.
  void Pause();
  void Resume();

  const std::string& id() const { return id_; }
  pid_t pid() const { return pid_; }
  bool exited() const { return exited_; }
  // Reaps the child if it has exited (without waiting); returns exited().
  bool Poll() {
    Reap(/*block=*/false, 0);
    return exited_;
  }
  // "exit status 3" / "signal 9 (Killed)"; empty while running.
  const std::string& exit_status() const { return exit_status_; }
  size_t pending_bytes() const { return pending_bytes_; }
  const std::deque<std::string>& stdout_tail() const { return stdout_tail_; }
  const std::deque<std::string>& stderr_tail() const { return stderr_tail_; }

 private:
  NodeProcess(EventLoop* loop, std::string id) : loop_(loop), id_(std::move(id)) {}
  void OnStdin(uint32_t events);
  void Flush();
  void OnStdout(uint32_t events);
  // Hands each complete line of `chunk` (bytes just read) to on_line and
  // keeps an unfinished last line for the next read.
  void SplitLines(std::string_view chunk);
  void OnStderr(uint32_t events);
  void CloseStdin();
  void CloseFd(int& fd);
  void NoteExit();
  void Reap(bool block, int wait_ms);

  EventLoop* loop_;
  std::string id_;
  Callbacks callbacks_;
  pid_t pid_ = -1;
  int stdin_fd_ = -1, stdout_fd_ = -1, stderr_fd_ = -1;
  FILE* stderr_log_ = nullptr;
  // Unwritten stdin bytes are pending_.substr(pending_offset_); lines sent
  // within one loop turn are written together by one flush.
  std::string pending_;
  size_t pending_offset_ = 0;
  size_t pending_bytes_ = 0;
  bool flush_scheduled_ = false;
  uint64_t flush_handle_ = 0;
  bool stdin_watched_ = false;
  std::string stdout_buf_, stderr_buf_;
  bool discarding_long_line_ = false;
  bool exited_ = false;
  bool exit_reported_ = false;
  std::string exit_status_;
  std::deque<std::string> stdout_tail_, stderr_tail_;
};

}  // namespace harness

#endif  // HARNESS_PROCESS_NODE_PROCESS_H_
