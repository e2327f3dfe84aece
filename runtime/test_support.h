// Test support: a Node wired to a MemoryTransport and a ManualClock, with
// helpers to feed it lines and read what it sent. For tests only.
#ifndef RUNTIME_TEST_SUPPORT_H_
#define RUNTIME_TEST_SUPPORT_H_

#include <string>
#include <vector>

#include "runtime/node.h"

namespace runtime {

struct TestNode {
  MemoryTransport transport;
  ManualClock clock;
  std::vector<std::string> logs;
  Node node;

  explicit TestNode(uint64_t seed = 7) : node(transport, clock, Node::Options{.seed = seed}) {
    node.SetLogSink([this](std::string_view line) { logs.emplace_back(line); });
  }
  // Sends init for `id` among `ids` and discards the init_ok.
  void Init(const std::string& id = "n1", std::vector<std::string> ids = {"n1", "n2", "n3"}) {
    node.Receive(Message{"c0", id, Json{{"type", "init"}, {"msg_id", 1}, {"node_id", id}, {"node_ids", ids}}});
    transport.Take();
  }
  void Deliver(const std::string& src, Json body) { node.Receive(Message{src, node.id(), std::move(body)}); }
  void Advance(Duration d) {
    clock.Advance(d);
    node.RunDueTimers();
  }
  std::vector<Message> Sent() { return transport.Take(); }
};

}  // namespace runtime

#endif  // RUNTIME_TEST_SUPPORT_H_
