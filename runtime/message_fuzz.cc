// libFuzzer target: the line parser and the node's dispatch must survive any
// bytes without crashing, leaking or tripping a sanitizer. The node is
// initialized and has one handler, so fuzzed lines reach handlers, replies
// to pending RPCs, and every error path.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runtime/fields.h"
#include "runtime/node.h"

namespace {

runtime::Node& FuzzNode() {
  static runtime::MemoryTransport transport;
  static runtime::ManualClock clock;
  static runtime::Node* node = [] {
    auto* n = new runtime::Node(transport, clock);
    n->On("add", [n](const runtime::Message& req) {
      n->Reply(req, runtime::Json{{"type", "add_ok"}, {"sum", runtime::IntField(req.body, "delta") + 1}});
    });
    n->ReceiveLine(R"({"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}})");
    return n;
  }();
  transport.sent.clear();
  return *node;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  runtime::Node& node = FuzzNode();
  std::string_view line(reinterpret_cast<const char*>(data), size);
  node.ReceiveLine(line);
  if (node.pending_rpc_count() < 4) {
    node.Rpc("n2", runtime::Json{{"type", "ping"}}, std::chrono::seconds(1), [](runtime::Result<runtime::Message>) {});
  }
  return 0;
}
