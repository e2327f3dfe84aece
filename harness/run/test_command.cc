// RunTest: `harness test` as RunWithHosts on node processes (runner.h).
// Everything process-only lives here: the --bin and libfaketime checks,
// the EventLoop, the ProcessHost factory, and SIGINT/SIGTERM read from a
// signalfd on that loop.
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>

#include "harness/host/process_host.h"
#include "harness/run/event_loop.h"
#include "harness/run/runner.h"

namespace harness {

namespace {

constexpr int kAbortStatus = 255;

// Reads SIGINT/SIGTERM from a signalfd on the loop (they are blocked, so
// they no longer kill the harness) and calls `interrupt` for them. Returns
// the fd (closed by the caller), or -1 when there is none.
int WatchSignals(EventLoop& loop, std::function<void()> interrupt) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigprocmask(SIG_BLOCK, &set, nullptr);
  int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd < 0) return -1;
  loop.Watch(fd, EPOLLIN, [fd, interrupt = std::move(interrupt)](uint32_t) {
    signalfd_siginfo info;
    while (read(fd, &info, sizeof info) == sizeof info) {
    }
    interrupt();
  });
  return fd;
}

}  // namespace

int RunTest(const TestOptions& options) {
  if (access(options.bin.c_str(), X_OK) != 0) {
    std::printf("harness test: --bin %s: cannot execute: %s\n", options.bin.c_str(),
                strerror(errno));
    return 254;
  }
  ProcessHostOptions process;
  if (options.has_nemesis("clock")) {
    process.libfaketime = LibfaketimePath();
    if (process.libfaketime.empty()) {
      std::printf(
          "--nemesis clock needs libfaketime (Debian package libfaketime), found neither at "
          "build time nor in $HARNESS_LIBFAKETIME.\n");
      return kAbortStatus;
    }
  }
  std::error_code ec;
  process.bin = std::filesystem::canonical(options.bin, ec).string();
  if (ec) process.bin = options.bin;
  process.args = options.node_args;
  // Only an unwritable faketime.rc gets here; the runner also logs that
  // the clock was not set.
  process.log = [](const std::string& line) {
    std::fprintf(stderr, "harness: %s\n", line.c_str());
  };

  EventLoop loop;
  int signal_fd = -1;
  HostFacts facts;
  facts.watch_interrupts = [&](std::function<void()> interrupt) {
    signal_fd = WatchSignals(loop, std::move(interrupt));
  };
  int status =
      RunWithHosts(options, loop, MakeProcessHostFactory(&loop, std::move(process)), facts);
  if (signal_fd >= 0) {
    loop.Unwatch(signal_fd);
    close(signal_fd);
  }
  return status;
}

}  // namespace harness
