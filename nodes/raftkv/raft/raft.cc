#include "nodes/raftkv/raft/raft.h"

#include <algorithm>
#include <utility>

#include "nodes/raftkv/raft/check.h"

namespace raft {

const char* MessageTypeName(MessageType type) {
  switch (type) {
    case MessageType::kPreVote: return "PreVote";
    case MessageType::kPreVoteResp: return "PreVoteResp";
    case MessageType::kVote: return "Vote";
    case MessageType::kVoteResp: return "VoteResp";
    case MessageType::kApp: return "App";
    case MessageType::kAppResp: return "AppResp";
    case MessageType::kHeartbeat: return "Heartbeat";
    case MessageType::kHeartbeatResp: return "HeartbeatResp";
    case MessageType::kSnap: return "Snap";
    case MessageType::kReadIndex: return "ReadIndex";
    case MessageType::kReadIndexResp: return "ReadIndexResp";
  }
  return "?";
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kFollower: return "follower";
    case Role::kPreCandidate: return "pre-candidate";
    case Role::kCandidate: return "candidate";
    case Role::kLeader: return "leader";
  }
  return "?";
}

Raft::Raft(Config config, RandomSource* random, const PersistentState& state)
    : config_(std::move(config)), random_(random) {
  RAFT_CHECK(random_ != nullptr);
  RAFT_CHECK(config_.id != kNoNode);
  RAFT_CHECK(!config_.voters.empty());
  RAFT_CHECK(config_.election_ticks > 0);
  RAFT_CHECK(config_.heartbeat_ticks > 0);
  RAFT_CHECK(config_.heartbeat_ticks < config_.election_ticks);
  RAFT_CHECK(!config_.lease_reads || config_.election_ticks > 2);
  RAFT_CHECK(config_.max_entries_per_msg > 0);
  RAFT_CHECK(config_.max_inflight_msgs > 0);
  std::sort(config_.voters.begin(), config_.voters.end());
  RAFT_CHECK(std::adjacent_find(config_.voters.begin(), config_.voters.end()) ==
             config_.voters.end());
  RAFT_CHECK(config_.voters.front() != kNoNode);
  RAFT_CHECK(std::binary_search(config_.voters.begin(), config_.voters.end(),
                                config_.id));

  if (state.snapshot != nullptr) {
    snapshot_ = state.snapshot;
    snap_index_ = snapshot_->index;
    snap_term_ = snapshot_->term;
  }
  uint64_t prev_term = snap_term_;
  for (const Entry& e : state.entries) {
    RAFT_CHECK(e.index == LastIndex() + 1);
    RAFT_CHECK(e.term >= prev_term);
    prev_term = e.term;
    entries_.push_back(e);
  }
  term_ = state.hard_state.term;
  vote_ = state.hard_state.vote;
  RAFT_CHECK(term_ >= prev_term);
  RAFT_CHECK(state.hard_state.commit <= LastIndex());
  commit_ = std::max(state.hard_state.commit, snap_index_);
  applied_ = snap_index_;
  unstable_from_ = LastIndex() + 1;
  persisted_hard_state_ = state.hard_state;
  BecomeFollower(term_, kNoNode);
}

std::optional<uint64_t> Raft::Term(uint64_t index) const {
  if (index == snap_index_) return snap_term_;
  if (index < snap_index_ || index > LastIndex()) return std::nullopt;
  return entries_[index - snap_index_ - 1].term;
}

bool Raft::MatchTerm(uint64_t index, uint64_t term) const {
  std::optional<uint64_t> t = Term(index);
  return t.has_value() && *t == term;
}

// Section 5.4.1: the candidate's log is at least as up-to-date as ours.
bool Raft::IsUpToDate(uint64_t last_index, uint64_t last_term) const {
  uint64_t my_last_term = *Term(LastIndex());
  if (last_term != my_last_term) return last_term > my_last_term;
  return last_index >= LastIndex();
}

Status Raft::GetStatus() const {
  return Status{config_.id, role_,   term_,       leader_,
                commit_,    applied_, snap_index_, LastIndex()};
}

// ---------------------------------------------------------------------------
// Role transitions.

void Raft::ResetTimers() {
  election_elapsed_ = 0;
  heartbeat_elapsed_ = 0;
  randomized_election_ticks_ =
      config_.election_ticks +
      static_cast<int>(random_->Uniform(config_.election_ticks));
}

void Raft::BecomeFollower(uint64_t term, NodeId leader) {
  if (term != term_) {
    RAFT_CHECK(term > term_);
    term_ = term;
    vote_ = kNoNode;
  }
  role_ = Role::kFollower;
  leader_ = leader;
  votes_.clear();
  progress_.clear();
  // Reads awaiting confirmation die with the leadership; their callers time
  // out. Confirmed reads (ready_reads_) stay valid.
  pending_reads_.clear();
  lease_until_ = 0;
  round_ticks_.clear();
  broadcast_pending_ = false;
  read_round_pending_ = false;
  ResetTimers();
}

void Raft::BecomePreCandidate() {
  RAFT_CHECK(role_ != Role::kLeader);
  role_ = Role::kPreCandidate;
  leader_ = kNoNode;
  votes_.clear();
  ResetTimers();
}

void Raft::BecomeCandidate() {
  RAFT_CHECK(role_ != Role::kLeader);
  role_ = Role::kCandidate;
  ++term_;
  vote_ = config_.id;
  leader_ = kNoNode;
  votes_.clear();
  ResetTimers();
}

void Raft::BecomeLeader() {
  RAFT_CHECK(role_ == Role::kCandidate);
  role_ = Role::kLeader;
  leader_ = config_.id;
  votes_.clear();
  ResetTimers();
  progress_.clear();
  for (NodeId v : config_.voters) {
    Progress& pr = progress_[v];
    pr.next = LastIndex() + 1;
    // A new leader assumes everyone is alive for its first check-quorum
    // period rather than stepping down at once.
    pr.recent_active = true;
  }
  Progress& self = progress_[config_.id];
  self.match = LastIndex();
  self.state = ProgressState::kReplicate;
  // Section 8: a no-op at the start of the term lets entries of earlier
  // terms commit (5.4.2) and lets read-index learn the commit point.
  AppendToLog({Entry{term_, 0, ""}});
}

void Raft::Campaign() {
  if (role_ == Role::kLeader) return;
  StartElection(config_.pre_vote);
}

void Raft::StartElection(bool pre) {
  uint64_t vote_term;
  if (pre) {
    BecomePreCandidate();
    vote_term = term_ + 1;  // pre-vote does not touch the real term
  } else {
    BecomeCandidate();
    vote_term = term_;
  }
  votes_[config_.id] = true;
  if (Quorum() == 1) {
    if (pre) {
      StartElection(false);
    } else {
      BecomeLeader();
    }
    return;
  }
  for (NodeId v : config_.voters) {
    if (v == config_.id) continue;
    Message m;
    m.type = pre ? MessageType::kPreVote : MessageType::kVote;
    m.to = v;
    m.term = vote_term;
    m.index = LastIndex();
    m.log_term = *Term(LastIndex());
    Send(std::move(m));
  }
}

void Raft::TallyVote(const Message& m) {
  votes_.emplace(m.from, !m.reject);
  size_t granted = 0;
  size_t rejected = 0;
  for (const auto& [id, yes] : votes_) (yes ? granted : rejected)++;
  if (granted >= Quorum()) {
    if (role_ == Role::kPreCandidate) {
      StartElection(false);
    } else {
      BecomeLeader();
    }
  } else if (rejected >= Quorum()) {
    BecomeFollower(term_, kNoNode);
  }
}

// ---------------------------------------------------------------------------
// Time.

void Raft::Tick() {
  ++ticks_;
  if (role_ == Role::kLeader) {
    TickLeader();
  } else {
    TickElection();
  }
}

void Raft::TickElection() {
  ++election_elapsed_;
  if (election_elapsed_ >= randomized_election_ticks_) Campaign();
}

bool Raft::QuorumActive() const {
  size_t active = 0;
  for (const auto& [id, pr] : progress_) {
    if (id == config_.id || pr.recent_active) ++active;
  }
  return active >= Quorum();
}

// Thesis 9.6: while a follower hears from a live leader it ignores
// candidates, so a node rejoining from a partition cannot depose it.
bool Raft::InLease() const {
  return config_.check_quorum && leader_ != kNoNode &&
         election_elapsed_ < config_.election_ticks;
}

void Raft::TickLeader() {
  ++heartbeat_elapsed_;
  ++election_elapsed_;
  if (election_elapsed_ >= config_.election_ticks) {
    election_elapsed_ = 0;
    if (config_.check_quorum) {
      // Check-quorum: a leader that cannot reach a majority steps down so
      // that its clients go elsewhere and its reads stop.
      if (!QuorumActive()) {
        BecomeFollower(term_, kNoNode);
        return;
      }
      for (auto& [id, pr] : progress_) {
        if (id != config_.id) pr.recent_active = false;
      }
    }
  }
  // A lost append or snapshot leaves a follower waiting forever; after a
  // while without progress, fall back to probing from its match index.
  const int stall_limit = std::max(2, config_.election_ticks / 2);
  for (auto& [id, pr] : progress_) {
    if (id == config_.id) continue;
    bool waiting = (pr.state == ProgressState::kReplicate && !pr.inflight.empty()) ||
                   pr.state == ProgressState::kSnapshot ||
                   (pr.state == ProgressState::kProbe && pr.probe_sent);
    if (!waiting) {
      pr.stall_ticks = 0;
      continue;
    }
    if (++pr.stall_ticks < stall_limit) continue;
    pr.stall_ticks = 0;
    pr.state = ProgressState::kProbe;
    pr.next = pr.match + 1;
    pr.inflight.clear();
    pr.probe_sent = false;
    SendAppend(id, true);
  }
  if (heartbeat_elapsed_ >= config_.heartbeat_ticks) {
    heartbeat_elapsed_ = 0;
    BroadcastHeartbeat();
  }
}

// ---------------------------------------------------------------------------
// Messages.

void Raft::Send(Message m) {
  RAFT_CHECK(m.to != config_.id);
  RAFT_CHECK(m.to != kNoNode);
  m.from = config_.id;
  msgs_.push_back(std::move(m));
}

static Message Reply(MessageType type, const Message& to, uint64_t term) {
  Message r;
  r.type = type;
  r.to = to.from;
  r.term = term;
  return r;
}

void Raft::Step(const Message& m) {
  RAFT_CHECK(m.to == config_.id);
  if (m.from == config_.id ||
      !std::binary_search(config_.voters.begin(), config_.voters.end(),
                          m.from)) {
    return;  // not from a peer: stray input, ignore
  }
  if (m.term > term_) {
    bool vote_request =
        m.type == MessageType::kVote || m.type == MessageType::kPreVote;
    if (vote_request && InLease()) return;
    if (m.type == MessageType::kPreVote ||
        (m.type == MessageType::kPreVoteResp && !m.reject)) {
      // Pre-vote traffic carries the prospective term; it changes nothing.
    } else {
      bool from_leader = m.type == MessageType::kApp ||
                         m.type == MessageType::kHeartbeat ||
                         m.type == MessageType::kSnap;
      BecomeFollower(m.term, from_leader ? m.from : kNoNode);
    }
  } else if (m.term < term_) {
    if ((config_.check_quorum || config_.pre_vote) &&
        (m.type == MessageType::kApp || m.type == MessageType::kHeartbeat)) {
      // A stale leader (or one whose term we overtook while cut off): tell
      // it our term so that it steps down and a new election can include us;
      // without this, pre-vote could leave us unable to ever rejoin.
      Send(Reply(MessageType::kAppResp, m, term_));
    } else if (m.type == MessageType::kPreVote) {
      Message r = Reply(MessageType::kPreVoteResp, m, term_);
      r.reject = true;
      Send(std::move(r));
    }
    return;
  }

  if (m.type == MessageType::kVote || m.type == MessageType::kPreVote) {
    HandleVoteRequest(m);
  } else if (role_ == Role::kLeader) {
    StepLeader(m);
  } else {
    StepFollowerOrCandidate(m);
  }
}

void Raft::HandleVoteRequest(const Message& m) {
  bool pre = m.type == MessageType::kPreVote;
  MessageType resp = pre ? MessageType::kPreVoteResp : MessageType::kVoteResp;
  // Section 5.2: at most one vote per term, first come first served; a
  // pre-vote for a later term promises nothing.
  bool can_vote = vote_ == m.from ||
                  (vote_ == kNoNode && leader_ == kNoNode) ||
                  (pre && m.term > term_);
  if (can_vote && IsUpToDate(m.index, m.log_term)) {
    Send(Reply(resp, m, m.term));
    if (!pre) {
      RAFT_CHECK(m.term == term_);
      vote_ = m.from;
      election_elapsed_ = 0;
    }
  } else {
    Message r = Reply(resp, m, term_);
    r.reject = true;
    Send(std::move(r));
  }
}

void Raft::StepFollowerOrCandidate(const Message& m) {
  switch (m.type) {
    case MessageType::kApp:
    case MessageType::kHeartbeat:
    case MessageType::kSnap:
      // Section 5.2: a candidate that hears from the leader of its own term
      // returns to follower.
      if (role_ != Role::kFollower) BecomeFollower(term_, m.from);
      leader_ = m.from;
      election_elapsed_ = 0;
      if (m.type == MessageType::kApp) {
        HandleAppend(m);
      } else if (m.type == MessageType::kHeartbeat) {
        HandleHeartbeat(m);
      } else {
        HandleSnapshot(m);
      }
      break;
    case MessageType::kPreVoteResp:
      if (role_ == Role::kPreCandidate &&
          m.term == (m.reject ? term_ : term_ + 1)) {
        TallyVote(m);
      }
      break;
    case MessageType::kVoteResp:
      if (role_ == Role::kCandidate) TallyVote(m);
      break;
    case MessageType::kReadIndexResp:
      if (ready_reads_.size() < config_.max_pending_reads) {
        ready_reads_.push_back(ReadState{m.context, m.index});
      }
      break;
    default:
      break;  // responses meant for a leader we no longer are
  }
}

void Raft::HandleAppend(const Message& m) {
  if (m.index < commit_) {
    // Everything up to commit_ already matches; say so.
    Message r = Reply(MessageType::kAppResp, m, term_);
    r.context = m.context;  // confirms leadership for reads, as a heartbeat
    r.index = commit_;
    Send(std::move(r));
    return;
  }
  if (!MatchTerm(m.index, m.log_term)) {
    Message r = Reply(MessageType::kAppResp, m, term_);
    r.context = m.context;  // confirms leadership for reads, as a heartbeat
    r.index = m.index;
    r.reject = true;
    if (m.index > LastIndex()) {
      r.reject_hint = LastIndex() + 1;
    } else {
      r.conflict_term = *Term(m.index);
      r.reject_hint = FirstIndexOfTerm(m.index);
    }
    Send(std::move(r));
    return;
  }
  // Section 5.3: delete a conflicting suffix, append what is new, never
  // truncate on a mere duplicate (a reordered older append).
  uint64_t expect = m.index + 1;
  for (const Entry& e : m.entries) {
    RAFT_CHECK(e.index == expect);
    ++expect;
    if (e.index <= LastIndex()) {
      if (*Term(e.index) == e.term) continue;
      TruncateFrom(e.index);
    }
    entries_.push_back(e);
  }
  uint64_t last_new = m.index + m.entries.size();
  CommitTo(std::min(m.commit, last_new));
  Message r = Reply(MessageType::kAppResp, m, term_);
  r.context = m.context;  // confirms leadership for reads, as a heartbeat
  r.index = last_new;
  Send(std::move(r));
}

void Raft::HandleHeartbeat(const Message& m) {
  // The leader sends min(its commit, our match), so this never commits an
  // entry we do not hold.
  CommitTo(std::min(m.commit, LastIndex()));
  Message r = Reply(MessageType::kHeartbeatResp, m, term_);
  r.context = m.context;
  Send(std::move(r));
}

void Raft::HandleSnapshot(const Message& m) {
  RAFT_CHECK(m.snapshot != nullptr);
  const Snapshot& s = *m.snapshot;
  Message r = Reply(MessageType::kAppResp, m, term_);
  if (s.index <= commit_) {
    r.index = commit_;
  } else if (MatchTerm(s.index, s.term)) {
    // Section 7: we already hold the snapshot's last entry; keep our log.
    CommitTo(s.index);
    r.index = s.index;
  } else {
    snapshot_ = m.snapshot;
    snap_index_ = s.index;
    snap_term_ = s.term;
    entries_.clear();
    commit_ = s.index;
    applied_ = s.index;
    unstable_from_ = s.index + 1;
    snapshot_unpersisted_ = true;
    snapshot_to_restore_ = true;
    r.index = s.index;
  }
  Send(std::move(r));
}

void Raft::StepLeader(const Message& m) {
  auto it = progress_.find(m.from);
  if (it == progress_.end()) return;
  Progress& pr = it->second;
  switch (m.type) {
    case MessageType::kAppResp:
      HandleAppendResponse(m, pr);
      break;
    case MessageType::kHeartbeatResp:
      HandleHeartbeatResponse(m, pr);
      break;
    case MessageType::kReadIndex:
      if (ServeReadAtOnce()) {
        ReleaseRead(PendingRead{0, m.from, m.context}, commit_);
      } else if (pending_reads_.size() < config_.max_pending_reads) {
        ++read_round_;
        progress_[config_.id].read_ack = read_round_;
        pending_reads_.push_back(PendingRead{read_round_, m.from, m.context});
        read_round_pending_ = true;
        AdvanceReads();
      }
      break;
    default:
      break;  // votes after winning, or a peer confused about the leader
  }
}

void Raft::HandleAppendResponse(const Message& m, Progress& pr) {
  pr.recent_active = true;
  if (m.context > pr.read_ack) {
    // An append carries the read round current when it was sent; any reply
    // in our term confirms our leadership as a heartbeat's would.
    pr.read_ack = m.context;
    AdvanceReads();
  }
  if (m.reject) {
    if (m.index <= pr.match) return;  // stale
    if (pr.state == ProgressState::kProbe && m.index + 1 != pr.next) return;
    // Fast back-off: skip the follower's whole conflicting term at once.
    uint64_t next = m.reject_hint;
    if (m.conflict_term != 0) {
      uint64_t li = LastIndexOfTerm(m.conflict_term, m.index);
      if (li != 0) next = li + 1;
    }
    next = std::min(next, m.index);
    next = std::max(next, pr.match + 1);
    pr.next = next;
    pr.state = ProgressState::kProbe;
    pr.inflight.clear();
    pr.probe_sent = false;
    pr.stall_ticks = 0;
    SendAppend(m.from, true);
    return;
  }
  if (m.index < pr.match) return;  // a duplicate of an older ack
  if (m.index > pr.match) {
    pr.match = m.index;
    pr.stall_ticks = 0;
  }
  pr.next = std::max(pr.next, pr.match + 1);
  switch (pr.state) {
    case ProgressState::kProbe:
      pr.state = ProgressState::kReplicate;
      pr.next = pr.match + 1;
      pr.inflight.clear();
      pr.probe_sent = false;
      break;
    case ProgressState::kReplicate:
      while (!pr.inflight.empty() && pr.inflight.front() <= m.index) {
        pr.inflight.pop_front();
      }
      break;
    case ProgressState::kSnapshot:
      if (pr.match >= pr.pending_snapshot) {
        pr.state = ProgressState::kReplicate;
        pr.next = pr.match + 1;
        pr.inflight.clear();
      }
      break;
  }
  if (MaybeCommit()) broadcast_pending_ = true;
  while (SendAppend(m.from, false)) {
  }
}

void Raft::HandleHeartbeatResponse(const Message& m, Progress& pr) {
  pr.recent_active = true;
  if (m.context > pr.read_ack) {
    pr.read_ack = m.context;
    AdvanceReads();
  }
  if (pr.state == ProgressState::kProbe) pr.probe_sent = false;
  if (pr.match < LastIndex()) SendAppend(m.from, false);
}

// ---------------------------------------------------------------------------
// Replication.

void Raft::AppendToLog(std::vector<Entry> entries) {
  RAFT_CHECK(role_ == Role::kLeader);
  for (Entry& e : entries) {
    e.term = term_;
    e.index = LastIndex() + 1;
    entries_.push_back(std::move(e));
  }
  Progress& self = progress_[config_.id];
  self.match = LastIndex();
  self.next = self.match + 1;
  MaybeCommit();
  broadcast_pending_ = true;
}

absl::StatusOr<Raft::Proposal> Raft::Propose(std::string data) {
  if (data.empty()) return absl::InvalidArgumentError("empty proposal");
  if (role_ != Role::kLeader) {
    return absl::FailedPreconditionError("not the leader");
  }
  if (LastIndex() - commit_ >= config_.max_uncommitted) {
    return absl::ResourceExhaustedError("too many uncommitted proposals");
  }
  std::vector<Entry> one;
  one.push_back(Entry{0, 0, std::move(data)});
  AppendToLog(std::move(one));
  return Proposal{LastIndex(), term_};
}

bool Raft::SendAppend(NodeId to, bool send_if_empty) {
  Progress& pr = progress_[to];
  switch (pr.state) {
    case ProgressState::kProbe:
      if (pr.probe_sent) return false;
      break;
    case ProgressState::kReplicate:
      if (pr.inflight.size() >= config_.max_inflight_msgs) return false;
      break;
    case ProgressState::kSnapshot:
      return false;
  }
  RAFT_CHECK(pr.next >= 1);
  RAFT_CHECK(pr.next <= LastIndex() + 1);
  uint64_t prev = pr.next - 1;
  std::optional<uint64_t> prev_term = Term(prev);
  Message m;
  m.to = to;
  m.term = term_;
  if (!prev_term.has_value()) {
    // Section 7: the follower needs entries we compacted away.
    RAFT_CHECK(snapshot_ != nullptr);
    m.type = MessageType::kSnap;
    m.snapshot = snapshot_;
    pr.state = ProgressState::kSnapshot;
    pr.pending_snapshot = snap_index_;
    pr.inflight.clear();
    pr.stall_ticks = 0;
    Send(std::move(m));
    return true;
  }
  size_t bytes = 0;
  for (uint64_t i = pr.next; i <= LastIndex(); ++i) {
    const Entry& e = entries_[i - snap_index_ - 1];
    if (!m.entries.empty() &&
        (m.entries.size() >= config_.max_entries_per_msg ||
         bytes + e.data.size() > config_.max_bytes_per_msg)) {
      break;
    }
    bytes += e.data.size();
    m.entries.push_back(e);
  }
  if (m.entries.empty() && !send_if_empty) return false;
  m.type = MessageType::kApp;
  m.index = prev;
  m.log_term = *prev_term;
  m.commit = commit_;
  m.context = read_round_;
  pr.sent_round = read_round_;
  if (pr.state == ProgressState::kReplicate) {
    if (m.entries.empty()) {
      // Commit news only: anchor at the known match so that reordering
      // behind in-flight appends cannot cause a spurious reject.
      std::optional<uint64_t> match_term = Term(pr.match);
      if (match_term.has_value()) {
        m.index = pr.match;
        m.log_term = *match_term;
      }
    } else {
      pr.next = m.entries.back().index + 1;
      pr.inflight.push_back(m.entries.back().index);
    }
  } else {
    pr.probe_sent = true;
  }
  Send(std::move(m));
  return true;
}

void Raft::BroadcastAppend() {
  broadcast_pending_ = false;
  for (NodeId v : config_.voters) {
    if (v == config_.id) continue;
    if (SendAppend(v, true)) {
      while (SendAppend(v, false)) {
      }
    }
  }
}

void Raft::BroadcastHeartbeat() {
  read_round_pending_ = false;
  if (config_.lease_reads) {
    // Every heartbeat is a fresh round so that its acks can extend the
    // lease from the tick it was sent at.
    ++read_round_;
    progress_[config_.id].read_ack = read_round_;
    round_ticks_.emplace_back(read_round_, ticks_);
    if (round_ticks_.size() > 64) round_ticks_.pop_front();
  }
  for (NodeId v : config_.voters) {
    if (v == config_.id) continue;
    Message m;
    m.type = MessageType::kHeartbeat;
    m.to = v;
    m.term = term_;
    m.commit = std::min(progress_[v].match, commit_);
    m.context = read_round_;
    progress_[v].sent_round = read_round_;
    Send(std::move(m));
  }
}

// Reads wait for a round acknowledged by a quorum. Followers that were just
// sent an append carry the round already; only the others need a heartbeat,
// so under write load reads cost no extra messages.
void Raft::SendReadRound() {
  read_round_pending_ = false;
  for (NodeId v : config_.voters) {
    if (v == config_.id) continue;
    Progress& pr = progress_[v];
    if (pr.sent_round >= read_round_) continue;
    Message m;
    m.type = MessageType::kHeartbeat;
    m.to = v;
    m.term = term_;
    m.commit = std::min(pr.match, commit_);
    m.context = read_round_;
    pr.sent_round = read_round_;
    Send(std::move(m));
  }
}

bool Raft::MaybeCommit() {
  std::vector<uint64_t> matches;
  matches.reserve(config_.voters.size());
  for (NodeId v : config_.voters) matches.push_back(progress_[v].match);
  std::sort(matches.begin(), matches.end(), std::greater<uint64_t>());
  uint64_t q = matches[Quorum() - 1];
  if (q <= commit_) return false;
  // Section 5.4.2: only an entry of the current term is committed by
  // counting replicas; earlier ones follow by the Log Matching Property.
  if (!config_.naive_commit && *Term(q) != term_) return false;
  CommitTo(q);
  AdvanceReads();
  return true;
}

void Raft::CommitTo(uint64_t index) {
  if (index <= commit_) return;
  RAFT_CHECK(index <= LastIndex());
  commit_ = index;
}

uint64_t Raft::LastIndexOfTerm(uint64_t term, uint64_t at_most) const {
  for (uint64_t i = std::min(at_most, LastIndex()); i > snap_index_; --i) {
    uint64_t t = entries_[i - snap_index_ - 1].term;
    if (t == term) return i;
    if (t < term) return 0;
  }
  return 0;
}

uint64_t Raft::FirstIndexOfTerm(uint64_t index) const {
  uint64_t term = *Term(index);
  uint64_t i = index;
  while (i > snap_index_ + 1 && entries_[i - snap_index_ - 2].term == term) --i;
  return i;
}

void Raft::TruncateFrom(uint64_t index) {
  RAFT_CHECK(index > commit_);  // a committed entry is never overwritten
  RAFT_CHECK(index > snap_index_);
  RAFT_CHECK(index <= LastIndex());
  entries_.resize(index - snap_index_ - 1);
  unstable_from_ = std::min(unstable_from_, index);
}

// ---------------------------------------------------------------------------
// Reads (thesis 6.4).

absl::Status Raft::ReadIndex(uint64_t context) {
  if (pending_reads_.size() + ready_reads_.size() >=
      config_.max_pending_reads) {
    return absl::ResourceExhaustedError("too many pending reads");
  }
  if (role_ == Role::kLeader && ServeReadAtOnce()) {
    ready_reads_.push_back(ReadState{context, commit_});
    return absl::OkStatus();
  }
  if (role_ == Role::kLeader) {
    ++read_round_;
    progress_[config_.id].read_ack = read_round_;
    pending_reads_.push_back(PendingRead{read_round_, config_.id, context});
    read_round_pending_ = true;
    AdvanceReads();
    return absl::OkStatus();
  }
  if (leader_ == kNoNode) return absl::UnavailableError("no leader known");
  Message m;
  m.type = MessageType::kReadIndex;
  m.to = leader_;
  m.term = term_;
  m.context = context;
  Send(std::move(m));
  return absl::OkStatus();
}

// Planted-bug paths (Config::unsafe_local_reads, lease_reads): may this
// leader answer a read now without a heartbeat round?
bool Raft::ServeReadAtOnce() const {
  if (role_ != Role::kLeader) return false;
  if (config_.unsafe_local_reads) return true;
  return config_.lease_reads && ticks_ < lease_until_ &&
         *Term(commit_) == term_;
}

void Raft::ExtendLease(uint64_t confirmed_round) {
  uint64_t sent_tick = 0;
  bool found = false;
  while (!round_ticks_.empty() && round_ticks_.front().first <= confirmed_round) {
    sent_tick = round_ticks_.front().second;
    found = true;
    round_ticks_.pop_front();
  }
  if (!found) return;
  // Two ticks of margin for tick phase between nodes; no margin at all for
  // clocks that run at different rates - that is the planted bug.
  uint64_t until = sent_tick + static_cast<uint64_t>(config_.election_ticks) - 2;
  lease_until_ = std::max(lease_until_, until);
}

void Raft::AdvanceReads() {
  if (role_ != Role::kLeader) return;
  std::vector<uint64_t> acks;
  for (NodeId v : config_.voters) acks.push_back(progress_[v].read_ack);
  std::sort(acks.begin(), acks.end(), std::greater<uint64_t>());
  uint64_t confirmed = acks[Quorum() - 1];
  if (config_.lease_reads) ExtendLease(confirmed);
  if (pending_reads_.empty()) return;
  // Until our no-op commits we do not know the commit point (thesis 6.4).
  if (*Term(commit_) != term_) return;
  while (!pending_reads_.empty() && pending_reads_.front().round <= confirmed) {
    ReleaseRead(pending_reads_.front(), commit_);
    pending_reads_.pop_front();
  }
}

void Raft::ReleaseRead(const PendingRead& read, uint64_t index) {
  if (read.from == config_.id) {
    ready_reads_.push_back(ReadState{read.context, index});
    return;
  }
  Message m;
  m.type = MessageType::kReadIndexResp;
  m.to = read.from;
  m.term = term_;
  m.index = index;
  m.context = read.context;
  Send(std::move(m));
}

// ---------------------------------------------------------------------------
// Snapshots and Ready.

absl::Status Raft::Compact(uint64_t index, std::string data) {
  if (index > applied_) {
    return absl::InvalidArgumentError("compact beyond applied index");
  }
  if (index <= snap_index_) {
    return absl::InvalidArgumentError("already compacted");
  }
  RAFT_CHECK(index < unstable_from_);
  auto snap = std::make_shared<Snapshot>();
  snap->index = index;
  snap->term = *Term(index);
  snap->data = std::move(data);
  entries_.erase(entries_.begin(),
                 entries_.begin() + static_cast<long>(index - snap_index_));
  snap_index_ = index;
  snap_term_ = snap->term;
  snapshot_ = std::move(snap);
  snapshot_unpersisted_ = true;
  return absl::OkStatus();
}

bool Raft::HasReady() const {
  if (!msgs_.empty() || broadcast_pending_ || read_round_pending_ ||
      snapshot_unpersisted_ || unstable_from_ <= LastIndex() ||
      commit_ > applied_ || !(CurrentHardState() == persisted_hard_state_)) {
    return true;
  }
  for (const ReadState& r : ready_reads_) {
    if (r.index <= applied_) return true;
  }
  return false;
}

Ready Raft::TakeReady() {
  if (role_ == Role::kLeader) {
    if (broadcast_pending_) BroadcastAppend();
    if (read_round_pending_) SendReadRound();
  }
  Ready rd;
  if (snapshot_unpersisted_) {
    rd.snapshot = snapshot_;
    rd.restore_snapshot = snapshot_to_restore_;
    snapshot_unpersisted_ = false;
    snapshot_to_restore_ = false;
  }
  RAFT_CHECK(unstable_from_ > snap_index_);
  for (uint64_t i = unstable_from_; i <= LastIndex(); ++i) {
    rd.entries.push_back(entries_[i - snap_index_ - 1]);
  }
  unstable_from_ = LastIndex() + 1;
  HardState hs = CurrentHardState();
  if (!(hs == persisted_hard_state_)) {
    rd.has_hard_state = true;
    rd.hard_state = hs;
    persisted_hard_state_ = hs;
  }
  RAFT_CHECK(applied_ >= snap_index_);
  for (uint64_t i = applied_ + 1; i <= commit_; ++i) {
    rd.committed_entries.push_back(entries_[i - snap_index_ - 1]);
  }
  applied_ = std::max(applied_, commit_);
  std::deque<ReadState> waiting;
  for (const ReadState& r : ready_reads_) {
    if (r.index <= applied_) {
      rd.read_states.push_back(r);
    } else {
      waiting.push_back(r);
    }
  }
  ready_reads_ = std::move(waiting);
  rd.messages = std::move(msgs_);
  msgs_.clear();
  return rd;
}

}  // namespace raft
