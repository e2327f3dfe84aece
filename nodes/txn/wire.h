// The replication message between txn nodes, and its strict codec.
//
//   {"type":"txn_sync","clock":C,"upto":U,"ack":A,
//    "recs":[[seq, lamport, [deps...], [["w",k,v] | ["append",k,v], ...]], ...]}
//
// clock: the sender's Lamport clock when it sent; upto: how many records the
// sender had made by then (so a receiver holding all of them knows the
// sender will never stamp anything at or below clock again); ack: how many
// of the receiver's records the sender has applied (cumulative); recs: a run
// of the sender's own records in sequence order (possibly empty: a
// heartbeat or a pure ack). Only an origin sends its records; nothing is
// relayed.
//
// DecodeSync never throws: anything that is not exactly this shape (with
// deps of length node_count) is an error 12 naming the problem, and the
// receiver drops the message whole, so a bad message has no partial effect.
#ifndef NODES_TXN_WIRE_H_
#define NODES_TXN_WIRE_H_

#include <cstdint>
#include <vector>

#include "nodes/txn/store.h"
#include "runtime/message.h"
#include "runtime/result.h"

namespace txn {

inline constexpr const char* kSyncType = "txn_sync";

struct SyncMessage {
  int64_t clock = 0;
  int64_t upto = 0;
  int64_t ack = 0;
  std::vector<Record> records;
  bool operator==(const SyncMessage&) const = default;
};

runtime::Json EncodeSync(const SyncMessage& message);
runtime::Result<SyncMessage> DecodeSync(const runtime::Json& body, int node_count);

}  // namespace txn

#endif  // NODES_TXN_WIRE_H_
