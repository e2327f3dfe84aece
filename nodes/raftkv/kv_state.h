// KvState: the replicated state machine of raftkv, a map from JSON keys to
// JSON values with Maelstrom lin-kv semantics (harness/docs/workloads.md,
// harness/docs/services.md): write sets; cas needs the key (else 20) and an
// equal current value (else 22); read of a missing key is 20.
//
// Commands are JSON objects produced by MakeWrite/MakeCas, serialised into
// the Raft log. Applying is deterministic, so every replica that applies the
// same log reaches the same state. Keys are compared by their JSON text
// (1 and "1" are different keys, as in Maelstrom). Ordered map, so the
// snapshot bytes are a function of the state alone. Not thread-safe.
//
// Forwarded requests are applied at most once. A follower forwards a
// client's write to the leader with a request id ("<node>/<nonce>/<seq>",
// fresh per forwarder incarnation); a network that duplicates messages can
// deliver that forward twice and the leader then proposes it twice. The
// command carries the id and Apply remembers the last kDedupWindow ids per
// origin, so the second copy changes nothing and returns the first result
// (found by `harness sim --net-duplicate`: a write applied again after a
// later write resurrected an old value). The ids are part of the snapshot.
#ifndef NODES_RAFTKV_KV_STATE_H_
#define NODES_RAFTKV_KV_STATE_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "runtime/error.h"
#include "runtime/message.h"
#include "runtime/result.h"

namespace raftkv {

using runtime::Json;

class KvState {
 public:
  static constexpr size_t kDedupWindow = 4096;   // ids kept per origin
  static constexpr size_t kMaxOrigins = 256;     // origins kept (forwarder incarnations)

  // `request_id` empty: a client's own request, applied as it comes.
  static std::string MakeWrite(const Json& key, const Json& value, const std::string& request_id = "");
  static std::string MakeCas(const Json& key, const Json& from, const Json& to,
                             const std::string& request_id = "");

  // Applies one command. Returns the reply body ({"type":"write_ok"} or
  // {"type":"cas_ok"}) or the Maelstrom error the client should get. A
  // command that does not parse is an invariant violation (only this class
  // writes commands) and aborts.
  runtime::Result<Json> Apply(const std::string& command);
  // {"type":"read_ok","value":v} or error 20.
  runtime::Result<Json> Read(const Json& key) const;

  std::string Serialize() const;
  // Replaces the whole state. Fails on malformed data.
  absl::Status Restore(const std::string& data);
  size_t size() const { return map_.size(); }

 private:
  struct Origin {
    std::map<uint64_t, Json> results;  // seq -> the reply (or {"error": code, "text": ...})
    uint64_t last_applied = 0;          // order of the last apply, for eviction
  };
  runtime::Result<Json> ApplyOnce(const Json& c);

  std::map<std::string, Json> map_;  // key JSON text -> value
  std::map<std::string, Origin> origins_;  // "<node>/<nonce>" -> recent results
  uint64_t applies_ = 0;
};

}  // namespace raftkv

#endif  // NODES_RAFTKV_KV_STATE_H_
