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
};

class MemoryTransport final : public Transport {
 public:
  void Send(Message message) override { sent.push_back(std::move(message)); }
  // Returns and forgets everything sent so far.
  std::vector<Message> Take() { return std::exchange(sent, {}); }

  std::vector<Message> sent;
};

}  // namespace runtime

#endif  // RUNTIME_TRANSPORT_H_
