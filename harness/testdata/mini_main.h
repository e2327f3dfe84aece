// mini::Main: runs a test node's Program as a process, the bench's
// bench-<name> binaries. stdin lines in, stdout lines out (flushed per
// line), stderr for logs, steady_clock and system_clock read raw (the clock
// nemesis fakes both), files in the working directory (the bench's node
// directory, which survives a kill; written without fsync: the page cache
// survives SIGKILL). Returns 0 at the end of stdin, 2 when the factory
// refuses to start. Each node's .cc ends with
//   #ifndef MINI_NO_MAIN
//   int main(int argc, char** argv) { return mini::Main(argc, argv, &MakeXxx); }
//   #endif
// so the same file also compiles into the simulator's library (with
// MINI_NO_MAIN defined) without a main.
#ifndef HARNESS_TESTDATA_MINI_MAIN_H_
#define HARNESS_TESTDATA_MINI_MAIN_H_

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "harness/testdata/mini_node.h"

namespace mini {

class ProcessIo final : public Io {
 public:
  ~ProcessIo() override {
    for (auto& [name, f] : appending_) std::fclose(f);
  }
  void WriteLine(const std::string& line) override {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  }
  void Log(const std::string& line) override {
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
  }
  Time Now() override {
    return std::chrono::duration_cast<Time>(std::chrono::steady_clock::now().time_since_epoch());
  }
  Time WallNow() override {
    return std::chrono::duration_cast<Time>(std::chrono::system_clock::now().time_since_epoch());
  }
  std::optional<std::string> ReadFile(const std::string& name) override {
    std::ifstream in(name, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  void WriteFileAtomic(const std::string& name, const std::string& text) override {
    const std::string tmp = name + ".tmp";
    {
      std::ofstream out(tmp, std::ios::trunc | std::ios::binary);
      out << text;
    }
    std::rename(tmp.c_str(), name.c_str());  // never half a file
  }
  void AppendFile(const std::string& name, const std::string& text) override {
    // One descriptor per file, kept open: appends are per reply.
    FILE*& f = appending_[name];
    if (f == nullptr) f = std::fopen(name.c_str(), "a");
    if (f == nullptr) return;
    std::fwrite(text.data(), 1, text.size(), f);
    std::fflush(f);  // in the page cache: survives SIGKILL
  }
  void Exit(int status) override { std::exit(status); }

 private:
  std::map<std::string, FILE*> appending_;
};

// The stdin loop: ticks when due, otherwise waits for input (forever when
// the program never ticks). Returns at the end of stdin.
inline void RunStdio(Node& node, Program& program) {
  Ticker ticker(program, node.Now());
  std::string buf;
  for (;;) {
    Time now = node.Now();
    ticker.RunIfDue(program, now);
    int wait_ms = -1;
    if (ticker.enabled()) {
      wait_ms = std::max(
          0,
          static_cast<int>(
              std::chrono::duration_cast<std::chrono::milliseconds>(ticker.next() - now).count()));
    }
    pollfd p{0, POLLIN, 0};
    if (poll(&p, 1, wait_ms) <= 0) continue;
    char chunk[65536];
    ssize_t n = read(0, chunk, sizeof chunk);
    if (n <= 0) return;
    buf.append(chunk, static_cast<size_t>(n));
    size_t pos;
    while ((pos = buf.find('\n')) != std::string::npos) {
      std::string line = buf.substr(0, pos);
      buf.erase(0, pos + 1);
      Dispatch(node, program, line);
    }
  }
}

inline int Main(int argc, char** argv, Factory make) {
  ProcessIo io;
  Node node(&io, std::random_device{}());
  std::unique_ptr<Program> program = make(node, Args(argv + 1, argv + argc));
  if (program == nullptr) return 2;
  RunStdio(node, *program);
  return 0;
}

}  // namespace mini

#endif  // HARNESS_TESTDATA_MINI_MAIN_H_
