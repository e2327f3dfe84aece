#include "harness/process/node_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "harness/run/check.h"

extern char** environ;

namespace harness {

namespace {

void PushTail(std::deque<std::string>& tail, std::string_view line) {
  if (tail.size() < NodeProcess::kTailLines) {
    tail.emplace_back(line);
    return;
  }
  // Reuse the oldest line's buffer: every stdout line passes through here,
  // and an allocation per line is a large share of routing a small message.
  std::string reused = std::move(tail.front());
  tail.pop_front();
  reused.assign(line.data(), line.size());
  tail.push_back(std::move(reused));
}

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return absl::StrCat("exit status ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return absl::StrCat("signal ", WTERMSIG(status), " (", strsignal(WTERMSIG(status)), ")");
  }
  return absl::StrCat("wait status ", status);
}

}  // namespace

absl::StatusOr<std::unique_ptr<NodeProcess>> NodeProcess::Spawn(
    EventLoop* loop, std::string id, const std::string& bin, const std::vector<std::string>& args,
    const std::string& stderr_log, Callbacks callbacks, const SpawnOptions& options) {
  if (access(bin.c_str(), X_OK) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot execute node binary ", bin, ": ", strerror(errno)));
  }
  // Writing to a node that just died must fail with EPIPE, not kill the
  // process that owns the pipe.
  signal(SIGPIPE, SIG_IGN);
  std::unique_ptr<NodeProcess> p(new NodeProcess(loop, std::move(id)));
  p->callbacks_ = std::move(callbacks);
  p->stderr_log_ = fopen(stderr_log.c_str(), options.append_log ? "a" : "w");
  if (p->stderr_log_ == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", stderr_log, ": ", strerror(errno)));
  }
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0) return absl::InternalError("pipe failed");
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]), close(in[1]);
    return absl::InternalError("pipe failed");
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(in[0]), close(in[1]), close(out[0]), close(out[1]);
    return absl::InternalError("pipe failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());
  // A new process group, so a terminal's Ctrl-C reaches the harness, which
  // then kills its nodes itself, rather than racing them.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // The harness ignores SIGPIPE and blocks SIGINT/SIGTERM (it reads them
  // from a signalfd); a node must start with default dispositions and an
  // empty mask, as it would from a shell.
  sigset_t empty_mask, defaults;
  sigemptyset(&empty_mask);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigmask(&attr, &empty_mask);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(bin.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  // The harness's environment, with `options.env` entries replacing any of
  // the same name.
  std::vector<std::string> env_store;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    std::string_view name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const std::string& o : options.env) {
      if (std::string_view(o).substr(0, o.find('=')) == name) replaced = true;
    }
    if (!replaced) env_store.emplace_back(entry);
  }
  for (const std::string& o : options.env) env_store.push_back(o);
  std::vector<char*> envp;
  for (std::string& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);
  int rc = posix_spawn(&p->pid_, bin.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    close(in[1]), close(out[0]), close(err[0]);
    p->pid_ = -1;
    return absl::FailedPreconditionError(
        absl::StrCat("cannot start node binary ", bin, ": ", strerror(rc)));
  }
  p->stdin_fd_ = in[1];
  p->stdout_fd_ = out[0];
  p->stderr_fd_ = err[0];
  for (int fd : {p->stdin_fd_, p->stdout_fd_, p->stderr_fd_}) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  NodeProcess* raw = p.get();
  loop->Watch(p->stdout_fd_, EPOLLIN, [raw](uint32_t ev) { raw->OnStdout(ev); });
  loop->Watch(p->stderr_fd_, EPOLLIN, [raw](uint32_t ev) { raw->OnStderr(ev); });
  // stdin is watched only while output is pending (see Send/OnStdin).
  return p;
}

NodeProcess::~NodeProcess() {
  if (flush_scheduled_) loop_->CancelTurnEnd(flush_handle_);
  Kill();
  CloseStdin();
  CloseFd(stdout_fd_);
  CloseFd(stderr_fd_);
  if (stderr_log_ != nullptr) fclose(stderr_log_);
}

void NodeProcess::CloseFd(int& fd) {
  if (fd < 0) return;
  loop_->Unwatch(fd);
  close(fd);
  fd = -1;
}

void NodeProcess::CloseStdin() {
  CloseFd(stdin_fd_);
  stdin_watched_ = false;
  pending_.clear();
  pending_bytes_ = 0;
  pending_offset_ = 0;
}

bool NodeProcess::Send(std::string_view line) {
  if (stdin_fd_ < 0) return false;
  if (pending_bytes_ + line.size() + 1 > kMaxPendingBytes) return false;
  pending_.append(line.data(), line.size());
  pending_.push_back('\n');
  pending_bytes_ += line.size() + 1;
  if (stdin_watched_) return true;  // the pipe is full; EPOLLOUT writes it
  if (pending_bytes_ >= kFlushBytes) {
    // Enough to fill the pipe: write now rather than hold it for the turn.
    Flush();
  } else if (!flush_scheduled_) {
    // Write once at the end of the loop's turn rather than per line: one
    // write(2), and one wake-up of the node, for all its deliveries.
    flush_scheduled_ = true;
    flush_handle_ = loop_->AtTurnEnd([this] {
      flush_scheduled_ = false;
      Flush();
    });
  }
  return true;
}

void NodeProcess::Flush() {
  if (stdin_fd_ < 0 || pending_bytes_ == 0) return;
  OnStdin(EPOLLOUT);
  if (stdin_fd_ >= 0 && pending_bytes_ > 0 && !stdin_watched_) {
    stdin_watched_ = true;
    loop_->Watch(stdin_fd_, EPOLLOUT, [this](uint32_t ev) { OnStdin(ev); });
  }
}

void NodeProcess::OnStdin(uint32_t events) {
  while (pending_bytes_ > 0) {
    ssize_t n = write(stdin_fd_, pending_.data() + pending_offset_, pending_bytes_);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) {
        // Drop the written prefix once it dominates, so the buffer stays
        // within the bound even if the node never catches up completely.
        if (pending_offset_ > (1 << 20) && pending_offset_ > pending_bytes_) {
          pending_.erase(0, pending_offset_);
          pending_offset_ = 0;
        }
        return;  // wait for EPOLLOUT
      }
      // EPIPE: the node closed stdin or died; its input is lost like a
      // message to a crashed node.
      CloseStdin();
      return;
    }
    pending_offset_ += static_cast<size_t>(n);
    pending_bytes_ -= static_cast<size_t>(n);
  }
  pending_.clear();
  pending_offset_ = 0;
  if (stdin_watched_) {
    stdin_watched_ = false;
    loop_->Unwatch(stdin_fd_);
  }
}

void NodeProcess::OnStdout(uint32_t events) {
  char buf[65536];
  // A few reads per wake-up at most: epoll is level-triggered, so the rest
  // waits for the next turn and one chatty node cannot starve the others.
  for (int reads = 0; reads < 4; ++reads) {
    ssize_t n = read(stdout_fd_, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return;
      n = 0;  // treat read errors as end of file
    }
    if (n == 0) {
      if (!stdout_buf_.empty() && !discarding_long_line_) {
        std::string last = std::move(stdout_buf_);
        stdout_buf_.clear();
        PushTail(stdout_tail_, last);
        callbacks_.on_line(last);
      }
      CloseFd(stdout_fd_);
      NoteExit();
      return;
    }
    SplitLines(std::string_view(buf, static_cast<size_t>(n)));
  }
}

void NodeProcess::SplitLines(std::string_view chunk) {
  // A line wholly inside the chunk is handed on in place; only a line
  // split across reads is assembled in stdout_buf_ (whose capacity stays).
  while (!chunk.empty()) {
    const char* nl = static_cast<const char*>(std::memchr(chunk.data(), '\n', chunk.size()));
    size_t len = nl == nullptr ? chunk.size() : static_cast<size_t>(nl - chunk.data());
    std::string_view piece = chunk.substr(0, len);
    chunk.remove_prefix(nl == nullptr ? len : len + 1);
    if (discarding_long_line_) {
      if (nl != nullptr) discarding_long_line_ = false;
      continue;
    }
    if (nl == nullptr) {
      stdout_buf_.append(piece);
      if (stdout_buf_.size() > kMaxLineBytes) {
        // Report the over-long line by its beginning and skip the rest of it.
        std::string head = stdout_buf_.substr(0, 200);
        stdout_buf_.clear();
        discarding_long_line_ = true;
        callbacks_.on_line(
            absl::StrCat(head, "... (line longer than ", kMaxLineBytes, " bytes)"));
      }
      return;
    }
    std::string_view line = piece;
    if (!stdout_buf_.empty()) {
      stdout_buf_.append(piece);
      line = stdout_buf_;
    }
    PushTail(stdout_tail_, line);
    callbacks_.on_line(line);
    stdout_buf_.clear();
  }
}

void NodeProcess::OnStderr(uint32_t events) {
  char buf[65536];
  for (int reads = 0; reads < 4; ++reads) {
    ssize_t n = read(stderr_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) {
      if (!stderr_buf_.empty()) {
        PushTail(stderr_tail_, stderr_buf_);
        if (callbacks_.on_stderr) callbacks_.on_stderr(stderr_buf_);
        stderr_buf_.clear();
      }
      CloseFd(stderr_fd_);
      return;
    }
    fwrite(buf, 1, static_cast<size_t>(n), stderr_log_);
    stderr_buf_.append(buf, static_cast<size_t>(n));
    size_t pos;
    while ((pos = stderr_buf_.find('\n')) != std::string::npos) {
      std::string line = stderr_buf_.substr(0, pos);
      stderr_buf_.erase(0, pos + 1);
      PushTail(stderr_tail_, line);
      if (callbacks_.on_stderr) callbacks_.on_stderr(line);
    }
    if (stderr_buf_.size() > kMaxLineBytes) stderr_buf_.clear();  // bound the buffer
  }
}

void NodeProcess::NoteExit() {
  // stdout closed: the node exited or closed it on purpose. Wait briefly for
  // the exit so the report can say how it ended.
  Reap(/*block=*/true, /*wait_ms=*/200);
  if (!exit_reported_) {
    exit_reported_ = true;
    if (callbacks_.on_exit) {
      callbacks_.on_exit(exited_ ? exit_status_ : std::string("closed its stdout"));
    }
  }
}

void NodeProcess::Reap(bool block, int wait_ms) {
  if (pid_ < 0 || exited_) return;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exited_ = true;
      exit_status_ = DescribeWaitStatus(status);
      return;
    }
    if (r < 0 && errno != EINTR) {
      exited_ = true;
      exit_status_ = "unknown (not our child)";
      return;
    }
    if (!block || std::chrono::steady_clock::now() >= deadline) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

void NodeProcess::Pause() {
  if (pid_ >= 0 && !Poll()) kill(pid_, SIGSTOP);
}

void NodeProcess::Resume() {
  if (pid_ >= 0 && !Poll()) kill(pid_, SIGCONT);
}

void NodeProcess::Kill(int wait_ms) {
  if (pid_ < 0) return;
  Reap(/*block=*/false, 0);
  if (!exited_) {
    kill(pid_, SIGKILL);
    Reap(/*block=*/true, wait_ms);
  }
}

}  // namespace harness
