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
  enum class Kind { kAny, kInt, kArray, kObject };
  std::string type;
  std::vector<std::pair<std::string, Kind>> fields;
};

// How one op ended: the history completion's type, value, :error and
// :exception (outcome.h holds the rules that make one from a reply).
struct Completion {
  OpType type = OpType::kInfo;
  Value value;
  std::optional<Value> error;
  std::optional<std::string> exception;
};

// An op that is not one request and one reply: kafka's poll (poll, then
// commit_offsets), assign (list_committed_offsets, or nothing) and crash
// (no request at all). The runner sends each NextRequest to the worker's
// node, hands back its reply (nullopt on timeout) with OnReply, and records
// Result() as the completion once NextRequest returns nullopt. Owned by the
// runner for the op's lifetime; loop thread only.
class OpExchange {
 public:
  virtual ~OpExchange() = default;
  virtual std::optional<nlohmann::json> NextRequest() = 0;
  virtual void OnReply(const std::optional<nlohmann::json>& reply) = 0;
  virtual Completion Result() = 0;
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
  // Final phases of more than one op per thread (kafka's polls until caught
  // up): after a final op of `thread` completes, the next one and the delay
  // before it in ms, or nullopt when the thread is done. The runner stops
  // asking once final_phase_limit_ms have passed.
  virtual std::optional<std::pair<Invocation, int64_t>> NextFinalOp(int thread, Rng& rng) {
    return std::nullopt;
  }
  virtual int64_t final_phase_limit_ms() const { return 0; }

  // The exchange that carries out `op` for worker `thread`, or nullptr when
  // `op` is one request (Request, Schema, OkValue; the default).
  virtual std::unique_ptr<OpExchange> StartOp(int thread, const Invocation& op) { return nullptr; }

  // The request body for `op` (type and fields; the client adds msg_id).
  virtual nlohmann::json Request(const Invocation& op) const = 0;
  virtual ReplySchema Schema(const Invocation& op) const = 0;
  // The :ok completion's value from a reply that passed Schema. Fails when
  // the reply cannot be turned into a value (it is then malformed).
  virtual absl::StatusOr<Value> OkValue(const Invocation& op, const nlohmann::json& reply) const = 0;

  // Every completion, for workloads whose generator or client state depends
  // on outcomes. Called before the runner replaces the worker's client
  // after an :info (non-reusable clients).
  virtual void OnCompletion(int thread, int64_t process, const Invocation& op,
                            const Completion& completion) {}
};

// nullopt for a workload this bench cannot run. `nodes` and `concurrency`
// are the resolved ones; lin-kv's concurrency rule is checked by the caller.
std::unique_ptr<Workload> MakeWorkload(const TestOptions& options);

// Value::FromJson with the top-level object keys made keywords, as
// Maelstrom's JSON parsing does for message bodies ({:type "echo_ok" ...}).
Value BodyValue(const nlohmann::json& body);

}  // namespace harness

#endif  // HARNESS_WORKLOADS_WORKLOAD_H_
