// A lin-kv node that answers reads from a local cache while writes and cas
// go through the lin-kv service. Before writing, the writer invalidates
// the key on every node (itself included) and waits for all their acks;
// a node holding an invalidation reads through lin-kv and caches nothing
// for that key until the writer's release arrives, and fills its cache only
// from reads sent after the last invalidation or release it saw (or, as
// the writer, with its own value when no other write was outstanding or
// touched the key meanwhile).
//
// Planted bug, default mode "proceed": when some node does not ack within
// 100 ms (a partition), the writer writes anyway, so the unreachable
// node keeps serving the old cached value: stale reads, caught by lin-kv's
// linearizability check under --nemesis partition. Mode "strict" fails the
// write instead (error 11: nothing was written) and must pass.
#include <map>
#include <set>

#include "harness/testdata/mini_rpc.h"

namespace {

constexpr int kAckTimeoutMs = 100;
constexpr int kServiceTimeoutMs = 1000;

struct KeyState {
  int pending = 0;       // invalidations not yet released
  int64_t epoch = 0;     // bumped by every invalidation and release
  bool cached = false;
  mini::json value;
};

}  // namespace

int main(int argc, char** argv) {
  bool strict = argc > 1 && std::string(argv[1]) == "strict";
  mini::Node node;
  mini::Rpc rpc(&node);
  std::map<std::string, KeyState> keys;  // by the key's JSON text

  auto invalidate = [&](const std::string& k) {
    KeyState& s = keys[k];
    ++s.pending;
    ++s.epoch;
    s.cached = false;
  };
  auto release = [&](const std::string& k) {
    KeyState& s = keys[k];
    if (s.pending > 0) --s.pending;
    ++s.epoch;
  };
  auto relay = [&node](const mini::json& msg, const mini::json& reply) {
    mini::json r = reply;
    r.erase("in_reply_to");
    r.erase("msg_id");
    node.Reply(msg, r);
  };

  node.Run(
      [&](const mini::json& msg) {
        if (rpc.OnMessage(msg)) return;
        const auto& body = msg["body"];
        std::string type = body["type"];
        if (type == "invalidate" || type == "release") {
          std::string k = body["k"];
          type == "invalidate" ? invalidate(k) : release(k);
          node.Reply(msg, {{"type", type + "_ok"}});
          return;
        }
        std::string k = body["key"].dump();
        mini::json req = body;
        req.erase("msg_id");
        if (type == "read") {
          KeyState& s = keys[k];
          if (s.pending == 0 && s.cached) {
            node.Reply(msg, {{"type", "read_ok"}, {"value", s.value}});
            return;
          }
          int64_t epoch = s.epoch;
          rpc.Call("lin-kv", req, kServiceTimeoutMs, [&, msg, k, epoch](const mini::json* r) {
            if (r == nullptr) return;
            KeyState& st = keys[k];
            if ((*r)["type"] == "read_ok" && st.pending == 0 && st.epoch == epoch) {
              st.cached = true;
              st.value = (*r)["value"];
            }
            relay(msg, *r);
          });
          return;
        }
        // write / cas: invalidate everywhere, write, release everywhere.
        auto acks = std::make_shared<std::set<std::string>>();
        auto finished = std::make_shared<bool>(false);
        auto release_all = [&, k] {
          for (const std::string& peer : node.ids) {
            if (peer == node.id) {
              release(k);
            } else {
              rpc.Call(peer, {{"type", "release"}, {"k", k}}, kAckTimeoutMs,
                       [](const mini::json*) {});
            }
          }
        };
        auto write = [&, msg, req, k, release_all, type] {
          // The writer may cache its own value only if no other write can
          // be in flight: no other invalidation outstanding (pending counts
          // ours alone) and none seen since. A concurrent writer whose
          // invalidation reached us first still holds it until its release,
          // and the service may order its write after ours.
          int64_t epoch = keys[k].epoch;
          rpc.Call("lin-kv", req, kServiceTimeoutMs, [&, msg, req, k, release_all, type, epoch](
                                                          const mini::json* r) {
            KeyState& st = keys[k];
            if (r != nullptr && (*r)["type"] != "error" && st.epoch == epoch && st.pending == 1) {
              st.cached = true;
              st.value = type == "cas" ? req["to"] : req["value"];
            }
            release_all();
            if (r != nullptr) relay(msg, *r);
          });
        };
        auto on_ack = [&, acks, finished, write, release_all, msg](const std::string& peer,
                                                                   bool ok) {
          if (*finished) return;
          if (ok) acks->insert(peer);
          if (acks->size() == node.ids.size()) {
            *finished = true;
            write();
          } else if (!ok) {
            *finished = true;
            if (strict) {
              release_all();
              node.Reply(msg, {{"type", "error"}, {"code", 11}, {"text", "a node is unreachable"}});
            } else {
              write();  // the bug: write although some cache may still hold the old value
            }
          }
        };
        for (const std::string& peer : node.ids) {
          if (peer == node.id) {
            invalidate(k);
            on_ack(peer, true);
          } else {
            rpc.Call(peer, {{"type", "invalidate"}, {"k", k}}, kAckTimeoutMs,
                     [on_ack, peer](const mini::json* r) { on_ack(peer, r != nullptr); });
          }
        }
      },
      [&] { rpc.Tick(); }, 10);
}
