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
#include <memory>
#include <set>

#include "harness/testdata/bench_factories.h"
#include "harness/testdata/mini_main.h"
#include "harness/testdata/mini_rpc.h"

namespace bench {
namespace {

constexpr int kAckTimeoutMs = 100;
constexpr int kServiceTimeoutMs = 1000;

struct KeyState {
  int pending = 0;    // invalidations not yet released
  int64_t epoch = 0;  // bumped by every invalidation and release
  bool cached = false;
  mini::json value;
};

class CacheKv final : public mini::Program {
 public:
  CacheKv(mini::Node& node, bool strict) : node_(node), rpc_(&node), strict_(strict) {}

  int tick_ms() const override { return 10; }
  void Tick() override { rpc_.Tick(); }

  void Handle(const mini::json& msg) override {
    if (rpc_.OnMessage(msg)) return;
    const auto& body = msg["body"];
    std::string type = body["type"];
    if (type == "invalidate" || type == "release") {
      std::string k = body["k"];
      type == "invalidate" ? Invalidate(k) : Release(k);
      node_.Reply(msg, {{"type", type + "_ok"}});
      return;
    }
    std::string k = body["key"].dump();
    mini::json req = body;
    req.erase("msg_id");
    if (type == "read") {
      Read(msg, req, k);
    } else {
      WriteOrCas(msg, req, k, type);
    }
  }

 private:
  void Invalidate(const std::string& k) {
    KeyState& s = keys_[k];
    ++s.pending;
    ++s.epoch;
    s.cached = false;
  }
  void Release(const std::string& k) {
    KeyState& s = keys_[k];
    if (s.pending > 0) --s.pending;
    ++s.epoch;
  }
  void Relay(const mini::json& msg, const mini::json& reply) {
    mini::json r = reply;
    r.erase("in_reply_to");
    r.erase("msg_id");
    node_.Reply(msg, r);
  }

  void Read(const mini::json& msg, const mini::json& req, const std::string& k) {
    KeyState& s = keys_[k];
    if (s.pending == 0 && s.cached) {
      node_.Reply(msg, {{"type", "read_ok"}, {"value", s.value}});
      return;
    }
    int64_t epoch = s.epoch;
    rpc_.Call("lin-kv", req, kServiceTimeoutMs, [this, msg, k, epoch](const mini::json* r) {
      if (r == nullptr) return;
      KeyState& st = keys_[k];
      if ((*r)["type"] == "read_ok" && st.pending == 0 && st.epoch == epoch) {
        st.cached = true;
        st.value = (*r)["value"];
      }
      Relay(msg, *r);
    });
  }

  void ReleaseAll(const std::string& k) {
    for (const std::string& peer : node_.ids) {
      if (peer == node_.id) {
        Release(k);
      } else {
        rpc_.Call(peer, {{"type", "release"}, {"k", k}}, kAckTimeoutMs, [](const mini::json*) {});
      }
    }
  }

  void Write(const mini::json& msg, const mini::json& req, const std::string& k,
             const std::string& type) {
    // The writer may cache its own value only if no other write can
    // be in flight: no other invalidation outstanding (pending counts
    // ours alone) and none seen since. A concurrent writer whose
    // invalidation reached us first still holds it until its release,
    // and the service may order its write after ours.
    int64_t epoch = keys_[k].epoch;
    rpc_.Call(
        "lin-kv", req, kServiceTimeoutMs, [this, msg, req, k, type, epoch](const mini::json* r) {
          KeyState& st = keys_[k];
          if (r != nullptr && (*r)["type"] != "error" && st.epoch == epoch && st.pending == 1) {
            st.cached = true;
            st.value = type == "cas" ? req["to"] : req["value"];
          }
          ReleaseAll(k);
          if (r != nullptr) Relay(msg, *r);
        });
  }

  // write / cas: invalidate everywhere, write, release everywhere.
  void WriteOrCas(const mini::json& msg, const mini::json& req, const std::string& k,
                  const std::string& type) {
    auto acks = std::make_shared<std::set<std::string>>();
    auto finished = std::make_shared<bool>(false);
    auto on_ack = [this, acks, finished, msg, req, k, type](const std::string& peer, bool ok) {
      if (*finished) return;
      if (ok) acks->insert(peer);
      if (acks->size() == node_.ids.size()) {
        *finished = true;
        Write(msg, req, k, type);
      } else if (!ok) {
        *finished = true;
        if (strict_) {
          ReleaseAll(k);
          node_.Reply(msg, {{"type", "error"}, {"code", 11}, {"text", "a node is unreachable"}});
        } else {
          // The bug: write although some cache may still hold the old value.
          Write(msg, req, k, type);
        }
      }
    };
    for (const std::string& peer : node_.ids) {
      if (peer == node_.id) {
        Invalidate(k);
        on_ack(peer, true);
      } else {
        rpc_.Call(peer, {{"type", "invalidate"}, {"k", k}}, kAckTimeoutMs,
                  [on_ack, peer](const mini::json* r) { on_ack(peer, r != nullptr); });
      }
    }
  }

  mini::Node& node_;
  mini::Rpc rpc_;
  const bool strict_;
  std::map<std::string, KeyState> keys_;  // by the key's JSON text
};

}  // namespace

std::unique_ptr<mini::Program> MakeCacheKvNode(mini::Node& node, const mini::Args& args) {
  return std::make_unique<CacheKv>(node, !args.empty() && args[0] == "strict");
}

}  // namespace bench

#ifndef MINI_NO_MAIN
int main(int argc, char** argv) { return mini::Main(argc, argv, &bench::MakeCacheKvNode); }
#endif
