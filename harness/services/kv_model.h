// The key/value request semantics shared by lin-kv, seq-kv and lww-kv
// (harness/docs/services.md), as pure functions over one map state.
//
// Keys and values are arbitrary JSON compared structurally with Clojure's
// equality: 1 != 1.0 != "1". The canonical form used for that is the
// compact JSON text (nlohmann keeps object keys sorted), so two values are
// equal exactly when their canonical texts are.
#ifndef HARNESS_SERVICES_KV_MODEL_H_
#define HARNESS_SERVICES_KV_MODEL_H_

#include <optional>
#include <string>

#include "absl/container/btree_map.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace harness {

std::string CanonicalJson(const nlohmann::json& v);

// canonical key text -> value
using KvMap = absl::btree_map<std::string, nlohmann::json>;

struct KvOutcome {
  nlohmann::json reply;            // read_ok / write_ok / cas_ok / error body
  std::optional<KvMap> new_state;  // set when the request changed the state
};

// Applies read, write or cas to `state`. `honor_create_if_not_exists`
// is false for lww-kv, which ignores the flag. Fails (no reply is due) for
// an unknown type or a missing field.
absl::StatusOr<KvOutcome> ApplyKv(const KvMap& state, const nlohmann::json& body,
                                  bool honor_create_if_not_exists);

}  // namespace harness

#endif  // HARNESS_SERVICES_KV_MODEL_H_
