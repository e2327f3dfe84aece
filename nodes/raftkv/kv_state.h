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
  static std::string MakeWrite(const Json& key, const Json& value);
  static std::string MakeCas(const Json& key, const Json& from, const Json& to);

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
  std::map<std::string, Json> map_;  // key JSON text -> value
};

}  // namespace raftkv

#endif  // NODES_RAFTKV_KV_STATE_H_
