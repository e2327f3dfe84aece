// Transport: where a node's outgoing messages go.
//
// The Node hands every message it sends to its Transport. The stdio driver's
// transport serialises them onto stdout (see stdio_driver.h); MemoryTransport
// keeps them for tests, which inspect and clear `sent`.
#ifndef RUNTIME_TRANSPORT_H_
#define RUNTIME_TRANSPORT_H_

#include <vector>

#include "runtime/message.h"

namespace runtime {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual void Send(Message message) = 0;
  // Hands everything sent so far to the wire now instead of at the end of
  // the loop turn. Returns false if the wire is gone. In-memory transports
  // have nothing to do.
  virtual bool Flush() { return true; }
};

class MemoryTransport final : public Transport {
 public:
  void Send(Message message) override { sent.push_back(std::move(message)); }
  // Records how many messages were in `sent` when the node flushed.
  bool Flush() override {
    flushed_at.push_back(sent.size());
    return true;
  }
  // Returns and forgets everything sent so far (and the flush marks).
  std::vector<Message> Take() {
    flushed_at.clear();
    return std::exchange(sent, {});
  }

  std::vector<Message> sent;
  std::vector<size_t> flushed_at;
};

}  // namespace runtime

#endif  // RUNTIME_TRANSPORT_H_
