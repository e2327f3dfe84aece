// Strict readers of the kafka workload's request bodies (workloads.md
// section 7), shared by both modes. Each throws runtime::RpcError with code
// 12 (malformed-request) naming what is wrong, which the Node turns into an
// error reply; the node keeps serving.
#ifndef NODES_KAFKA_REQUESTS_H_
#define NODES_KAFKA_REQUESTS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "runtime/message.h"

namespace kafka {

// A bound on keys in one request, so one message cannot make a node read
// its whole disk in one turn.
inline constexpr size_t kMaxKeysPerRequest = 10000;

// body.offsets: an object of key -> integer offset >= 0, in key order.
std::vector<std::pair<std::string, int64_t>> ParseOffsets(const runtime::Json& body);
// body.keys: an array of strings.
std::vector<std::string> ParseKeys(const runtime::Json& body);
// body.msg as compact JSON text, at most kMaxMessageBytes.
std::string ParseMessageText(const runtime::Json& body);

}  // namespace kafka

#endif  // NODES_KAFKA_REQUESTS_H_
