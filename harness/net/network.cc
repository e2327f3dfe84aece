#include "harness/net/network.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "harness/run/check.h"

namespace harness {

void Network::Queue::Push(NetMessage m) {
  heap_.push_back(std::move(m));
  std::push_heap(heap_.begin(), heap_.end(), Later{});
}

NetMessage Network::Queue::Pop() {
  HARNESS_CHECK(!heap_.empty());
  std::pop_heap(heap_.begin(), heap_.end(), Later{});
  NetMessage m = std::move(heap_.back());
  heap_.pop_back();
  return m;
}

Network::Network(Scheduler* scheduler, NetworkOptions options, Rng rng)
    : scheduler_(scheduler), options_(options), rng_(rng) {
  HARNESS_CHECK(scheduler_ != nullptr);
}

void Network::Register(const std::string& id, Deliver deliver, BodyForm form) {
  HARNESS_CHECK(!endpoints_.contains(id));
  auto ep = std::make_unique<Endpoint>();
  ep->id = id;
  ep->deliver = std::move(deliver);
  ep->form = form;
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
  ep.queue.Clear();
}

bool Network::IsRegistered(const std::string& id) const { return endpoints_.contains(id); }

absl::StatusOr<int64_t> Network::Send(const std::string& src, const std::string& dest,
                                      nlohmann::json body) {
  NetMessage m;
  m.src = src;
  m.dest = dest;
  m.body = std::move(body);
  return Enqueue(std::move(m));
}

absl::StatusOr<int64_t> Network::SendText(const std::string& src, const std::string& dest,
                                          std::string body_text) {
  HARNESS_CHECK(!body_text.empty());
  NetMessage m;
  m.src = src;
  m.dest = dest;
  m.body_text = std::move(body_text);
  return Enqueue(std::move(m));
}

absl::StatusOr<int64_t> Network::Enqueue(NetMessage m) {
  auto src = endpoints_.find(m.src);
  if (src == endpoints_.end()) {
    return absl::InvalidArgumentError(absl::StrCat("invalid src \"", m.src, "\""));
  }
  auto it = endpoints_.find(m.dest);
  if (it == endpoints_.end()) {
    return absl::InvalidArgumentError(absl::StrCat("invalid dest \"", m.dest, "\""));
  }
  Endpoint& ep = *it->second;
  if (ep.queue.size() >= options_.max_queued_per_endpoint) {
    return absl::ResourceExhaustedError(absl::StrCat("queue for ", m.dest, " is full"));
  }
  m.id = next_id_++;
  m.sent_ns = scheduler_->NowNs();
  int64_t latency_ms =
      (IsClientId(m.src) || IsClientId(m.dest)) ? 0 : options_.latency.DrawMs(rng_);
  m.deadline_ns = m.sent_ns + latency_ms * 1'000'000;
  AppendJournal({m.sent_ns - origin_ns_, JournalEvent::Kind::kSend, m.id, m.src, m.dest});
  ++stats_.sent;
  // Nodes are the text-bodied endpoints (clients and services read trees).
  if (src->second->form == BodyForm::kText && ep.form == BodyForm::kText) {
    node_sends_.Count(m.src, m.sent_ns);
  }
  if (log_send_) log_send_(absl::StrCat(":send ", Describe(m)));
  int64_t id = m.id;
  ep.queue.Push(std::move(m));
  if (!ep.held.has_value()) Pump(ep);
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
  if (grudge_.empty()) return false;
  auto it = grudge_.find(m.dest);
  return it != grudge_.end() && it->second.contains(m.src);
}

void Network::Pump(Endpoint& ep) {
  while (!ep.held.has_value() && !ep.queue.empty()) {
    NetMessage m = ep.queue.Pop();
    // The partition is checked when the message is taken, not when it is
    // delivered: that is Maelstrom's behaviour and part of its quirks.
    if (Dropped(m)) {
      ++stats_.dropped_by_partition;
      continue;
    }
    int64_t deadline = m.deadline_ns;
    ep.held = std::move(m);
    Endpoint* raw = &ep;
    ep.held_timer = scheduler_->At(deadline, [this, raw] { DeliverHeld(raw); });
  }
}

void Network::DeliverHeld(Endpoint* ep) {
  HARNESS_CHECK(ep->held.has_value());
  NetMessage m = std::move(*ep->held);
  ep->held.reset();
  if (ep->down) {
    ++stats_.dropped_node_down;
    Pump(*ep);
    return;
  }
  AppendJournal(
      {scheduler_->NowNs() - origin_ns_, JournalEvent::Kind::kRecv, m.id, m.src, m.dest});
  ++stats_.delivered;
  if (log_recv_) log_recv_(absl::StrCat(":recv ", Describe(m)));
  if (ep->form == BodyForm::kTree) m.ParseBodyText();
  // Delivering may unregister this endpoint (and register another under
  // the same id): keep the callback and the id, and look the id up again.
  Deliver deliver = ep->deliver;
  std::string id = ep->id;
  deliver(m);
  auto it = endpoints_.find(id);
  if (it != endpoints_.end()) Pump(*it->second);
}

std::string Network::Describe(const NetMessage& m) const {
  // The log shows bodies as nlohmann prints them, whichever form they
  // travelled in (the message-bodies tap reads these lines).
  std::string body;
  if (m.has_body_text()) {
    body = nlohmann::json::parse(m.body_text, nullptr, /*allow_exceptions=*/false).dump();
  } else {
    body = m.body.dump();
  }
  return absl::StrCat("{:id ", m.id, ", :src \"", m.src, "\", :dest \"", m.dest, "\", :body ",
                      body, "}");
}

}  // namespace harness
