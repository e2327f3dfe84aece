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
};

struct NetworkStats {
  int64_t sent = 0;
  int64_t delivered = 0;
  int64_t dropped_by_partition = 0;
  int64_t dropped_node_down = 0;
};

class Network {
 public:
  using Deliver = std::function<void(const NetMessage&)>;
  // Receives ":send ..." / ":recv ..." lines when logging is switched on.
  using LogSink = std::function<void(const std::string&)>;

  Network(Scheduler* scheduler, NetworkOptions options, Rng rng);

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
    origin_ns_ = origin_ns;
  }
  void SetLogSinks(LogSink on_send, LogSink on_recv) {
    log_send_ = std::move(on_send);
    log_recv_ = std::move(on_recv);
  }
  const Journal& journal() const { return journal_; }
  bool journal_truncated() const { return journal_truncated_; }
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
    bool down = false;
  };

  absl::StatusOr<int64_t> Enqueue(NetMessage m);
  // Both take the endpoint itself: endpoints are heap-allocated and the
  // held timer is cancelled before one is destroyed, so the pointer a timer
  // keeps is always live when it fires.
  void Pump(Endpoint& ep);
  void DeliverHeld(Endpoint* ep);
  bool Dropped(const NetMessage& m) const;
  std::string Describe(const NetMessage& m) const;

  Scheduler* scheduler_;
  NetworkOptions options_;
  Rng rng_;
  int64_t next_id_ = 0;
  int64_t origin_ns_ = 0;
  absl::flat_hash_map<std::string, std::unique_ptr<Endpoint>> endpoints_;
  Grudge grudge_;
  void AppendJournal(JournalEvent e);

  Journal journal_;
  bool journal_truncated_ = false;
  NetworkStats stats_;
  SendMeter node_sends_;
  LogSink log_send_, log_recv_;
};

}  // namespace harness

#endif  // HARNESS_NET_NETWORK_H_
