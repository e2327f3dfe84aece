// Options of node-txn and their command-line form (all optional):
//   --tick-ms N          replication period: each peer gets at most one
//                        batch of new records per tick (default 25)
//   --heartbeat-ms N     longest silence towards a peer; heartbeats carry
//                        the clock that makes list elements stable (250)
//   --suspect-ms N       a peer not heard from for this long gets no new
//                        batches, only resends and heartbeats (1000)
//   --resend-ms N        unacknowledged records go again after this, the
//                        wait doubling up to --resend-max-ms while nothing
//                        is acknowledged, back to N once the peer is heard (500)
//   --resend-max-ms N    (4000)
//   --max-batch-writes N writes in one replication message; a record is
//                        never split, so a batch holds whole txns (4096)
//   --max-log-records N  own records kept until every peer acknowledged
//                        them; beyond this a writing txn gets error 11
//                        (definite) rather than growing memory (1048576)
#ifndef NODES_TXN_OPTIONS_H_
#define NODES_TXN_OPTIONS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "runtime/clock.h"
#include "runtime/result.h"

namespace txn {

struct Options {
  runtime::Duration tick = std::chrono::milliseconds(25);
  runtime::Duration heartbeat = std::chrono::milliseconds(250);
  runtime::Duration suspect = std::chrono::milliseconds(1000);
  runtime::Duration resend = std::chrono::milliseconds(500);
  runtime::Duration resend_max = std::chrono::milliseconds(4000);
  size_t max_batch_writes = 4096;
  size_t max_log_records = size_t(1) << 20;
  // Peer records that arrived before they could apply (replicator.h).
  size_t max_pending_records = size_t(1) << 16;
};

// Parses the arguments after the program name; an unknown flag, a missing
// value or a number that is not positive is an error naming the argument.
runtime::Result<Options> ParseOptions(const std::vector<std::string>& args);

inline constexpr const char* kUsage =
    "usage: node-txn [--tick-ms N] [--heartbeat-ms N] [--suspect-ms N] [--resend-ms N]\n"
    "                [--resend-max-ms N] [--max-batch-writes N] [--max-log-records N]\n";

}  // namespace txn

#endif  // NODES_TXN_OPTIONS_H_
