// Network: Maelstrom's network simulator (harness/docs/protocol.md, the network), driven by
// a Scheduler.
//
// Endpoints (nodes, clients, services) register a delivery callback. Send
// assigns the global message id, journals a send, draws the latency (0 when
// either end is a client) and queues the message on the destination's
// queue, ordered by (deadline, id). Each destination delivers one message at
// a time, exactly as Maelstrom's per-endpoint receive loop does:
//   take the earliest-deadline message; if its src is in the destination's
//   grudge *now*, drop it silently (send journaled, no recv); otherwise hold
//   it until its deadline, journal the recv and deliver it; then take the
//   next one.
// The documented quirks follow from that and are kept on purpose: a held
// message with a far deadline blocks every later message to the same
// destination (head-of-line blocking, even 0-latency client requests); a
// message taken just before a partition starts is still delivered; messages
// still queued when a partition heals are delivered; random latencies
// reorder.
//
// Message faults beyond Maelstrom (net_faults.h: loss, duplication,
// reordering; all off by default) touch node-to-node messages only, that
// is messages between two kText endpoints. Client hops are spared because
// Maelstrom promises clients a reliable network apart from partitions: a
// lost request would only turn into an :info op, which is legal but weakens
// every checker (an indeterminate op constrains nothing) and can fail an
// --availability bound for reasons the node cannot help. Service hops are
// spared because the services model a reliable external store, as in
// Maelstrom. Jepsen's own packet faults likewise act on the links between
// database nodes. The faults draw from their own Rng stream, and the
// latency stream draws once per send whether or not a fault strikes, so
// switching faults on or off changes no other draw: with faults off the
// schedule of a seed is exactly what it was before faults existed.
//
// The journal stays truthful with its two kinds of event, so every reader
// (net checker, messages.svg, the store's journal file) reads it as before:
// a lost message has a send and no recv (as a partition drop does); a
// duplicate is the copy the network put on the wire, a message with its own
// id, send and recv; a reordered message simply has a later recv. Which
// message suffered which fault is kept in fault_log().
//
// The network owns the queued messages and the journal; callers own their
// callbacks' captures and must Unregister before those die. A delivery
// callback may Send, Register and Unregister (itself included). Not
// thread-safe.
#ifndef HARNESS_NET_NETWORK_H_
#define HARNESS_NET_NETWORK_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "harness/history/journal.h"
#include "harness/net/latency.h"
#include "harness/net/message.h"
#include "harness/net/net_faults.h"
#include "harness/net/send_meter.h"
#include "harness/run/rng.h"
#include "harness/run/scheduler.h"

namespace harness {

// dest -> the sources whose messages dest drops.
using Grudge = absl::btree_map<std::string, absl::btree_set<std::string>>;

struct NetworkOptions {
  LatencyModel latency;
  // Bound on messages waiting for one destination; beyond it sends fail
  // (ResourceExhausted) rather than growing without limit.
  size_t max_queued_per_endpoint = 1 << 20;
  // Bound on journal events (~90 bytes each); past it the network keeps
  // routing but stops journaling and reports journal_truncated().
  size_t max_journal_events = 8 << 20;
  // Loss, duplication, reordering of node-to-node messages; off by default.
  NetFaults faults = {};
};

struct NetworkStats {
  int64_t sent = 0;  // copies made by duplication included
  int64_t delivered = 0;
  int64_t dropped_by_partition = 0;
  int64_t dropped_node_down = 0;
  int64_t lost = 0;        // dropped by NetFaults::loss_p
  int64_t duplicated = 0;  // copies made by NetFaults::duplicate_p
  int64_t delayed = 0;     // held back by NetFaults::reorder_p
};

// One message fault, in the journal's relative time.
struct NetFaultEvent {
  enum class Kind { kLost, kDuplicated, kDelayed };
  int64_t time_ns = 0;
  Kind kind = Kind::kLost;
  int64_t message_id = 0;
  int64_t copy_id = -1;        // kDuplicated: the copy's message id
  int64_t extra_delay_ms = 0;  // kDelayed: how long it was held back
};

class Network {
 public:
  using Deliver = std::function<void(const NetMessage&)>;
  // Receives ":send ..." / ":recv ..." lines when logging is switched on.
  using LogSink = std::function<void(const std::string&)>;

  // `rng` draws latencies; `fault_rng` draws message faults (a run passes
  // Rng::Derive(seed, "net-faults")). Without `fault_rng` the fault stream
  // is derived from a copy of `rng`, leaving `rng` itself untouched.
  // REQUIRES: options.faults valid (probabilities in [0, 1],
  // reorder_max_ms >= 1).
  Network(Scheduler* scheduler, NetworkOptions options, Rng rng);
  Network(Scheduler* scheduler, NetworkOptions options, Rng rng, Rng fault_rng);

  // How an endpoint reads bodies: kTree endpoints (clients, services) get
  // NetMessage::body filled in from a text body before delivery; kText
  // endpoints (nodes, which only forward the line) get the message as sent,
  // with the body in whichever form it travelled.
  enum class BodyForm { kTree, kText };

  // REQUIRES: `id` not registered.
  void Register(const std::string& id, Deliver deliver, BodyForm form = BodyForm::kTree);
  // Forgets the endpoint and drops whatever was queued for it (no recv is
  // journaled for those). Unknown ids are ignored.
  void Unregister(const std::string& id);
  bool IsRegistered(const std::string& id) const;

  // On success returns the message id. Fails with InvalidArgument when src
  // or dest is not a registered endpoint, ResourceExhausted when dest's
  // queue is full; in both cases nothing is journaled or queued.
  absl::StatusOr<int64_t> Send(const std::string& src, const std::string& dest,
                               nlohmann::json body);
  // Send with the body as JSON text (a node's, forwarded as printed).
  // REQUIRES: `body_text` is one valid, non-empty JSON value.
  absl::StatusOr<int64_t> SendText(const std::string& src, const std::string& dest,
                                   std::string body_text);

  // Replaces the partition table; messages already held are unaffected.
  void SetGrudge(Grudge grudge);
  void Heal() { SetGrudge({}); }
  const Grudge& grudge() const { return grudge_; }

  // Replaces the message faults for messages sent from now on.
  // REQUIRES: as for the constructor's options.faults.
  void SetFaults(const NetFaults& faults);
  const NetFaults& faults() const { return options_.faults; }

  // Marks `id` down (a killed node) or up again (restarted). While down,
  // messages to it are still sent and journaled but dropped where they
  // would be delivered (no recv), as to a crashed process. Either change
  // also drops what is queued or held for it: those were sent to a process
  // that no longer exists, and a restarted node must read its init first.
  // Unknown ids are ignored.
  void SetDown(const std::string& id, bool down);

  // Journal times are relative to `origin_ns` (the history's clock origin);
  // events already journaled are shifted to the new origin, so traffic
  // before it (init, setup) gets negative times.
  void SetClockOrigin(int64_t origin_ns) {
    for (JournalEvent& e : journal_) e.time_ns += origin_ns_ - origin_ns;
    for (NetFaultEvent& e : fault_log_) e.time_ns += origin_ns_ - origin_ns;
    origin_ns_ = origin_ns;
  }
  void SetLogSinks(LogSink on_send, LogSink on_recv) {
    log_send_ = std::move(on_send);
    log_recv_ = std::move(on_recv);
  }
  const Journal& journal() const { return journal_; }
  bool journal_truncated() const { return journal_truncated_; }
  // Every loss, duplication and delay, in order; bounded like the journal
  // (past max_journal_events it stops growing and journal_truncated() is set).
  const std::vector<NetFaultEvent>& fault_log() const { return fault_log_; }
  const NetworkStats& stats() const { return stats_; }
  // Node-to-node sends per source, for the nemesis's :primaries guess.
  const SendMeter& node_sends() const { return node_sends_; }

 private:
  struct Later {
    bool operator()(const NetMessage& a, const NetMessage& b) const {
      return a.deadline_ns != b.deadline_ns ? a.deadline_ns > b.deadline_ns : a.id > b.id;
    }
  };
  // A min-heap by (deadline, id) that hands out its top by move (a
  // std::priority_queue only lets one copy it).
  class Queue {
   public:
    bool empty() const { return heap_.empty(); }
    size_t size() const { return heap_.size(); }
    void Push(NetMessage m);
    NetMessage Pop();
    void Clear() { heap_.clear(); }

   private:
    std::vector<NetMessage> heap_;
  };
  struct Endpoint {
    std::string id;
    Deliver deliver;
    BodyForm form = BodyForm::kTree;
    Queue queue;
    std::optional<NetMessage> held;
    TimerId held_timer;
    // Reordered messages still on the wire, by id, with the timer that
    // moves each into `queue`.
    absl::btree_map<int64_t, std::pair<NetMessage, TimerId>> delayed;
    bool down = false;
  };
  struct FaultDraw {
    bool lost = false;
    bool duplicated = false;
    int64_t delay_ms = 0;
  };

  absl::StatusOr<int64_t> Enqueue(NetMessage m);
  // Both take the endpoint itself: endpoints are heap-allocated and the
  // held timer is cancelled before one is destroyed, so the pointer a timer
  // keeps is always live when it fires.
  void Pump(Endpoint& ep);
  void DeliverHeld(Endpoint* ep);
  bool Dropped(const NetMessage& m) const;
  FaultDraw DrawFaults();
  // The copy a duplication fault puts on the wire behind `original`.
  void SendCopy(const NetMessage& original, Endpoint& ep);
  void Delay(Endpoint& ep, NetMessage m, int64_t delay_ms);
  void Arrive(Endpoint* ep, int64_t id);
  // Cancels the timers of ep's delayed messages and forgets them.
  void ClearDelayed(Endpoint& ep);
  void RecordFault(NetFaultEvent e);
  std::string Describe(const NetMessage& m) const;

  Scheduler* scheduler_;
  NetworkOptions options_;
  Rng rng_;
  Rng fault_rng_;
  int64_t next_id_ = 0;
  int64_t origin_ns_ = 0;
  absl::flat_hash_map<std::string, std::unique_ptr<Endpoint>> endpoints_;
  Grudge grudge_;
  void AppendJournal(JournalEvent e);

  Journal journal_;
  std::vector<NetFaultEvent> fault_log_;
  bool journal_truncated_ = false;
  NetworkStats stats_;
  SendMeter node_sends_;
  LogSink log_send_, log_recv_;
};

}  // namespace harness

#endif  // HARNESS_NET_NETWORK_H_
