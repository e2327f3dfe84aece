#include "nodes/raftkv/raft/sim/sim.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nodes/raftkv/raft/check.h"
#include "nodes/raftkv/wire.h"

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

constexpr char kDir[] = "/raft";

std::string EncodeState(uint64_t index, uint64_t hash) {
  return absl::StrFormat("%d %d", index, hash);
}

}  // namespace

Sim::Sim(SimOptions options)
    : options_(std::move(options)),
      random_(options_.seed),
      crash_engine_(options_.seed ^ 0x5bd1e995ull) {
  trace_ = std::getenv("RAFT_SIM_TRACE") != nullptr;
  RAFT_CHECK(options_.nodes >= 1);
  RAFT_CHECK(options_.tick_ms >= 1);
  RAFT_CHECK(options_.sync_ms_max >= 0);
  if (!options_.manual_network) {
    harness::NetworkOptions no;
    no.latency = options_.latency;
    no.faults = options_.faults;
    no.max_journal_events = 0;  // nobody reads it; it would only grow
    network_ = std::make_unique<harness::Network>(
        &loop_, no, harness::Rng::Derive(options_.seed, "raft-sim-net"),
        harness::Rng::Derive(options_.seed, "raft-sim-net-faults"));
  }
  nodes_.resize(options_.nodes);
  for (int i = 0; i < options_.nodes; ++i) {
    Node& n = nodes_[i];
    n.id = i + 1;
    n.name = absl::StrCat("n", n.id);
    n.disk = std::make_unique<runtime::MemDisk>();
    n.gate = std::make_unique<SyncGate>(*n.disk);
    if (network_ != nullptr) {
      // kText: a node endpoint, the only kind the message faults touch.
      network_->Register(
          n.name, [this](const harness::NetMessage& m) { OnNetMessage(m); },
          harness::Network::BodyForm::kText);
    }
  }
  for (Node& n : nodes_) {
    n.random = std::make_unique<SeededRandom>(random_.Next());
    int skew_ms = static_cast<int>(options_.tick_ms * options_.clock_skew);
    n.tick_interval_ms =
        options_.tick_ms - skew_ms +
        static_cast<int>(random_.Uniform(2 * skew_ms + 1));
    n.tick_interval_ms = std::max(1, n.tick_interval_ms);
    StartCore(n);
    if (!options_.manual_network) {
      ScheduleTick(n, random_.Uniform(n.tick_interval_ms) + 1);
    }
  }
  if (!options_.manual_network) {
    // Log matching compares whole logs: a periodic sweep, not per event.
    ScheduleSweep();
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
    failure_ = absl::StrCat("t=", now_ms(), "ms seed=", options_.seed, ": ",
                            what);
  }
}

void Sim::StartCore(Node& n) {
  Config c = options_.raft;
  c.id = n.id;
  c.voters.clear();
  for (const Node& o : nodes_) c.voters.push_back(o.id);
  // The node's own storage, reopened as after a real restart: whatever a
  // crash tore off the log's end is cut here.
  RAFT_CHECK(n.gate->CreateDir(kDir).ok());  // as the node's program does
  absl::StatusOr<std::unique_ptr<FileStorage>> fs =
      FileStorage::Open(*n.gate, kDir, n.name);
  if (!fs.ok()) {
    Fail(absl::StrCat("n", n.id, " cannot open its storage: ",
                      fs.status().ToString()));
    return;
  }
  n.storage = std::move(*fs);
  torn_bytes_dropped_ += n.storage->dropped_tail_bytes();
  absl::StatusOr<PersistentState> st = n.storage->Load();
  RAFT_CHECK(st.ok());
  n.applied = 0;
  n.hash = 0;
  if (st->snapshot != nullptr) RestoreSnapshot(n, *st->snapshot);
  n.core = std::make_unique<Raft>(c, n.random.get(), *st);
  n.last_role = Role::kFollower;
  n.last_term = n.core->GetStatus().term;
  Process(n);
}

// ---------------------------------------------------------------------------
// Driving.

void Sim::ScheduleTick(Node& n, int64_t delay_ms) {
  NodeId id = n.id;
  n.tick_timer = loop_.After(delay_ms * kNsPerMs, [this, id] { OnTick(id); });
}

// A node's clock keeps ticking while it is down, paused or blocked in a
// sync; only the core misses the tick (as a late timer would skip it).
void Sim::OnTick(NodeId id) {
  Node& n = node(id);
  if (n.core != nullptr && !n.paused && !n.syncing) {
    n.core->Tick();
    Process(n);
  }
  ScheduleTick(n, n.tick_interval_ms);
}

void Sim::ScheduleSweep() {
  loop_.After(200 * kNsPerMs, [this] {
    CheckLogMatching();
    ScheduleSweep();
  });
}

void Sim::RunFor(int64_t ms) {
  RAFT_CHECK(!options_.manual_network);
  RAFT_CHECK(loop_.RunUntil([] { return false; }, loop_.NowNs() + ms * kNsPerMs) ==
             false);
  RAFT_CHECK(loop_.livelock().empty());
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
  if (to.paused || to.syncing) {
    if (to.held.size() < 10000) to.held.push_back(m);
    return;
  }
  to.core->Step(m);
  Process(to);
}

// Timed mode: the network checked partitions and liveness; the body is the
// JSON text the node would print, parsed and decoded as the node does.
void Sim::OnNetMessage(const harness::NetMessage& nm) {
  // A node endpoint gets the body in the form it was sent.
  RAFT_CHECK(nm.has_body_text() == options_.wire_text);
  runtime::Json parsed;
  if (options_.wire_text) {
    parsed = runtime::Json::parse(nm.body_text, nullptr,
                                  /*allow_exceptions=*/false);
  }
  const runtime::Json& body = options_.wire_text ? parsed : nm.body;
  auto it = body.is_object() ? body.find("m") : body.end();
  absl::StatusOr<Message> m =
      it != body.end() ? raftkv::DecodeRaftMessage(*it)
                       : absl::InvalidArgumentError("no raft message");
  if (!m.ok()) {
    Fail(absl::StrCat("undecodable message ", nm.body_text, ": ",
                      m.status().ToString()));
    return;
  }
  m->from = std::stoull(nm.src.substr(1));
  m->to = std::stoull(nm.dest.substr(1));
  Deliver(*m);
}

void Sim::Send(const Message& m) {
  ++messages_sent_;
  runtime::Json body{{"type", "raft"}, {"m", raftkv::EncodeRaftMessage(m)}};
  if (options_.manual_network) {
    absl::StatusOr<Message> back = raftkv::DecodeRaftMessage(body["m"]);
    RAFT_CHECK(back.ok());
    back->from = m.from;
    back->to = m.to;
    pending_.push_back(std::move(*back));
    return;
  }
  // A full queue (ResourceExhausted) is a lost message: Raft retries.
  if (options_.wire_text) {
    (void)network_->SendText(node(m.from).name, node(m.to).name, body.dump());
  } else {
    (void)network_->Send(node(m.from).name, node(m.to).name, std::move(body));
  }
}

ReadyHooks Sim::HooksFor(Node& n) {
  return ReadyHooks{
      .send = [this](const Message& m) { Send(m); },
      .flush = [] {},  // a Send is on the wire at once
      .restore = [this, &n](const Snapshot& s) { RestoreSnapshot(n, s); },
      .apply = [this, &n](const Entry& e) { ApplyEntry(n, e); },
      .read = [this, &n](const ReadState& r) { ServeRead(n, r); },
  };
}

// Carries out every Ready in the node's order (ready_steps.h). A Ready that
// needs a log sync blocks the node until OnSynced: the write is on the
// MemDisk, unsynced, and the early appends are already on the wire.
void Sim::Process(Node& n) {
  while (n.core != nullptr && !n.syncing && n.core->HasReady()) {
    Ready rd = n.core->TakeReady();
    ReadyHooks hooks = HooksFor(n);
    SendBeforePersist(rd, hooks);
    const bool defer = options_.sync_ms_max > 0 && !options_.manual_network &&
                       rd.snapshot == nullptr;
    if (defer) n.gate->Arm(n.storage->log_path());
    absl::Status st = n.storage->Save(rd);
    n.gate->Disarm();
    RAFT_CHECK(st.ok());
    if (n.gate->owed()) {
      n.syncing = true;
      NodeId id = n.id;
      int64_t delay_ms = 1 + static_cast<int64_t>(
                                 random_.Uniform(options_.sync_ms_max));
      n.sync_timer = loop_.After(
          delay_ms * kNsPerMs,
          [this, id, rd = std::make_shared<Ready>(std::move(rd))] {
            OnSynced(id, *rd);
          });
      CheckRoles(n);
      return;
    }
    FinishReady(n, rd);
  }
  if (n.core != nullptr) CheckRoles(n);
}

void Sim::FinishReady(Node& n, const Ready& rd) {
  FinishAfterPersist(rd, HooksFor(n));
  if (options_.snapshot_every > 0 &&
      n.applied - n.core->snapshot_index() >=
          static_cast<uint64_t>(options_.snapshot_every)) {
    RAFT_CHECK(n.core->Compact(n.applied, EncodeState(n.applied, n.hash)).ok());
  }
  CheckRoles(n);
}

void Sim::OnSynced(NodeId id, const Ready& rd) {
  Node& n = node(id);
  RAFT_CHECK(n.syncing && n.core != nullptr);
  RAFT_CHECK(n.gate->Complete().ok());
  n.syncing = false;
  FinishReady(n, rd);
  if (!n.paused) DrainHeld(n);
  Process(n);
}

void Sim::DrainHeld(Node& n) {
  while (!n.held.empty() && n.core != nullptr && !n.paused && !n.syncing) {
    Message m = std::move(n.held.front());
    n.held.pop_front();
    n.core->Step(m);
    Process(n);
  }
}

void Sim::ServeRead(Node& n, const ReadState& r) {
  auto it = reads_.find(r.context);
  if (it == reads_.end()) return;  // duplicate of an answered read
  if (it->second.node != n.id) return;
  if (n.applied < it->second.min_index || r.index < it->second.min_index) {
    Fail(absl::StrFormat(
        "stale read at n%d: read index %d, applied %d, but index %d "
        "was applied before the read began",
        n.id, r.index, n.applied, it->second.min_index));
  }
  ++reads_done_;
  reads_.erase(it);
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
                static_cast<long long>(now_ms()),
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

// The groups become the network's grudge: every node drops what comes from
// outside its group (checked when a message reaches the head of its queue).
void Sim::UpdateGrudge() {
  if (network_ == nullptr) return;
  harness::Grudge grudge;
  for (const Node& to : nodes_) {
    for (const Node& from : nodes_) {
      if (from.group != to.group) grudge[to.name].insert(from.name);
    }
  }
  network_->SetGrudge(std::move(grudge));
}

void Sim::Partition(const std::vector<std::vector<NodeId>>& groups) {
  for (Node& n : nodes_) n.group = -static_cast<int>(n.id);  // alone
  for (size_t g = 0; g < groups.size(); ++g) {
    for (NodeId id : groups[g]) node(id).group = static_cast<int>(g);
  }
  UpdateGrudge();
}

void Sim::Disconnect(NodeId id) {
  node(id).group = -static_cast<int>(id);
  UpdateGrudge();
}
void Sim::Connect(NodeId id) {
  node(id).group = 0;
  UpdateGrudge();
}
void Sim::Heal() {
  for (Node& n : nodes_) n.group = 0;
  UpdateGrudge();
}

void Sim::SetFaults(const harness::NetFaults& faults) {
  options_.faults = faults;
  if (network_ != nullptr) network_->SetFaults(faults);
}

// The process dies: its core, state machine and inbox go; its disk keeps
// what was synced, plus (sometimes) a torn prefix of an unsynced write.
void Sim::Crash(NodeId id) {
  Node& n = node(id);
  if (n.syncing) {
    loop_.Cancel(n.sync_timer);
    n.syncing = false;
    ++syncs_lost_;
  }
  n.gate->Forget();
  n.storage.reset();
  if (options_.torn_writes) {
    n.disk->CrashRandomly(crash_engine_);
  } else {
    n.disk->Crash();
  }
  n.core.reset();
  n.held.clear();
  n.paused = false;
  if (network_ != nullptr) network_->SetDown(n.name, true);
}

void Sim::Restart(NodeId id) {
  Node& n = node(id);
  if (n.core != nullptr) Crash(id);
  if (network_ != nullptr) network_->SetDown(n.name, false);
  StartCore(n);
}

void Sim::Pause(NodeId id) { node(id).paused = true; }

void Sim::SetTickInterval(NodeId id, int interval_ms) {
  RAFT_CHECK(interval_ms >= 1);
  node(id).tick_interval_ms = interval_ms;
}

void Sim::Wipe(NodeId id) {
  RAFT_CHECK(!up(id));
  *node(id).disk = runtime::MemDisk{};
}

void Sim::Resume(NodeId id) {
  Node& n = node(id);
  if (!n.paused) return;
  n.paused = false;
  DrainHeld(n);
}

// ---------------------------------------------------------------------------
// Clients.

std::optional<Raft::Proposal> Sim::Propose(NodeId id, const std::string& data) {
  Node& n = node(id);
  if (n.core == nullptr || n.paused || n.syncing) return std::nullopt;
  absl::StatusOr<Raft::Proposal> p = n.core->Propose(data);
  Process(n);
  if (!p.ok()) return std::nullopt;
  return *p;
}

bool Sim::Read(NodeId id) {
  Node& n = node(id);
  if (n.core == nullptr || n.paused || n.syncing) return false;
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
  int64_t deadline = now_ms() + 10000;
  while (now_ms() < deadline) {
    // Leaders in the highest term first: a cut-off leader whose clock stopped
    // would otherwise take every retry and never commit.
    std::vector<std::pair<uint64_t, NodeId>> leaders;
    for (Node& n : nodes_) {
      if (n.core == nullptr || n.paused || n.syncing) continue;
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
    if (connected(m.from, m.to)) Deliver(m);
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
  if (n.core == nullptr || n.paused || n.syncing) return;
  n.core->Campaign();
  Process(n);
}

void Sim::TickNode(NodeId id) {
  Node& n = node(id);
  if (n.core == nullptr || n.paused || n.syncing) return;
  n.core->Tick();
  Process(n);
}

}  // namespace raft::sim
