#include "harness/host/process_host.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"

namespace harness {

std::string LibfaketimePath() {
  std::string path;
  if (const char* env = std::getenv("HARNESS_LIBFAKETIME"); env != nullptr && *env != '\0') {
    path = env;
  } else {
#ifdef HARNESS_LIBFAKETIME
    path = HARNESS_LIBFAKETIME;
#endif
  }
  if (path.empty() || access(path.c_str(), R_OK) != 0) return "";
  return path;
}

ProcessHost::ProcessHost(EventLoop* loop, ProcessHostOptions options, NodeHostSpec spec,
                         Callbacks callbacks)
    : loop_(loop),
      options_(std::move(options)),
      spec_(std::move(spec)),
      callbacks_(std::move(callbacks)) {}

ProcessHost::~ProcessHost() { Kill(); }

absl::Status ProcessHost::Start(bool restart) {
  if (process_ != nullptr) {
    return absl::FailedPreconditionError(absl::StrCat("node ", spec_.id, " is already running"));
  }
  if (!options_.libfaketime.empty() && !restart && !SetClock(ClockSkew{})) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", spec_.dir, "/faketime.rc"));
  }
  NodeProcess::SpawnOptions opts;
  opts.cwd = spec_.dir;
  opts.append_log = restart;
  // Tells a node where durable state of this run lives (the directory also
  // is its cwd): the real Maelstrom starts nodes in a /tmp shared with
  // earlier runs, so a node cannot trust its cwd to be fresh unless told.
  opts.env.push_back(absl::StrCat("KIT_STATE_DIR=", spec_.dir));
  if (!options_.libfaketime.empty()) {
    const char* preload = std::getenv("LD_PRELOAD");
    opts.env.insert(opts.env.end(), {
        absl::StrCat("LD_PRELOAD=", options_.libfaketime,
                     preload != nullptr && *preload != '\0' ? absl::StrCat(":", preload) : ""),
        absl::StrCat("FAKETIME_TIMESTAMP_FILE=", spec_.dir, "/faketime.rc"),
        // Read the spec on every clock call (about 5 us each), so a skew
        // takes effect at the moment the history records it.
        "FAKETIME_NO_CACHE=1",
        // libfaketime fakes CLOCK_MONOTONIC unless told not to; make sure.
        "FAKETIME_DONT_FAKE_MONOTONIC=0",
    });
  }
  NodeProcess::Callbacks cb{callbacks_.on_line, callbacks_.on_stderr, callbacks_.on_exit};
  auto p = NodeProcess::Spawn(loop_, spec_.id, options_.bin, options_.args, spec_.log_path,
                              std::move(cb), opts);
  if (!p.ok()) return p.status();
  process_ = std::move(*p);
  paused_ = false;
  return absl::OkStatus();
}

bool ProcessHost::Deliver(std::string_view line) {
  return process_ != nullptr && process_->Send(line);
}

void ProcessHost::Kill() {
  if (process_ == nullptr) return;
  // A stopped process dies of SIGKILL too, but resume it first so nothing
  // is ever left stopped.
  if (paused_) process_->Resume();
  paused_ = false;
  pid_t pid = process_->pid();
  process_->Kill();
  if (!options_.libfaketime.empty() && pid > 0) {
    // Named by the pid of the process that created them (libfaketime's
    // ft_shm_create); only an orderly exit removes them.
    std::remove(absl::StrCat("/dev/shm/faketime_shm_", pid).c_str());
    std::remove(absl::StrCat("/dev/shm/sem.faketime_sem_", pid).c_str());
  }
  // Gone with its pipes: nothing of a killed incarnation reaches the
  // callbacks (its end is the nemesis's doing, not a crash).
  process_.reset();
}

void ProcessHost::Pause() {
  if (process_ == nullptr) return;
  process_->Pause();
  paused_ = true;
}

void ProcessHost::Resume() {
  if (process_ == nullptr) return;
  process_->Resume();
  paused_ = false;
}

bool ProcessHost::SetClock(const ClockSkew& skew) {
  if (options_.libfaketime.empty()) return false;
  // Written whole and renamed into place: the node reads the file on every
  // clock call and must never see half a spec.
  std::string path = absl::StrCat(spec_.dir, "/faketime.rc");
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << skew.ToString() << "\n";
    out.close();
    if (!out) {
      if (options_.log) options_.log(absl::StrCat("cannot write ", tmp));
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    if (options_.log) options_.log(absl::StrCat("Cannot write ", path, ": ", ec.message()));
    return false;
  }
  return true;
}

bool ProcessHost::Poll() { return process_ != nullptr && process_->Poll(); }

std::string ProcessHost::exit_status() const {
  return process_ != nullptr ? process_->exit_status() : "";
}

std::vector<std::string> ProcessHost::stderr_tail() const {
  if (process_ == nullptr) return {};
  return {process_->stderr_tail().begin(), process_->stderr_tail().end()};
}

size_t ProcessHost::pending_bytes() const {
  return process_ != nullptr ? process_->pending_bytes() : 0;
}

std::string ProcessHost::describe() const {
  return process_ != nullptr ? absl::StrCat("pid ", process_->pid()) : "not running";
}

NodeHostFactory MakeProcessHostFactory(EventLoop* loop, ProcessHostOptions options) {
  return [loop, options = std::move(options)](const NodeHostSpec& spec,
                                              NodeHost::Callbacks callbacks) {
    return std::make_unique<ProcessHost>(loop, options, spec, std::move(callbacks));
  };
}

}  // namespace harness
