// Workload: what one Maelstrom workload asks of the runner — its ops, how an
// op becomes a request and a reply becomes a value, its per-workload rules
// (workloads.md section 0) and its setup and final phase.
//
// The runner owns one Workload per run and calls it only from the loop
// thread. A Workload never sees the network: it maps Invocations to request
// bodies and reply bodies back to values; the outcome rules shared by all
// workloads (errors, timeouts, malformed replies) live in outcome.h.
#ifndef HARNESS_WORKLOADS_WORKLOAD_H_
#define HARNESS_WORKLOADS_WORKLOAD_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/cli/test_options.h"
#include "harness/history/op.h"
#include "harness/history/value.h"
#include "harness/run/rng.h"
#include "nlohmann/json.hpp"

namespace harness {

struct Invocation {
  std::string f;
  Value value;
  bool final = false;
};

// The closed schema of a non-error reply: exactly `type`, `in_reply_to`
// (integer), optional integer `msg_id`, and these fields.
struct ReplySchema {
  enum class Kind { kAny, kInt, kArray };
  std::string type;
  std::vector<std::pair<std::string, Kind>> fields;
};

class Workload {
 public:
  virtual ~Workload() = default;

  // False for g-set and the counters: every error and timeout becomes an
  // :info with an exception.
  virtual bool uses_error_mapping() const { return true; }
  // True when a client keeps its id after an :info outcome.
  virtual bool reusable_clients() const { return false; }
  // Idempotent :f values turn timeouts and indefinite errors into :fail.
  virtual bool IsIdempotent(const std::string& f) const { return false; }
  virtual bool has_final_phase() const { return false; }
  virtual int64_t timeout_ms() const { return 5000; }

  // A request sent to every node after init (broadcast's topology), or
  // nullopt; its reply must have type `setup_reply_type()`.
  virtual std::optional<nlohmann::json> SetupRequest(const std::string& node) const {
    return std::nullopt;
  }
  virtual std::string setup_reply_type() const { return ""; }

  // The next main-phase op for worker `thread`.
  // `process` is the worker's current logical process.
  virtual Invocation NextOp(int thread, int64_t process, Rng& rng) = 0;
  // The final-phase op for worker `thread`, if the workload has one.
  virtual std::optional<Invocation> FinalOp(int thread) { return std::nullopt; }

  // The request body for `op` (type and fields; the client adds msg_id).
  virtual nlohmann::json Request(const Invocation& op) const = 0;
  virtual ReplySchema Schema(const Invocation& op) const = 0;
  // The :ok completion's value from a reply that passed Schema. Fails when
  // the reply cannot be turned into a value (it is then malformed).
  virtual absl::StatusOr<Value> OkValue(const Invocation& op, const nlohmann::json& reply) const = 0;

  // Every completion, for workloads whose generator depends on outcomes.
  virtual void OnCompletion(int thread, int64_t process, const Invocation& op, OpType type) {}
};

// nullopt for a workload this bench cannot run. `nodes` and `concurrency`
// are the resolved ones; lin-kv's concurrency rule is checked by the caller.
std::unique_ptr<Workload> MakeWorkload(const TestOptions& options);

// Value::FromJson with the top-level object keys made keywords, as
// Maelstrom's JSON parsing does for message bodies ({:type "echo_ok" ...}).
Value BodyValue(const nlohmann::json& body);

}  // namespace harness

#endif  // HARNESS_WORKLOADS_WORKLOAD_H_
