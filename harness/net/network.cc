#include "harness/net/network.h"

#include "absl/strings/str_cat.h"
#include "harness/run/check.h"

namespace harness {

Network::Network(Scheduler* scheduler, NetworkOptions options, Rng rng)
    : scheduler_(scheduler), options_(options), rng_(rng) {
  HARNESS_CHECK(scheduler_ != nullptr);
}

void Network::Register(const std::string& id, Deliver deliver) {
  HARNESS_CHECK(!endpoints_.contains(id));
  auto ep = std::make_unique<Endpoint>();
  ep->deliver = std::move(deliver);
  endpoints_[id] = std::move(ep);
}

void Network::Unregister(const std::string& id) {
  auto it = endpoints_.find(id);
  if (it == endpoints_.end()) return;
  if (it->second->held.has_value()) scheduler_->Cancel(it->second->held_timer);
  endpoints_.erase(it);
}

void Network::SetDown(const std::string& id, bool down) {
  auto it = endpoints_.find(id);
  if (it == endpoints_.end()) return;
  Endpoint& ep = *it->second;
  ep.down = down;
  if (ep.held.has_value()) {
    scheduler_->Cancel(ep.held_timer);
    ep.held.reset();
    ++stats_.dropped_node_down;
  }
  stats_.dropped_node_down += static_cast<int64_t>(ep.queue.size());
  ep.queue = {};
}

bool Network::IsRegistered(const std::string& id) const { return endpoints_.contains(id); }

absl::StatusOr<int64_t> Network::Send(const std::string& src, const std::string& dest,
                                      nlohmann::json body) {
  if (!endpoints_.contains(src)) {
    return absl::InvalidArgumentError(absl::StrCat("invalid src \"", src, "\""));
  }
  auto it = endpoints_.find(dest);
  if (it == endpoints_.end()) {
    return absl::InvalidArgumentError(absl::StrCat("invalid dest \"", dest, "\""));
  }
  Endpoint& ep = *it->second;
  if (ep.queue.size() >= options_.max_queued_per_endpoint) {
    return absl::ResourceExhaustedError(absl::StrCat("queue for ", dest, " is full"));
  }
  NetMessage m;
  m.id = next_id_++;
  m.src = src;
  m.dest = dest;
  m.body = std::move(body);
  m.sent_ns = scheduler_->NowNs();
  int64_t latency_ms = (IsClientId(src) || IsClientId(dest)) ? 0 : options_.latency.DrawMs(rng_);
  m.deadline_ns = m.sent_ns + latency_ms * 1'000'000;
  AppendJournal({m.sent_ns - origin_ns_, JournalEvent::Kind::kSend, m.id, src, dest});
  ++stats_.sent;
  if (log_send_) log_send_(absl::StrCat(":send ", Describe(m)));
  int64_t id = m.id;
  ep.queue.push(std::move(m));
  if (!ep.held.has_value()) Pump(dest);
  return id;
}

void Network::AppendJournal(JournalEvent e) {
  if (journal_.size() >= options_.max_journal_events) {
    journal_truncated_ = true;
    return;
  }
  journal_.push_back(std::move(e));
}

void Network::SetGrudge(Grudge grudge) { grudge_ = std::move(grudge); }

bool Network::Dropped(const NetMessage& m) const {
  auto it = grudge_.find(m.dest);
  return it != grudge_.end() && it->second.contains(m.src);
}

void Network::Pump(const std::string& id) {
  auto it = endpoints_.find(id);
  if (it == endpoints_.end()) return;
  Endpoint& ep = *it->second;
  while (!ep.held.has_value() && !ep.queue.empty()) {
    NetMessage m = ep.queue.top();
    ep.queue.pop();
    // The partition is checked when the message is taken, not when it is
    // delivered: that is Maelstrom's behaviour and part of its quirks.
    if (Dropped(m)) {
      ++stats_.dropped_by_partition;
      continue;
    }
    int64_t deadline = m.deadline_ns;
    ep.held = std::move(m);
    ep.held_timer = scheduler_->At(deadline, [this, id] { DeliverHeld(id); });
  }
}

void Network::DeliverHeld(const std::string& id) {
  auto it = endpoints_.find(id);
  if (it == endpoints_.end()) return;
  Endpoint& ep = *it->second;
  HARNESS_CHECK(ep.held.has_value());
  NetMessage m = std::move(*ep.held);
  ep.held.reset();
  if (ep.down) {
    ++stats_.dropped_node_down;
    Pump(id);
    return;
  }
  AppendJournal(
      {scheduler_->NowNs() - origin_ns_, JournalEvent::Kind::kRecv, m.id, m.src, m.dest});
  ++stats_.delivered;
  if (log_recv_) log_recv_(absl::StrCat(":recv ", Describe(m)));
  // Copy the callback: delivering may unregister this endpoint.
  Deliver deliver = ep.deliver;
  deliver(m);
  Pump(id);
}

std::string Network::Describe(const NetMessage& m) const {
  return absl::StrCat("{:id ", m.id, ", :src \"", m.src, "\", :dest \"", m.dest,
                      "\", :body ", m.body.dump(), "}");
}

}  // namespace harness
