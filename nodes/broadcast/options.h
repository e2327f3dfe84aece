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
//           hub's schedule: visible everywhere within ~T..2T, at most 2
//           messages per leaf per T. A leaf that has not heard from the hub
//           for 1.5T (start, idle periods) sends at once instead.
// Acks ride on every inter-node message; a pure ack goes out only when a
// peer has been owed one for --ack-delay-ms; unacknowledged values go back
// to a peer after --resend-ms (doubling up to 2^max_backoff times while
// nothing is acknowledged, and at once when the peer is heard from again).
//
// Command line (after --bin in Maelstrom):
//   --mode fanout|tree  --flush-ms N  --lead-ms N  --ack-delay-ms N  --resend-ms N
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
  // A tree leaf waits for the hub's next batch only while the hub is
  // talking: after this long without a message from the hub (at start, or
  // when the hub has had nothing for it) it sends new values at once.
  // 0 means 1.5 * flush, which a hub on schedule never exceeds.
  runtime::Duration hub_silence = runtime::Duration::zero();
  // Tree leaf: > 0 means upload not when the hub's batch arrives but
  // flush - lead later, so the upload reaches the hub just before its next
  // flush instead of waiting there most of a period. Worth it when lead
  // covers the two hops (leaf->hub latency plus the batch's own delay), e.g.
  // 250 at a 100 ms latency; a late upload only waits one more period.
  runtime::Duration leaf_lead = runtime::Duration::zero();
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
    "usage: node-broadcast [--mode fanout|tree] [--flush-ms N] [--lead-ms N] [--ack-delay-ms N] [--resend-ms N]\n"
    "  fanout (default): values go straight to every peer; --flush-ms batches them (default 0)\n"
    "  tree: hub n0 batches every --flush-ms (default 400); leaves answer hub batches,\n"
    "        --lead-ms L after flush - L so the answer lands just before the hub's next batch\n";

}  // namespace broadcast

#endif  // NODES_BROADCAST_OPTIONS_H_
