// A lin-kv node with a wall-clock leader lease over the lin-kv service.
// The lease is the lin-kv key "lease", value "<holder> <expiry_ms>" with the
// expiry in the holder's wall-clock milliseconds. A node whose own clock
// says the lease has expired takes it by cas; the holder renews it by cas
// halfway through. Only the holder serves: writes and cas go to lin-kv and
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
#include <chrono>
#include <map>
#include <sstream>

#include "harness/testdata/mini_rpc.h"

namespace {

constexpr int64_t kLeaseMs = 1000;
constexpr int64_t kStopServingBeforeMs = 300;
constexpr int kServiceTimeoutMs = 1000;

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string LeaseValue(const std::string& holder, int64_t expiry_ms) {
  return holder + " " + std::to_string(expiry_ms);
}

int64_t ExpiryOf(const std::string& lease) {
  return std::stoll(lease.substr(lease.find(' ') + 1));
}

}  // namespace

int main(int argc, char** argv) {
  bool safe = argc > 1 && std::string(argv[1]) == "safe";
  mini::Node node;
  mini::Rpc rpc(&node);
  std::string lease;  // last lease value this node saw or wrote
  bool holder = false;
  bool lease_busy = false;  // one lease operation at a time
  std::map<std::string, mini::json> cache;

  auto serving = [&] {
    return holder && WallMs() < ExpiryOf(lease) - kStopServingBeforeMs;
  };
  // Relays a client request to lin-kv; `on_result` sees the answer first.
  auto forward = [&](const mini::json& msg, std::function<void(const mini::json&)> on_result) {
    mini::json req = msg["body"];
    req.erase("msg_id");
    rpc.Call("lin-kv", req, kServiceTimeoutMs, [&node, msg, on_result](const mini::json* reply) {
      if (reply == nullptr) return;  // the client times out: indefinite
      mini::json r = *reply;
      r.erase("in_reply_to");
      r.erase("msg_id");
      on_result(r);
      node.Reply(msg, r);
    });
  };
  // Takes or renews the lease by cas from the value last seen.
  auto lease_tick = [&] {
    if (lease_busy || node.id.empty()) return;
    int64_t now = WallMs();
    bool want = holder ? now > ExpiryOf(lease) - kLeaseMs / 2
                       : lease.empty() || now > ExpiryOf(lease);
    if (!want) return;
    lease_busy = true;
    std::string next = LeaseValue(node.id, now + kLeaseMs);
    mini::json body = {{"type", "cas"}, {"key", "lease"}, {"to", next}};
    body["from"] = lease.empty() ? mini::json() : mini::json(lease);
    if (lease.empty()) body["create_if_not_exists"] = true;
    rpc.Call("lin-kv", body, kServiceTimeoutMs, [&, next](const mini::json* reply) {
      lease_busy = false;
      if (reply != nullptr && (*reply)["type"] == "cas_ok") {
        if (!holder) cache.clear();  // a new term: nothing cached is trusted
        holder = true;
        lease = next;
        return;
      }
      holder = false;
      cache.clear();
      // Learn the current lease, to compare its expiry with our clock.
      rpc.Call("lin-kv", {{"type", "read"}, {"key", "lease"}}, kServiceTimeoutMs,
               [&](const mini::json* r) {
                 if (r != nullptr && (*r)["type"] == "read_ok") lease = (*r)["value"];
               });
    });
  };
  node.Run(
      [&](const mini::json& msg) {
        if (rpc.OnMessage(msg)) return;
        const auto& body = msg["body"];
        std::string type = body["type"];
        if (!serving()) {
          node.Reply(msg, {{"type", "error"}, {"code", 11}, {"text", "not the lease holder"}});
          return;
        }
        std::string key = body["key"].dump();
        if (type == "read" && !safe) {
          if (auto it = cache.find(key); it != cache.end()) {
            node.Reply(msg, {{"type", "read_ok"}, {"value", it->second}});
            return;
          }
        }
        forward(msg, [&cache, key, type, body](const mini::json& r) {
          if (r["type"] == "error") {
            cache.erase(key);  // whatever lin-kv holds, we no longer know it
            return;
          }
          if (type == "read") cache[key] = r["value"];
          if (type == "write") cache[key] = body["value"];
          if (type == "cas") cache[key] = body["to"];
        });
      },
      [&] {
        rpc.Tick();
        lease_tick();
      },
      20);
}
