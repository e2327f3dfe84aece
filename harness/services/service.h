// Service: one of Maelstrom's built-in services (lin-kv, seq-kv, lww-kv,
// lin-tso) as a pure request handler; ServiceHost puts it on the network.
//
// Handle sees one request at a time in delivery order, as Maelstrom's one
// service thread does. On success it returns the reply body (the host adds
// in_reply_to); a request it cannot process (unknown type, missing field)
// is an error value, and no reply is sent — the caller times out, as in
// Maelstrom. Services keep their state in memory for one run. Not
// thread-safe.
#ifndef HARNESS_SERVICES_SERVICE_H_
#define HARNESS_SERVICES_SERVICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace harness {

class Service {
 public:
  virtual ~Service() = default;
  virtual absl::StatusOr<nlohmann::json> Handle(const std::string& src,
                                                const nlohmann::json& body) = 0;
};

}  // namespace harness

#endif  // HARNESS_SERVICES_SERVICE_H_
