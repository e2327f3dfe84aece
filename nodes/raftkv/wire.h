// The JSON form of Raft messages between raftkv nodes: a body
// {"type":"raft","m":{...}} sent fire-and-forget through the runtime. Raft
// itself tolerates loss, so nothing here retries. Node names map to Raft ids
// by position in init's node_ids (the same list on every node), plus one.
#ifndef NODES_RAFTKV_WIRE_H_
#define NODES_RAFTKV_WIRE_H_

#include "absl/status/statusor.h"
#include "nodes/raftkv/raft/types.h"
#include "runtime/message.h"

namespace raftkv {

runtime::Json EncodeRaftMessage(const raft::Message& m);
// Fails (InvalidArgument) on any missing or ill-typed field; never throws.
// from/to are left for the caller to fill in from the envelope.
absl::StatusOr<raft::Message> DecodeRaftMessage(const runtime::Json& j);

}  // namespace raftkv

#endif  // NODES_RAFTKV_WIRE_H_
