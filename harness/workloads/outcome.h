// How an RPC's result becomes a history completion: the rules every
// workload shares (protocol.md section 5, workloads.md section 0, harness.md
// section 3).
//
//   reply of the expected type, schema-valid      -> :ok with the value
//   error reply, with the error mapping:
//     definite code, or idempotent :f             -> :fail, :error [name text]
//     otherwise                                   -> :info, :error [name text]
//   no reply in time, with the mapping            -> :info (:fail if idempotent),
//                                                    :error :net-timeout
//   no mapping (g-set, counters): error or timeout -> :info with :exception
//   malformed reply (wrong type, extra key, bad type, msg_id null)
//                                                 -> :info with :exception
// Pure functions.
#ifndef HARNESS_WORKLOADS_OUTCOME_H_
#define HARNESS_WORKLOADS_OUTCOME_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "harness/workloads/workload.h"

namespace harness {

// Maelstrom's name for an error code ("precondition-failed"; "unknown" for
// codes outside the table) and whether it is definite.
std::string ErrorCodeName(int64_t code);
bool IsDefiniteErrorCode(int64_t code);

// OK, or InvalidArgument saying why `reply` breaks `schema`.
absl::Status ValidateReply(const ReplySchema& schema, const nlohmann::json& reply);

// One step of a multi-request op (workload.h's OpExchange): the completion
// `reply` ends the op with when it is not a valid `schema` reply (an error
// reply, a timeout, or a malformed reply, by the rules above), else nullopt.
std::optional<Completion> FailedStep(const Workload& workload, const Invocation& op,
                                     const std::optional<nlohmann::json>& reply,
                                     const ReplySchema& schema);
// :info with exception "MalformedReply: <why>".
Completion MalformedReply(const Invocation& op, const std::string& why);

// `reply` is nullopt when the client timed out.
Completion Complete(const Workload& workload, const Invocation& op,
                    const std::optional<nlohmann::json>& reply);

}  // namespace harness

#endif  // HARNESS_WORKLOADS_OUTCOME_H_
