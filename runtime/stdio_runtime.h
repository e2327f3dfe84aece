// StdioRuntime: runs a Node as a Maelstrom process.
//
// Owns the real clock, a transport that writes one JSON line per message to
// stdout, and the Node. Run() loops until stdin closes: wait for input or the
// next timer deadline (poll), hand every complete line to the node, fire due
// timers, then flush stdout before waiting again, so output is buffered
// within one loop turn and never across a wait. Logs go to stderr, one line
// each, prefixed with the node id. A line longer than kMaxLineBytes is
// reported and skipped without being held in memory.
//
// Example (a whole main.cc):
//   int main() {
//     runtime::StdioRuntime rt;
//     Echo echo(rt.node());
//     return rt.Run();
//   }
#ifndef RUNTIME_STDIO_RUNTIME_H_
#define RUNTIME_STDIO_RUNTIME_H_

#include <string>

#include "runtime/clock.h"
#include "runtime/node.h"
#include "runtime/transport.h"

namespace runtime {

// Serialises messages into a buffer that Flush() writes to a file descriptor.
class FdTransport final : public Transport {
 public:
  explicit FdTransport(int fd) : fd_(fd) {}
  void Send(Message message) override;
  // Writes everything buffered; returns false if the descriptor is gone.
  bool Flush() override;

 private:
  int fd_;
  std::string buffer_;
};

class StdioRuntime {
 public:
  StdioRuntime();
  Node& node() { return node_; }
  // Returns the process exit status: 0 when stdin ends, 1 if stdout breaks.
  int Run();

 private:
  // Splits `chunk` into lines and hands them to the node.
  void Consume(const char* data, size_t size);

  SteadyClock clock_;
  FdTransport transport_;
  Node node_;
  std::string partial_;          // bytes of an incomplete line
  bool skipping_long_line_ = false;
};

}  // namespace runtime

#endif  // RUNTIME_STDIO_RUNTIME_H_
