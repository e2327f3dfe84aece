// Replicator: gets every record this node makes to every peer, in batches,
// with cumulative acks and resends until acknowledged (no I/O: the node
// turns its output into messages).
//
// The node keeps its own records in one log, from the oldest one some peer
// has not acknowledged to the newest; a record leaves the log once every
// peer has acknowledged it, so nothing a client was told is committed can be
// lost while a peer is cut off: it stays until that peer has it.
//
// Per peer, a link remembers what the peer acknowledged (`acked`: it
// applied every record up to there) and the next record to transmit. Each
// Tick sends a peer at most one message, carrying the next run of records
// (whole records, at most max_batch_writes writes; at least one), this
// node's ack of the peer's records, and its clock. It sends when there is
// something new to transmit, an ack or clock change to report, or the
// heartbeat is due. A peer not heard from for `suspect` gets no new batches,
// only heartbeats and resends: a partition costs a few messages per second,
// not one per tick. With records in flight and no ack for `resend`
// (doubling to resend_max; back to `resend` on an ack or when the peer is
// heard from after a silence), transmission goes back to the first
// unacknowledged record (go-back-N); the receiver drops duplicates and
// anything past a gap.
//
// Receive puts a peer's new records in that peer's pending buffer, then
// applies, across all origins and until nothing more applies, each origin's
// next record whose causal deps are here (Store::Apply). A record that
// arrives past a gap, or needs a third node's record first, waits in the
// buffer instead of being dropped: with three or more nodes a record often
// depends on one that is still on its way from elsewhere, and dropping it
// would cost a resend timeout per hop. Then it reports the peer's clock and
// takes its ack.
//
// Bounds: the log holds at most max_log_records records (HasRoom); a batch
// holds at most max_batch_writes writes unless one record alone has more;
// the pending buffers hold at most max_pending_records records in all (past
// that a record is dropped and comes again by resend).
#ifndef NODES_TXN_REPLICATOR_H_
#define NODES_TXN_REPLICATOR_H_

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"
#include "nodes/txn/options.h"
#include "nodes/txn/store.h"
#include "nodes/txn/wire.h"
#include "runtime/clock.h"

namespace txn {

class Replicator {
 public:
  struct Stats {
    int64_t messages = 0;          // sent
    int64_t records_sent = 0;      // transmissions, resends included
    int64_t resends = 0;           // go-back-N events
    int64_t records_applied = 0;   // received and installed
    int64_t records_duplicate = 0;
    int64_t records_buffered = 0;      // most records waiting in the buffers at once
    int64_t records_dropped = 0;       // buffer full: will come again
  };

  // `store` must outlive the Replicator. Peers are every other node index.
  Replicator(Store& store, Options options);

  // Whether a new record fits in the log (always true without peers).
  bool HasRoom() const;
  // Takes the record the store just made. REQUIRES: it is the next seq.
  void Append(Record record);

  // The messages due at `now`, as (peer index, message).
  std::vector<std::pair<int, SyncMessage>> Tick(runtime::Time now);
  // Handles a message from peer `peer`. REQUIRES: peer != self.
  void Receive(int peer, const SyncMessage& message, runtime::Time now);

  size_t log_size() const { return log_.size(); }
  size_t pending_count() const { return pending_count_; }
  int64_t acked(int peer) const { return links_[size_t(peer)].acked; }
  const Stats& stats() const { return stats_; }

 private:
  struct Link {
    int64_t acked = 0;  // the peer applied our records 1..acked
    int64_t next = 1;   // next seq to transmit
    bool heard = false;
    runtime::Time last_heard{};
    bool sent = false;
    runtime::Time last_sent{};
    runtime::Time last_progress{};  // last ack advance, first transmission or resend
    runtime::Duration backoff{};
    int64_t clock_sent = -1;
    int64_t ack_sent = -1;
  };

  std::vector<Record> TakeBatch(Link& link);
  void Trim();
  void Deliver();

  Store& store_;
  Options options_;
  std::vector<Link> links_;  // by node index; the self entry is unused
  std::deque<Record> log_;   // own records not yet acknowledged by every peer
  std::vector<absl::btree_map<int64_t, Record>> pending_;  // by origin: seq -> record not yet applied
  size_t pending_count_ = 0;
  Stats stats_;
};

}  // namespace txn

#endif  // NODES_TXN_REPLICATOR_H_
