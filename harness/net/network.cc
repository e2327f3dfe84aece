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

namespace {

// A copy's Next() seeds the fault stream, so the latency stream itself
// draws nothing for it.
Rng FaultStreamOf(Rng rng) { return Rng::Derive(rng.Next(), "net-faults"); }

void CheckFaults(const NetFaults& f) {
  for (double p : {f.loss_p, f.duplicate_p, f.reorder_p}) {
    HARNESS_CHECK(p >= 0);
    HARNESS_CHECK(p <= 1);
  }
  HARNESS_CHECK(f.reorder_max_ms >= 1);
}

}  // namespace

Network::Network(Scheduler* scheduler, NetworkOptions options, Rng rng)
    : Network(scheduler, options, rng, FaultStreamOf(rng)) {}

Network::Network(Scheduler* scheduler, NetworkOptions options, Rng rng, Rng fault_rng)
    : scheduler_(scheduler), options_(options), rng_(rng), fault_rng_(fault_rng) {
  HARNESS_CHECK(scheduler_ != nullptr);
  CheckFaults(options_.faults);
}

void Network::SetFaults(const NetFaults& faults) {
  CheckFaults(faults);
  options_.faults = faults;
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
  ClearDelayed(*it->second);
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
  stats_.dropped_node_down += static_cast<int64_t>(ep.queue.size() + ep.delayed.size());
  ep.queue.Clear();
  ClearDelayed(ep);
}

void Network::ClearDelayed(Endpoint& ep) {
  for (auto& [id, delayed] : ep.delayed) scheduler_->Cancel(delayed.second);
  ep.delayed.clear();
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
  if (ep.queue.size() + ep.delayed.size() >= options_.max_queued_per_endpoint) {
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
  bool node_hop = src->second->form == BodyForm::kText && ep.form == BodyForm::kText;
  if (node_hop) node_sends_.Count(m.src, m.sent_ns);
  if (log_send_) log_send_(absl::StrCat(":send ", Describe(m)));
  int64_t id = m.id;
  FaultDraw fault = node_hop && options_.faults.any() ? DrawFaults() : FaultDraw{};
  if (fault.duplicated) SendCopy(m, ep);
  if (fault.lost) {
    ++stats_.lost;
    RecordFault({m.sent_ns - origin_ns_, NetFaultEvent::Kind::kLost, id});
  } else if (fault.delay_ms > 0) {
    Delay(ep, std::move(m), fault.delay_ms);
  } else {
    ep.queue.Push(std::move(m));
    if (!ep.held.has_value()) Pump(ep);
  }
  return id;
}

Network::FaultDraw Network::DrawFaults() {
  // One draw per fault that is on, always in this order, so that changing
  // one rate does not change which messages the other faults strike.
  const NetFaults& f = options_.faults;
  FaultDraw d;
  if (f.loss_p > 0) d.lost = fault_rng_.UniformReal() < f.loss_p;
  if (f.duplicate_p > 0) d.duplicated = fault_rng_.UniformReal() < f.duplicate_p;
  bool reorder = f.reorder_p > 0 && fault_rng_.UniformReal() < f.reorder_p;
  if (reorder) d.delay_ms = fault_rng_.UniformInt(1, f.reorder_max_ms + 1);
  return d;
}

void Network::SendCopy(const NetMessage& original, Endpoint& ep) {
  // The copy travels like any message (partitions and a down destination
  // still drop it) but suffers no fault of its own. A full queue, or a
  // journal past its bound, simply means no copy.
  if (ep.queue.size() + ep.delayed.size() >= options_.max_queued_per_endpoint) return;
  NetMessage copy = original;
  copy.id = next_id_++;
  copy.deadline_ns = copy.sent_ns + options_.latency.DrawMs(fault_rng_) * 1'000'000;
  AppendJournal({copy.sent_ns - origin_ns_, JournalEvent::Kind::kSend, copy.id, copy.src,
                 copy.dest});
  ++stats_.sent;
  ++stats_.duplicated;
  RecordFault({copy.sent_ns - origin_ns_, NetFaultEvent::Kind::kDuplicated, original.id, copy.id});
  if (log_send_) log_send_(absl::StrCat(":send ", Describe(copy)));
  ep.queue.Push(std::move(copy));
  if (!ep.held.has_value()) Pump(ep);
}

void Network::Delay(Endpoint& ep, NetMessage m, int64_t delay_ms) {
  // Held off the destination's queue: were it queued with a later deadline
  // it could be taken at once and block everything behind it (head-of-line),
  // and nothing would overtake it.
  ++stats_.delayed;
  int64_t id = m.id;
  RecordFault({m.sent_ns - origin_ns_, NetFaultEvent::Kind::kDelayed, id, -1, delay_ms});
  Endpoint* raw = &ep;
  TimerId timer = scheduler_->At(m.sent_ns + delay_ms * 1'000'000,
                                 [this, raw, id] { Arrive(raw, id); });
  ep.delayed.emplace(id, std::make_pair(std::move(m), timer));
}

void Network::Arrive(Endpoint* ep, int64_t id) {
  auto it = ep->delayed.find(id);
  HARNESS_CHECK(it != ep->delayed.end());
  NetMessage m = std::move(it->second.first);
  ep->delayed.erase(it);
  // It keeps its drawn latency, counted from now.
  int64_t latency_ns = m.deadline_ns - m.sent_ns;
  m.deadline_ns = scheduler_->NowNs() + latency_ns;
  ep->queue.Push(std::move(m));
  if (!ep->held.has_value()) Pump(*ep);
}

void Network::RecordFault(NetFaultEvent e) {
  if (fault_log_.size() >= options_.max_journal_events) {
    journal_truncated_ = true;
    return;
  }
  fault_log_.push_back(e);
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
