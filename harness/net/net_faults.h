// NetFaults: message faults the network adds beyond Maelstrom's (which has
// only partitions and latency): per-message loss, duplication and
// reordering, after Jepsen's and TigerBeetle's simulated networks.
//
// All off by default (probabilities 0). They apply only to node-to-node
// messages (see Network for why). Each node-to-node message draws, from the
// network's dedicated fault stream and only for the faults switched on:
//   lost        with loss_p: journaled as sent, never delivered;
//   duplicated  with duplicate_p: the network sends a copy (a new message
//               id, journaled as its own send and delivery, same body);
//   delayed     with reorder_p: held back on the wire for an extra
//               1..reorder_max_ms ms before it joins the destination's queue,
//               so messages sent after it can be delivered before it.
// Plain value type; set from --net-loss, --net-duplicate, --net-reorder and
// --net-reorder-max (flags.h).
#ifndef HARNESS_NET_NET_FAULTS_H_
#define HARNESS_NET_NET_FAULTS_H_

#include <cstdint>

namespace harness {

struct NetFaults {
  double loss_p = 0;
  double duplicate_p = 0;
  double reorder_p = 0;
  // The largest extra delay of a reordered message. REQUIRES: >= 1.
  int64_t reorder_max_ms = 100;

  bool any() const { return loss_p > 0 || duplicate_p > 0 || reorder_p > 0; }
  bool operator==(const NetFaults&) const = default;
};

}  // namespace harness

#endif  // HARNESS_NET_NET_FAULTS_H_
