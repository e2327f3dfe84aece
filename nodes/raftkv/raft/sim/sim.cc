#include "nodes/raftkv/raft/sim/sim.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nodes/raftkv/raft/check.h"

namespace raft::sim {
namespace {

uint64_t Mix(uint64_t h, const std::string& data) {
  // FNV-1a over the command, chained: the state after index i depends on
  // every command up to i, so equal hashes mean equal histories.
  h ^= 0xcbf29ce484222325ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h * 0x9E3779B97F4A7C15ull + data.size();
}

std::string EncodeState(uint64_t index, uint64_t hash) {
  return absl::StrFormat("%d %d", index, hash);
}

}  // namespace

Sim::Sim(SimOptions options)
    : options_(std::move(options)), random_(options_.seed) {
  trace_ = std::getenv("RAFT_SIM_TRACE") != nullptr;
  RAFT_CHECK(options_.nodes >= 1);
  RAFT_CHECK(options_.tick_ms >= 1);
  nodes_.resize(options_.nodes);
  for (int i = 0; i < options_.nodes; ++i) nodes_[i].id = i + 1;
  for (Node& n : nodes_) {
    n.random = std::make_unique<SeededRandom>(random_.Next());
    int skew_ms = static_cast<int>(options_.tick_ms * options_.clock_skew);
    n.tick_interval_ms =
        options_.tick_ms - skew_ms +
        static_cast<int>(random_.Uniform(2 * skew_ms + 1));
    n.tick_interval_ms = std::max(1, n.tick_interval_ms);
    StartCore(n);
    if (!options_.manual_network) {
      Schedule(random_.Uniform(n.tick_interval_ms) + 1, true, n.id, {});
    }
  }
}

Sim::Node& Sim::node(NodeId id) {
  RAFT_CHECK(id >= 1 && id <= nodes_.size());
  return nodes_[id - 1];
}
const Sim::Node& Sim::node(NodeId id) const {
  RAFT_CHECK(id >= 1 && id <= nodes_.size());
  return nodes_[id - 1];
}

Raft& Sim::core(NodeId id) {
  RAFT_CHECK(up(id));
  return *node(id).core;
}

uint64_t Sim::TermOf(NodeId id) const {
  return up(id) ? node(id).core->GetStatus().term : 0;
}

void Sim::Fail(const std::string& what) {
  if (failure_.empty()) {
    failure_ = absl::StrCat("t=", now_ms_, "ms seed=", options_.seed, ": ",
                            what);
  }
}

void Sim::StartCore(Node& n) {
  Config c = options_.raft;
  c.id = n.id;
  c.voters.clear();
  for (const Node& o : nodes_) c.voters.push_back(o.id);
  absl::StatusOr<PersistentState> st = n.storage.Load();
  RAFT_CHECK(st.ok());
  n.applied = 0;
  n.hash = 0;
  if (st->snapshot != nullptr) RestoreSnapshot(n, *st->snapshot);
  n.core = std::make_unique<Raft>(c, n.random.get(), *st);
  n.last_role = Role::kFollower;
  n.last_term = n.core->GetStatus().term;
  Process(n);
}

void Sim::Schedule(int64_t at_ms, bool tick, NodeId id, Message m) {
  events_.push(Event{at_ms, seq_++, tick, id, std::move(m)});
}

// ---------------------------------------------------------------------------
// Driving.

void Sim::RunFor(int64_t ms) {
  RAFT_CHECK(!options_.manual_network);
  int64_t end = now_ms_ + ms;
  while (!events_.empty() && events_.top().at_ms <= end) {
    Event ev = events_.top();
    events_.pop();
    now_ms_ = ev.at_ms;
    Node& n = node(ev.node);
    if (ev.tick) {
      if (n.core != nullptr && !n.paused) {
        n.core->Tick();
        Process(n);
      }
      Schedule(now_ms_ + n.tick_interval_ms, true, n.id, {});
    } else {
      Deliver(ev.msg);
    }
    if (now_ms_ - last_full_check_ms_ >= 200) {
      last_full_check_ms_ = now_ms_;
      CheckLogMatching();
    }
  }
  now_ms_ = end;
}

bool Sim::RunUntil(const std::function<bool()>& pred, int64_t max_ms) {
  for (int64_t t = 0; t < max_ms; t += options_.tick_ms) {
    if (pred()) return true;
    RunFor(options_.tick_ms);
  }
  return pred();
}

void Sim::Deliver(const Message& m) {
  Node& to = node(m.to);
  if (to.core == nullptr) return;  // a crashed node loses its inbox
  if (!connected(m.from, m.to)) return;
  if (to.paused) {
    if (to.held.size() < 10000) to.held.push_back(m);
    return;
  }
  to.core->Step(m);
  Process(to);
}

void Sim::SendAll(std::vector<Message> msgs) {
  for (Message& m : msgs) {
    ++messages_sent_;
    if (options_.manual_network) {
      pending_.push_back(std::move(m));
      continue;
    }
    if (!connected(m.from, m.to)) continue;
    const NetOptions& net = options_.net;
    if (random_.Chance(net.loss)) continue;
    int copies = random_.Chance(net.duplicate) ? 2 : 1;
    for (int c = 0; c < copies; ++c) {
      int64_t delay =
          net.latency_min_ms +
          static_cast<int64_t>(random_.Uniform(
              net.latency_max_ms - net.latency_min_ms + 1));
      if (random_.Chance(net.long_delay)) {
        delay += static_cast<int64_t>(random_.Uniform(net.long_delay_max_ms));
      }
      Schedule(now_ms_ + delay, false, m.to, m);
    }
  }
}

// Carries out every Ready exactly as the contract in types.h demands:
// persist, restore, apply, serve reads, then send.
void Sim::Process(Node& n) {
  while (n.core != nullptr && n.core->HasReady()) {
    Ready rd = n.core->TakeReady();
    RAFT_CHECK(n.storage.Save(rd).ok());
    if (rd.snapshot != nullptr && rd.restore_snapshot) {
      RestoreSnapshot(n, *rd.snapshot);
    }
    for (const Entry& e : rd.committed_entries) ApplyEntry(n, e);
    for (const ReadState& r : rd.read_states) {
      auto it = reads_.find(r.context);
      if (it == reads_.end()) continue;  // duplicate of an answered read
      if (it->second.node == n.id) {
        if (n.applied < it->second.min_index || r.index < it->second.min_index) {
          Fail(absl::StrFormat(
              "stale read at n%d: read index %d, applied %d, but index %d "
              "was applied before the read began",
              n.id, r.index, n.applied, it->second.min_index));
        }
        ++reads_done_;
        reads_.erase(it);
      }
    }
    if (options_.snapshot_every > 0 &&
        n.applied - n.core->snapshot_index() >=
            static_cast<uint64_t>(options_.snapshot_every)) {
      RAFT_CHECK(n.core->Compact(n.applied, EncodeState(n.applied, n.hash)).ok());
    }
    SendAll(std::move(rd.messages));
    CheckRoles(n);
  }
  if (n.core != nullptr) CheckRoles(n);
}

void Sim::ApplyEntry(Node& n, const Entry& e) {
  if (e.index != n.applied + 1) {
    Fail(absl::StrFormat("n%d applied index %d after %d", n.id, e.index,
                         n.applied));
    return;
  }
  n.applied = e.index;
  n.hash = Mix(n.hash, e.data);
  if (e.index <= global_log_.size()) {
    const Applied& g = global_log_[e.index - 1];
    if (g.term != e.term || g.data != e.data) {
      Fail(absl::StrFormat(
          "state machine safety: n%d applied (%d, term %d, '%s') but another "
          "node applied term %d '%s' at that index",
          n.id, e.index, e.term, e.data, g.term, g.data));
    }
  } else {
    RAFT_CHECK(e.index == global_log_.size() + 1);
    global_log_.push_back(
        Applied{e.term, e.data, n.hash, n.core->GetStatus().term});
  }
}

void Sim::RestoreSnapshot(Node& n, const Snapshot& s) {
  uint64_t index = 0;
  uint64_t hash = 0;
  RAFT_CHECK(std::sscanf(s.data.c_str(), "%" SCNu64 " %" SCNu64, &index,
                         &hash) == 2);
  RAFT_CHECK(index == s.index);
  if (index <= global_log_.size() && global_log_[index - 1].hash_after != hash) {
    Fail(absl::StrFormat("n%d restored a snapshot at %d unlike the applied "
                         "history", n.id, index));
  }
  n.applied = index;
  n.hash = hash;
}

// ---------------------------------------------------------------------------
// Invariants.

void Sim::CheckRoles(Node& n) {
  Status st = n.core->GetStatus();
  if (trace_ && (st.role != n.last_role || st.term != n.last_term)) {
    std::printf("%lld n%llu %s term %llu last %llu commit %llu\n",
                static_cast<long long>(now_ms_),
                static_cast<unsigned long long>(n.id), RoleName(st.role),
                static_cast<unsigned long long>(st.term),
                static_cast<unsigned long long>(st.last_index),
                static_cast<unsigned long long>(st.commit));
  }
  if (st.role == Role::kLeader &&
      (n.last_role != Role::kLeader || n.last_term != st.term)) {
    auto [it, inserted] = leader_of_term_.emplace(st.term, n.id);
    if (!inserted && it->second != n.id) {
      Fail(absl::StrFormat("election safety: n%d and n%d both leaders of "
                           "term %d", it->second, n.id, st.term));
    }
    CheckLeaderCompleteness(n);
  }
  n.last_role = st.role;
  n.last_term = st.term;
}

// Section 5.4.1: the leader of term T holds every entry committed in a term
// before T. An entry is known committed once applied somewhere, and its
// commit term is at most the term of the first node that applied it.
void Sim::CheckLeaderCompleteness(Node& n) {
  const Raft& c = *n.core;
  const uint64_t term = c.GetStatus().term;
  for (uint64_t i = c.snapshot_index() + 1; i <= global_log_.size(); ++i) {
    if (global_log_[i - 1].known_committed_term >= term) continue;
    if (i > c.LastIndex()) {
      Fail(absl::StrFormat("leader completeness: leader n%d (term %d) lacks "
                           "applied index %d", n.id, c.GetStatus().term, i));
      return;
    }
    const Entry& e = c.entries()[i - c.snapshot_index() - 1];
    if (e.term != global_log_[i - 1].term || e.data != global_log_[i - 1].data) {
      Fail(absl::StrFormat("leader completeness: leader n%d (term %d) has "
                           "term %d at applied index %d (applied term %d)",
                           n.id, c.GetStatus().term, e.term, i,
                           global_log_[i - 1].term));
      return;
    }
  }
}

// Section 5.3, Log Matching: if two logs hold an entry with the same index
// and term, they are identical up to it. Checked on live cores' logs.
void Sim::CheckLogMatching() {
  for (size_t a = 0; a < nodes_.size(); ++a) {
    if (nodes_[a].core == nullptr) continue;
    const Raft& x = *nodes_[a].core;
    for (size_t b = a + 1; b < nodes_.size(); ++b) {
      if (nodes_[b].core == nullptr) continue;
      const Raft& y = *nodes_[b].core;
      uint64_t lo = std::max(x.snapshot_index(), y.snapshot_index()) + 1;
      uint64_t hi = std::min(x.LastIndex(), y.LastIndex());
      bool matched = false;  // walking down: found a common (index, term)
      for (uint64_t i = hi; i >= lo && i > 0; --i) {
        const Entry& ex = x.entries()[i - x.snapshot_index() - 1];
        const Entry& ey = y.entries()[i - y.snapshot_index() - 1];
        if (ex.term == ey.term) matched = true;
        if (matched && !(ex == ey)) {
          Fail(absl::StrFormat("log matching: n%d and n%d differ at index %d "
                               "below a common entry", a + 1, b + 1, i));
          return;
        }
      }
    }
  }
}

void Sim::CheckAll() {
  CheckLogMatching();
  for (Node& n : nodes_) {
    if (n.core != nullptr) CheckRoles(n);
  }
}

// ---------------------------------------------------------------------------
// Faults.

bool Sim::connected(NodeId a, NodeId b) const {
  return node(a).group == node(b).group;
}

void Sim::Partition(const std::vector<std::vector<NodeId>>& groups) {
  for (Node& n : nodes_) n.group = -static_cast<int>(n.id);  // alone
  for (size_t g = 0; g < groups.size(); ++g) {
    for (NodeId id : groups[g]) node(id).group = static_cast<int>(g);
  }
}

void Sim::Disconnect(NodeId id) { node(id).group = -static_cast<int>(id); }
void Sim::Connect(NodeId id) { node(id).group = 0; }
void Sim::Heal() {
  for (Node& n : nodes_) n.group = 0;
}

void Sim::Crash(NodeId id) {
  Node& n = node(id);
  n.core.reset();
  n.held.clear();
  n.paused = false;
}

void Sim::Restart(NodeId id) {
  Node& n = node(id);
  if (n.core != nullptr) Crash(id);
  StartCore(n);
}

void Sim::Pause(NodeId id) { node(id).paused = true; }

void Sim::SetTickInterval(NodeId id, int interval_ms) {
  RAFT_CHECK(interval_ms >= 1);
  node(id).tick_interval_ms = interval_ms;
}

void Sim::Wipe(NodeId id) {
  RAFT_CHECK(!up(id));
  node(id).storage = MemoryStorage{};
}

void Sim::Resume(NodeId id) {
  Node& n = node(id);
  if (!n.paused) return;
  n.paused = false;
  std::deque<Message> held = std::move(n.held);
  n.held.clear();
  for (const Message& m : held) {
    if (n.core == nullptr) break;
    n.core->Step(m);
    Process(n);
  }
}

// ---------------------------------------------------------------------------
// Clients.

std::optional<Raft::Proposal> Sim::Propose(NodeId id, const std::string& data) {
  Node& n = node(id);
  if (n.core == nullptr || n.paused) return std::nullopt;
  absl::StatusOr<Raft::Proposal> p = n.core->Propose(data);
  Process(n);
  if (!p.ok()) return std::nullopt;
  return *p;
}

bool Sim::Read(NodeId id) {
  Node& n = node(id);
  if (n.core == nullptr || n.paused) return false;
  uint64_t ctx = next_read_++;
  if (!n.core->ReadIndex(ctx).ok()) return false;
  if (reads_.size() > 10000) reads_.erase(reads_.begin());
  reads_[ctx] = PendingReadCheck{id, global_log_.size()};
  Process(n);
  return true;
}

std::optional<NodeId> Sim::Leader() const {
  uint64_t best_term = 0;
  std::optional<NodeId> best;
  for (const Node& n : nodes_) {
    if (n.core == nullptr) continue;
    Status st = n.core->GetStatus();
    if (st.role != Role::kLeader) continue;
    if (st.term > best_term) {
      best_term = st.term;
      best = n.id;
    }
  }
  return best;
}

int Sim::NCommitted(uint64_t index) const {
  int count = 0;
  for (const Node& n : nodes_) {
    if (n.core != nullptr && n.applied >= index) ++count;
  }
  return count;
}

uint64_t Sim::One(const std::string& cmd, int expected, bool retry) {
  int64_t deadline = now_ms_ + 10000;
  while (now_ms_ < deadline) {
    // Leaders in the highest term first: a cut-off leader whose clock stopped
    // would otherwise take every retry and never commit.
    std::vector<std::pair<uint64_t, NodeId>> leaders;
    for (Node& n : nodes_) {
      if (n.core == nullptr || n.paused) continue;
      Status st = n.core->GetStatus();
      if (st.role == Role::kLeader) leaders.emplace_back(st.term, n.id);
    }
    std::sort(leaders.rbegin(), leaders.rend());
    std::optional<Raft::Proposal> p;
    for (const auto& [term, id] : leaders) {
      p = Propose(id, cmd);
      if (p.has_value()) break;
    }
    if (p.has_value()) {
      uint64_t index = p->index;
      bool done = RunUntil(
          [&] {
            return index <= global_log_.size() &&
                   NCommitted(index) >= expected;
          },
          2000);
      if (done) {
        if (global_log_[index - 1].data == cmd) return index;
        // Our slot went to another command; maybe retry.
      }
      if (!retry) return 0;
    } else {
      RunFor(50);
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Manual network.

bool Sim::DeliverOne(const std::function<bool(const Message&)>& pred) {
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (!pred(*it)) continue;
    Message m = std::move(*it);
    pending_.erase(it);
    Deliver(m);
    return true;
  }
  return false;
}

int Sim::DeliverAll(const std::function<bool(const Message&)>& pred) {
  int n = 0;
  while (n < 100000 && DeliverOne(pred)) ++n;
  return n;
}

void Sim::DropAll(const std::function<bool(const Message&)>& pred) {
  std::erase_if(pending_, pred);
}

void Sim::Campaign(NodeId id) {
  Node& n = node(id);
  if (n.core == nullptr || n.paused) return;
  n.core->Campaign();
  Process(n);
}

void Sim::TickNode(NodeId id) {
  Node& n = node(id);
  if (n.core == nullptr || n.paused) return;
  n.core->Tick();
  Process(n);
}

}  // namespace raft::sim
