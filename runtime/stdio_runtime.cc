#include "runtime/stdio_runtime.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <random>

#include "absl/strings/str_cat.h"

namespace runtime {
namespace {

uint64_t FreshSeed() {
  std::random_device device;
  return (uint64_t{device()} << 32) ^ device() ^ uint64_t(getpid());
}

void WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data.remove_prefix(size_t(n));
  }
}

}  // namespace

void FdTransport::Send(Message message) {
  AppendMessage(message, buffer_);
  buffer_ += '\n';
}

bool FdTransport::Flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += size_t(n);
  }
  buffer_.clear();
  return true;
}

StdioRuntime::StdioRuntime()
    : transport_(STDOUT_FILENO), node_(transport_, clock_, Node::Options{.seed = FreshSeed()}) {
  // A closed stdout must end the process through Run's return, not a signal.
  signal(SIGPIPE, SIG_IGN);
  node_.SetLogSink([this](std::string_view line) {
    std::string out = absl::StrCat(node_.id().empty() ? "(uninitialized)" : node_.id(), ": ", std::string(line), "\n");
    WriteAll(STDERR_FILENO, out);
  });
}

void StdioRuntime::Consume(const char* data, size_t size) {
  const char* end = data + size;
  while (data < end) {
    const char* newline = static_cast<const char*>(std::memchr(data, '\n', size_t(end - data)));
    const char* stop = newline ? newline : end;
    if (skipping_long_line_) {
      if (newline) skipping_long_line_ = false;
    } else if (newline && partial_.empty()) {
      node_.ReceiveLine(std::string_view(data, size_t(stop - data)));  // the common case: no copy
    } else {
      partial_.append(data, size_t(stop - data));
      if (partial_.size() > kMaxLineBytes) {
        node_.Log(absl::StrCat("skipped an input line longer than ", kMaxLineBytes, " bytes"));
        partial_.clear();
        partial_.shrink_to_fit();
        skipping_long_line_ = !newline;
      } else if (newline) {
        node_.ReceiveLine(partial_);
        partial_.clear();
      }
    }
    data = newline ? newline + 1 : end;
  }
}

int StdioRuntime::Run() {
  std::string chunk(1 << 16, '\0');
  while (true) {
    node_.RunDueTimers();
    if (!transport_.Flush()) return 1;
    int timeout_ms = -1;
    if (auto deadline = node_.NextDeadline()) {
      Duration wait = *deadline - clock_.Now();
      // Round up so a timer is never polled for just before it is due.
      timeout_ms = wait <= Duration::zero()
                       ? 0
                       : int(std::min<long long>(
                             (std::chrono::duration_cast<std::chrono::microseconds>(wait).count() + 999) / 1000,
                             60'000));
    }
    pollfd in{.fd = STDIN_FILENO, .events = POLLIN, .revents = 0};
    int ready = poll(&in, 1, timeout_ms);
    if (ready < 0 && errno != EINTR) return 1;
    if (ready <= 0) continue;
    ssize_t n = read(STDIN_FILENO, chunk.data(), chunk.size());
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return 1;
    }
    if (n == 0) {
      if (!partial_.empty() && !skipping_long_line_) node_.ReceiveLine(partial_);  // last line without '\n'
      node_.RunDueTimers();
      transport_.Flush();
      return 0;
    }
    Consume(chunk.data(), size_t(n));
  }
}

}  // namespace runtime
