// Options of the broadcast node and their command-line form.
//
// Two dissemination modes share one reliable-link engine (link.h):
//   fanout  the node that receives a value from a client sends it straight
//           to every peer: one network hop, ~N-1 messages per broadcast.
//           --flush-ms T > 0 batches each peer's new values for up to T.
//   tree    hub and spokes: the first node of init's node_ids is the hub.
//           The hub sends each leaf one batch every --flush-ms; a leaf
//           answers a batch from the hub with its own new values (and its
//           acks) only when it has some, so its wait lines up with the
//           hub's schedule: at most ~2T + 2 hops, ~2 messages per leaf per T.
// Acks ride on every inter-node message; a pure ack goes out only when a
// peer has been owed one for --ack-delay-ms; unacknowledged values go back
// to a peer after --resend-ms (doubling up to 2^max_backoff times while
// nothing is acknowledged, and at once when the peer is heard from again).
//
// Command line (after --bin in Maelstrom):
//   --mode fanout|tree  --flush-ms N  --ack-delay-ms N  --resend-ms N
// Defaults: fanout, flush 0, ack delay 2000, resend 3000. For tree the
// default flush is 400 ms.
#ifndef NODES_BROADCAST_OPTIONS_H_
#define NODES_BROADCAST_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/clock.h"
#include "runtime/result.h"

namespace broadcast {

enum class Mode { kFanout, kTree };

struct Options {
  Mode mode = Mode::kFanout;
  // 0 in fanout mode: send at once. REQUIRES: > 0 in tree mode.
  runtime::Duration flush = runtime::Duration::zero();
  runtime::Duration ack_delay = std::chrono::milliseconds(2000);
  runtime::Duration resend = std::chrono::milliseconds(3000);
  int max_backoff_shift = 1;  // resend waits at most resend << this
  // A tree leaf sends new values without waiting for the hub after this long
  // (the hub may have nothing for it); 0 means 3 * flush.
  runtime::Duration leaf_max_wait = runtime::Duration::zero();
  runtime::Duration tick = std::chrono::milliseconds(25);  // resend / ack checks
  size_t max_batch_values = 4096;  // values in one message
  // Client broadcasts of new values beyond this many known values are
  // refused with error 11; values only originate at clients, so every
  // node's set stays below node count * max_values.
  size_t max_values = size_t(1) << 20;
};

// Parses the arguments after the program name. Unknown flags, missing or
// negative numbers and an unknown mode are errors naming the argument.
runtime::Result<Options> ParseOptions(const std::vector<std::string>& args);

inline constexpr const char* kUsage =
    "usage: node-broadcast [--mode fanout|tree] [--flush-ms N] [--ack-delay-ms N] [--resend-ms N]\n"
    "  fanout (default): values go straight to every peer; --flush-ms batches them (default 0)\n"
    "  tree: hub n0 batches every --flush-ms (default 400); leaves answer hub batches\n";

}  // namespace broadcast

#endif  // NODES_BROADCAST_OPTIONS_H_
