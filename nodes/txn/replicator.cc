#include "nodes/txn/replicator.h"

#include <algorithm>

#include "runtime/check.h"

namespace txn {

Replicator::Replicator(Store& store, Options options)
    : store_(store), options_(options), links_(size_t(store.node_count())), pending_(size_t(store.node_count())) {
  KIT_CHECK(options_.max_batch_writes > 0);
  for (Link& link : links_) link.backoff = options_.resend;
}

bool Replicator::HasRoom() const { return store_.node_count() == 1 || log_.size() < options_.max_log_records; }

void Replicator::Append(Record record) {
  if (store_.node_count() == 1) return;  // nobody to tell
  KIT_CHECK(record.seq == store_.applied(store_.self()));
  KIT_CHECK(log_.empty() || log_.back().seq + 1 == record.seq);
  log_.push_back(std::move(record));
}

std::vector<Record> Replicator::TakeBatch(Link& link) {
  std::vector<Record> batch;
  if (log_.empty()) return batch;
  KIT_CHECK(link.next >= log_.front().seq);
  size_t writes = 0;
  for (size_t i = size_t(link.next - log_.front().seq); i < log_.size(); ++i) {
    const Record& r = log_[i];
    if (!batch.empty() && writes + r.writes.size() > options_.max_batch_writes) break;
    writes += r.writes.size();
    batch.push_back(r);
  }
  link.next += int64_t(batch.size());
  return batch;
}

std::vector<std::pair<int, SyncMessage>> Replicator::Tick(runtime::Time now) {
  std::vector<std::pair<int, SyncMessage>> out;
  const int64_t made = store_.applied(store_.self());
  for (int p = 0; p < store_.node_count(); ++p) {
    if (p == store_.self()) continue;
    Link& link = links_[size_t(p)];
    link.next = std::max(link.next, link.acked + 1);
    const bool live = link.heard && now - link.last_heard < options_.suspect;
    const bool in_flight = link.next > link.acked + 1;
    bool resend = false;
    if (in_flight && now - link.last_progress >= link.backoff) {
      link.next = link.acked + 1;
      link.backoff = std::min(link.backoff * 2, options_.resend_max);
      resend = true;
      ++stats_.resends;
    }
    const bool heartbeat = !link.sent || now - link.last_sent >= options_.heartbeat;
    // A silent peer gets records only by resend: streaming into a cut link
    // would cost a message per tick for nothing.
    const bool data = link.next <= made && (live || resend);
    const bool owed = store_.applied(p) != link.ack_sent || store_.clock() != link.clock_sent;
    if (!data && !heartbeat && !(owed && live)) continue;

    SyncMessage message;
    if (data) {
      if (link.next == link.acked + 1) link.last_progress = now;  // the resend timer starts now
      message.records = TakeBatch(link);
      stats_.records_sent += int64_t(message.records.size());
    }
    message.clock = store_.clock();
    message.upto = made;
    message.ack = store_.applied(p);
    link.sent = true;
    link.last_sent = now;
    link.clock_sent = message.clock;
    link.ack_sent = message.ack;
    ++stats_.messages;
    out.emplace_back(p, std::move(message));
  }
  return out;
}

void Replicator::Receive(int peer, const SyncMessage& message, runtime::Time now) {
  KIT_CHECK(peer != store_.self());
  Link& link = links_[size_t(peer)];
  // Heard again after a silence: it is reachable, so resend soon. (While it
  // keeps talking without acking, as across a one-way cut, the backoff
  // keeps growing instead.)
  if (!link.heard || now - link.last_heard >= options_.suspect) link.backoff = options_.resend;
  link.heard = true;
  link.last_heard = now;
  auto& pending = pending_[size_t(peer)];
  for (const Record& r : message.records) {
    if (r.seq <= store_.applied(peer)) {
      ++stats_.records_duplicate;
      continue;
    }
    if (pending.contains(r.seq)) {
      ++stats_.records_duplicate;
      continue;
    }
    if (pending_count_ >= options_.max_pending_records) {
      ++stats_.records_dropped;
      continue;
    }
    pending.emplace(r.seq, r);
    ++pending_count_;
  }
  Deliver();
  store_.ObserveClock(peer, message.clock, message.upto);
  // An ack beyond what we made cannot come from this incarnation's peer.
  if (message.ack > link.acked && message.ack <= store_.applied(store_.self())) {
    link.acked = message.ack;
    link.last_progress = now;
    link.backoff = options_.resend;
    Trim();
  }
}

void Replicator::Deliver() {
  // Applying one origin's record may unblock another's: repeat until a full
  // pass applies nothing.
  for (bool progress = true; progress;) {
    progress = false;
    for (int q = 0; q < store_.node_count(); ++q) {
      auto& pending = pending_[size_t(q)];
      while (!pending.empty()) {
        auto first = pending.begin();
        Store::ApplyStatus status = store_.Apply(q, first->second);
        if (status == Store::ApplyStatus::kGap || status == Store::ApplyStatus::kBlocked) break;
        if (status == Store::ApplyStatus::kApplied) {
          ++stats_.records_applied;
          progress = true;
        }
        pending.erase(first);
        --pending_count_;
      }
    }
  }
  size_t waiting = 0;
  for (const auto& p : pending_) waiting += p.size();
  stats_.records_buffered = std::max(stats_.records_buffered, int64_t(waiting));
}

void Replicator::Trim() {
  int64_t everyone = INT64_MAX;
  for (int p = 0; p < store_.node_count(); ++p) {
    if (p != store_.self()) everyone = std::min(everyone, links_[size_t(p)].acked);
  }
  while (!log_.empty() && log_.front().seq <= everyone) log_.pop_front();
}

}  // namespace txn
