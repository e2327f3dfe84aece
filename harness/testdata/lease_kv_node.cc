// A lin-kv node with a wall-clock leader lease over the lin-kv service.
// The lease is the lin-kv key "lease", value "<holder> <expiry_ms>" with the
// expiry in the holder's wall-clock milliseconds (Node::WallMs). A node
// whose own clock says the lease has expired takes it by cas; the holder
// renews it by cas halfway through. Only the holder serves: writes and cas go to lin-kv and
// update its cache; reads come from the cache (a miss reads lin-kv). Other
// nodes answer error 11, so every acknowledged write went through the
// holder of the moment.
//
// Planted bug: the lease is only as good as the clocks. With clocks that
// agree it is safe (a new holder waits for the old expiry, and the old
// holder stops serving 300 ms before it), but a node whose clock runs
// ahead takes the lease while the old holder still serves cached reads
// until its next renewal fails: stale reads, caught by lin-kv's
// linearizability check under --nemesis clock. Mode "safe" reads through
// lin-kv even as holder and must pass.
#include <map>

#include "harness/testdata/bench_factories.h"
#include "harness/testdata/mini_main.h"
#include "harness/testdata/mini_rpc.h"

namespace bench {
namespace {

constexpr int64_t kLeaseMs = 1000;
constexpr int64_t kStopServingBeforeMs = 300;
constexpr int kServiceTimeoutMs = 1000;

std::string LeaseValue(const std::string& holder, int64_t expiry_ms) {
  return holder + " " + std::to_string(expiry_ms);
}

int64_t ExpiryOf(const std::string& lease) { return std::stoll(lease.substr(lease.find(' ') + 1)); }

class LeaseKv final : public mini::Program {
 public:
  LeaseKv(mini::Node& node, bool safe) : node_(node), rpc_(&node), safe_(safe) {}

  int tick_ms() const override { return 20; }

  void Tick() override {
    rpc_.Tick();
    LeaseTick();
  }

  void Handle(const mini::json& msg) override {
    if (rpc_.OnMessage(msg)) return;
    const auto& body = msg["body"];
    std::string type = body["type"];
    if (!Serving()) {
      node_.Reply(msg, {{"type", "error"}, {"code", 11}, {"text", "not the lease holder"}});
      return;
    }
    std::string key = body["key"].dump();
    if (type == "read" && !safe_) {
      if (auto it = cache_.find(key); it != cache_.end()) {
        node_.Reply(msg, {{"type", "read_ok"}, {"value", it->second}});
        return;
      }
    }
    Forward(msg, [this, key, type, body](const mini::json& r) {
      if (r["type"] == "error") {
        cache_.erase(key);  // whatever lin-kv holds, we no longer know it
        return;
      }
      if (type == "read") cache_[key] = r["value"];
      if (type == "write") cache_[key] = body["value"];
      if (type == "cas") cache_[key] = body["to"];
    });
  }

 private:
  bool Serving() { return holder_ && node_.WallMs() < ExpiryOf(lease_) - kStopServingBeforeMs; }

  // Relays a client request to lin-kv; `on_result` sees the answer first.
  void Forward(const mini::json& msg, std::function<void(const mini::json&)> on_result) {
    mini::json req = msg["body"];
    req.erase("msg_id");
    rpc_.Call("lin-kv", req, kServiceTimeoutMs, [this, msg, on_result](const mini::json* reply) {
      if (reply == nullptr) return;  // the client times out: indefinite
      mini::json r = *reply;
      r.erase("in_reply_to");
      r.erase("msg_id");
      on_result(r);
      node_.Reply(msg, r);
    });
  }

  // Takes or renews the lease by cas from the value last seen.
  void LeaseTick() {
    if (lease_busy_ || node_.id.empty()) return;
    int64_t now = node_.WallMs();
    bool want =
        holder_ ? now > ExpiryOf(lease_) - kLeaseMs / 2 : lease_.empty() || now > ExpiryOf(lease_);
    if (!want) return;
    lease_busy_ = true;
    std::string next = LeaseValue(node_.id, now + kLeaseMs);
    mini::json body = {{"type", "cas"}, {"key", "lease"}, {"to", next}};
    body["from"] = lease_.empty() ? mini::json() : mini::json(lease_);
    if (lease_.empty()) body["create_if_not_exists"] = true;
    rpc_.Call("lin-kv", body, kServiceTimeoutMs, [this, next](const mini::json* reply) {
      lease_busy_ = false;
      if (reply != nullptr && (*reply)["type"] == "cas_ok") {
        if (!holder_) cache_.clear();  // a new term: nothing cached is trusted
        holder_ = true;
        lease_ = next;
        return;
      }
      holder_ = false;
      cache_.clear();
      // Learn the current lease, to compare its expiry with our clock.
      rpc_.Call("lin-kv", {{"type", "read"}, {"key", "lease"}}, kServiceTimeoutMs,
                [this](const mini::json* r) {
                  if (r != nullptr && (*r)["type"] == "read_ok") lease_ = (*r)["value"];
                });
    });
  }

  mini::Node& node_;
  mini::Rpc rpc_;
  const bool safe_;
  std::string lease_;  // last lease value this node saw or wrote
  bool holder_ = false;
  bool lease_busy_ = false;  // one lease operation at a time
  std::map<std::string, mini::json> cache_;
};

}  // namespace

std::unique_ptr<mini::Program> MakeLeaseKvNode(mini::Node& node, const mini::Args& args) {
  return std::make_unique<LeaseKv>(node, !args.empty() && args[0] == "safe");
}

}  // namespace bench

#ifndef MINI_NO_MAIN
int main(int argc, char** argv) { return mini::Main(argc, argv, &bench::MakeLeaseKvNode); }
#endif
