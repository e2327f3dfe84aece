// Broadcast (Gossip Glomers challenges 3a-3e): every value a client
// broadcasts to any node must end up in the reads of every node, and an
// acknowledged value must never be lost, whatever partitions do meanwhile.
//
// Client RPCs: topology (answered, ignored: the node picks its own
// overlay from init's node_ids), broadcast {message: int} -> broadcast_ok,
// read -> read_ok {messages: sorted ints}. A broadcast is acknowledged as
// soon as the value is in this node's set; from then on the node owns
// delivering it to the peers its mode routes it to (options.h), over one
// reliable link per peer (link.h) that retransmits until acknowledged.
//
// Inter-node message: {"type":"gossip","ack":A[,"seq":S,"vals":[..]]}:
// the sender holds every seq below A of the receiver's link to it, and
// vals are the link's seqs S, S+1, ... A message without vals is a pure ack.
//
// Why nothing acknowledged is lost: a value enters a peer's OutLink the
// moment this node learns it, stays there until that peer acknowledges it
// (only after the peer has put it in its own set and, in tree mode, its own
// OutLinks), and is resent while unacknowledged; partitions only drop
// messages, and all of them heal.
//
// Thread-safety: none, one node thread (node.h). Everything runs in the
// Node's handlers and timers; no I/O, clock or randomness of its own.
#ifndef NODES_BROADCAST_BROADCAST_H_
#define NODES_BROADCAST_BROADCAST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "nodes/broadcast/link.h"
#include "nodes/broadcast/options.h"
#include "runtime/node.h"

namespace broadcast {

class BroadcastNode {
 public:
  // Registers the handlers on `node` and starts timers at init.
  BroadcastNode(runtime::Node& node, Options options);

  const absl::btree_set<int64_t>& values() const { return values_; }
  // Values some peer has not acknowledged yet, summed over peers.
  size_t unacked_total() const;

 private:
  struct Peer {
    std::string id;
    OutLink out;
    InLink in;
    std::optional<runtime::Time> ack_owed_since;  // data arrived, not yet acked
    std::optional<runtime::Time> resend_at;       // set while values are unacked
    int backoff_shift = 0;                        // resends without progress
    bool resend_when_heard = false;               // after a timeout: resend once on the next message
  };
  static constexpr size_t kNoPeer = SIZE_MAX;

  void Start();
  void HandleBroadcast(const runtime::Message& request);
  void HandleRead(const runtime::Message& request);
  void HandleGossip(const runtime::Message& message);

  // A value new to this node, from a client (source == kNoPeer) or a peer:
  // queue it for the peers the mode forwards it to.
  void Route(int64_t value, size_t source);
  void Enqueue(size_t peer, int64_t value);
  // Sends peer p one message: its next batch (from base on a resend) plus
  // the ack owed to it. Sends nothing if there is neither data nor an ack.
  void Transmit(size_t p, bool from_base);
  void OnAck(size_t p, int64_t ack);
  void Tick();   // resends, pure acks, a leaf's values when the hub is silent
  void Flush();  // the batching schedule (fanout with flush > 0, tree hub)
  void OnHubMessage();  // a tree leaf's turn to upload, now or planned

  bool is_hub() const { return options_.mode == Mode::kTree && hub_ == kNoPeer; }
  bool is_leaf() const { return options_.mode == Mode::kTree && hub_ != kNoPeer; }
  // A leaf that has not heard from the hub lately has no schedule to wait for.
  bool HubSilent() const;

  runtime::Node& node_;
  Options options_;
  absl::btree_set<int64_t> values_;
  std::vector<Peer> peers_;                         // in init's node_ids order
  absl::flat_hash_map<std::string, size_t> index_;  // peer id -> peers_ index
  size_t hub_ = kNoPeer;                            // tree: the hub's index; kNoPeer if we are it
  std::optional<runtime::Time> last_from_hub_;      // tree leaf: last message from the hub
  std::optional<runtime::TimerId> upload_timer_;    // tree leaf with a lead: the planned upload
};

}  // namespace broadcast

#endif  // NODES_BROADCAST_BROADCAST_H_
