#include "nodes/broadcast/broadcast.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "runtime/check.h"
#include "runtime/fields.h"

namespace broadcast {

using runtime::Json;
using runtime::Message;

BroadcastNode::BroadcastNode(runtime::Node& node, Options options) : node_(node), options_(options) {
  KIT_CHECK(options_.max_batch_values > 0);
  KIT_CHECK(options_.tick > runtime::Duration::zero());
  KIT_CHECK(options_.mode == Mode::kFanout || options_.flush > runtime::Duration::zero());
  node_.OnInit([this] { Start(); });
  node_.On("topology", [this](const Message& request) {
    runtime::ObjectField(request.body, "topology");  // checked, then ignored: see header
    node_.Reply(request, Json{{"type", "topology_ok"}});
  });
  node_.On("broadcast", [this](const Message& request) { HandleBroadcast(request); });
  node_.On("read", [this](const Message& request) { HandleRead(request); });
  node_.On("gossip", [this](const Message& message) { HandleGossip(message); });
}

void BroadcastNode::Start() {
  for (const std::string& id : node_.peer_ids()) {
    index_.emplace(id, peers_.size());
    peers_.push_back(Peer{.id = id});
  }
  if (options_.mode == Mode::kTree) {
    const std::string& hub_id = node_.node_ids().front();
    hub_ = hub_id == node_.id() ? kNoPeer : index_.at(hub_id);
  }
  node_.Every(options_.tick, [this] { Tick(); });
  bool batches = options_.flush > runtime::Duration::zero();
  if (batches && (options_.mode == Mode::kFanout || is_hub())) node_.Every(options_.flush, [this] { Flush(); });
}

void BroadcastNode::HandleBroadcast(const Message& request) {
  int64_t value = runtime::IntField(request.body, "message");
  if (!values_.contains(value)) {
    if (values_.size() >= options_.max_values) {
      throw runtime::RpcError{runtime::Error::Unavailable("value set is full")};
    }
    values_.insert(value);
    Route(value, kNoPeer);
  }
  // The value is in our set and queued for its peers: from here on this
  // node owns its delivery, so the client may be told at once.
  node_.Reply(request, Json{{"type", "broadcast_ok"}});
  if (options_.mode == Mode::kFanout && options_.flush == runtime::Duration::zero()) {
    for (size_t p = 0; p < peers_.size(); ++p) {
      if (peers_[p].out.HasUnsent()) Transmit(p, /*from_base=*/false);
    }
  } else if (is_leaf() && peers_[hub_].out.HasUnsent() && HubSilent()) {
    Transmit(hub_, /*from_base=*/false);
  }
}

void BroadcastNode::HandleRead(const Message& request) {
  Json messages = Json::array();
  for (int64_t value : values_) messages.push_back(value);  // btree order: sorted
  node_.Reply(request, Json{{"type", "read_ok"}, {"messages", std::move(messages)}});
}

void BroadcastNode::HandleGossip(const Message& message) {
  auto it = index_.find(message.src);
  if (it == index_.end()) {
    node_.Log(absl::StrCat("gossip from non-peer ", message.src, " ignored"));
    return;
  }
  size_t p = it->second;
  Peer& peer = peers_[p];
  // Validate the whole message before it changes any state.
  int64_t ack = runtime::IntField(message.body, "ack");
  std::vector<int64_t> vals;
  int64_t seq = 0;
  if (message.body.contains("vals")) {
    seq = runtime::IntField(message.body, "seq");
    const Json& array = runtime::ArrayField(message.body, "vals");
    if (seq < 0) throw runtime::RpcError{runtime::Error::Malformed("seq must be >= 0")};
    vals.reserve(array.size());
    for (const Json& v : array) {
      if (!v.is_number_integer()) throw runtime::RpcError{runtime::Error::Malformed("vals must be integers")};
      vals.push_back(v.get<int64_t>());
    }
  }
  OnAck(p, ack);
  if (!vals.empty()) {
    for (int64_t v : vals) {
      if (values_.insert(v).second) Route(v, p);
    }
    // Only now, with the values in our set and queued onwards, may the
    // sender forget them: that order is what makes the ack safe.
    peer.in.Receive(seq, int64_t(vals.size()));
    if (!peer.ack_owed_since) peer.ack_owed_since = node_.Now();
  }
  if (peer.resend_when_heard && peer.out.HasUnacked()) {
    // The peer is reachable again (at least towards us): resend now rather
    // than at the end of a backed-off timeout. Once per timeout, so a
    // one-way partition cannot turn every message we get into a resend.
    peer.resend_when_heard = false;
    Transmit(p, /*from_base=*/true);
  }
  if (is_leaf() && p == hub_) OnHubMessage();
  // Values routed from this message to other peers leave at once in
  // unbatched fanout (never happens: fanout forwards only client values).
}

void BroadcastNode::OnHubMessage() {
  last_from_hub_ = node_.Now();
  if (options_.leaf_lead == runtime::Duration::zero()) {
    // The hub's batch is our turn: answer with our new values and the ack.
    if (peers_[hub_].out.HasUnsent()) Transmit(hub_, /*from_base=*/false);
    return;
  }
  // Upload so that it lands just before the hub's next flush; values that
  // arrive until then still make it into that flush.
  if (upload_timer_) node_.Cancel(*upload_timer_);
  upload_timer_ = node_.After(options_.flush - options_.leaf_lead, [this] {
    upload_timer_.reset();
    if (peers_[hub_].out.HasUnsent()) Transmit(hub_, /*from_base=*/false);
  });
}

void BroadcastNode::Route(int64_t value, size_t source) {
  if (options_.mode == Mode::kFanout) {
    // The origin reaches everyone itself; receivers never forward.
    if (source != kNoPeer) return;
    for (size_t p = 0; p < peers_.size(); ++p) Enqueue(p, value);
  } else if (is_hub()) {
    for (size_t p = 0; p < peers_.size(); ++p) {
      if (p != source) Enqueue(p, value);
    }
  } else if (source == kNoPeer) {
    Enqueue(hub_, value);  // a leaf forwards only its clients' values, to the hub
  }
}

void BroadcastNode::Enqueue(size_t p, int64_t value) { peers_[p].out.Enqueue(value); }

void BroadcastNode::Transmit(size_t p, bool from_base) {
  Peer& peer = peers_[p];
  Batch batch = peer.out.Take(from_base, options_.max_batch_values);
  if (batch.empty() && !peer.ack_owed_since) return;
  Json body = {{"type", "gossip"}, {"ack", peer.in.ack()}};
  if (!batch.empty()) {
    body["seq"] = batch.first_seq;
    body["vals"] = std::move(batch.values);
    if (!peer.resend_at) peer.resend_at = node_.Now() + options_.resend * (int64_t(1) << peer.backoff_shift);
  }
  peer.ack_owed_since.reset();
  node_.Send(peer.id, std::move(body));
}

void BroadcastNode::OnAck(size_t p, int64_t ack) {
  Peer& peer = peers_[p];
  if (!peer.out.Ack(ack)) return;
  peer.backoff_shift = 0;
  peer.resend_when_heard = false;
  peer.resend_at.reset();
  if (peer.out.HasUnacked()) peer.resend_at = node_.Now() + options_.resend;
}

void BroadcastNode::Tick() {
  runtime::Time now = node_.Now();
  for (size_t p = 0; p < peers_.size(); ++p) {
    Peer& peer = peers_[p];
    if (peer.out.HasUnacked() && peer.resend_at && now >= *peer.resend_at) {
      Transmit(p, /*from_base=*/true);
      peer.backoff_shift = std::min(peer.backoff_shift + 1, options_.max_backoff_shift);
      peer.resend_at = now + options_.resend * (int64_t(1) << peer.backoff_shift);
      peer.resend_when_heard = true;
      continue;
    }
    bool ack_due = peer.ack_owed_since && now - *peer.ack_owed_since >= options_.ack_delay;
    bool leaf_due = is_leaf() && p == hub_ && peer.out.HasUnsent() && HubSilent();
    // Unbatched fanout sends at once; only a batch cut by max_batch_values
    // can leave values behind, and they go on the next tick.
    bool overflow = options_.mode == Mode::kFanout && options_.flush == runtime::Duration::zero() &&
                    peer.out.HasUnsent();
    if (ack_due || leaf_due || overflow) Transmit(p, /*from_base=*/false);
  }
}

void BroadcastNode::Flush() {
  for (size_t p = 0; p < peers_.size(); ++p) {
    Peer& peer = peers_[p];
    // The hub also sends when it only owes an ack: that batch is the leaf's
    // cue to send what it has.
    if (peer.out.HasUnsent() || (is_hub() && peer.ack_owed_since)) Transmit(p, /*from_base=*/false);
  }
}

bool BroadcastNode::HubSilent() const {
  runtime::Duration silence =
      options_.hub_silence > runtime::Duration::zero() ? options_.hub_silence : options_.flush * 3 / 2;
  return !last_from_hub_ || node_.Now() - *last_from_hub_ >= silence;
}

size_t BroadcastNode::unacked_total() const {
  size_t total = 0;
  for (const Peer& peer : peers_) total += peer.out.size();
  return total;
}

}  // namespace broadcast
