// A lin-kv node that forwards every read/write/cas to a built-in service
// and relays the answer: with no argument to lin-kv (linearizable, so the
// run must pass), with "lww-kv" to the last-write-wins store (two diverging
// replicas, so the run must fail linearizability).
#include <map>

#include "harness/testdata/mini_node.h"

int main(int argc, char** argv) {
  std::string service = argc > 1 ? argv[1] : "lin-kv";
  mini::Node node;
  std::map<int64_t, mini::json> pending;  // our msg_id -> client request
  node.Run([&](const mini::json& msg) {
    const auto& body = msg["body"];
    if (msg["src"] == service) {
      auto it = pending.find(body["in_reply_to"].get<int64_t>());
      if (it == pending.end()) return;
      mini::json reply = body;
      reply.erase("in_reply_to");
      reply.erase("msg_id");
      node.Reply(it->second, reply);
      pending.erase(it);
      return;
    }
    mini::json req = body;
    int64_t id = node.next_msg_id++;
    req["msg_id"] = id;
    pending[id] = msg;
    node.Send(service, req);
  });
}
