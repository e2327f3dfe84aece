#include "nodes/raftkv/raftkv.h"

#include "runtime/crash.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "nodes/raftkv/raft/check.h"
#include "nodes/raftkv/raft/ready_steps.h"
#include "nodes/raftkv/wire.h"
#include "runtime/error.h"
#include "runtime/fields.h"

namespace raftkv {

using runtime::Error;
using runtime::Json;
using runtime::Message;

namespace {
constexpr size_t kMaxPending = 10000;
constexpr int kMaxHopsField = 8;
}  // namespace

absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& args) {
  Options o;
  o.dir.clear();
  const size_t argc = args.size();
  for (size_t i = 0; i < argc; ++i) {
    const std::string& a = args[i];
    auto int_arg = [&](int& out) -> bool {
      return i + 1 < argc && absl::SimpleAtoi(args[++i], &out) && out > 0;
    };
    bool ok = true;
    if (a == "--tick-ms") ok = int_arg(o.tick_ms);
    else if (a == "--election-ticks") ok = int_arg(o.election_ticks);
    else if (a == "--heartbeat-ticks") ok = int_arg(o.heartbeat_ticks);
    else if (a == "--snapshot-every") ok = int_arg(o.snapshot_every);
    else if (a == "--naive-commit") o.naive_commit = true;
    else if (a == "--no-persist") o.no_persist = true;
    else if (a == "--stale-reads") o.stale_reads = true;
    else if (a == "--unsafe-lease") o.unsafe_lease = true;
    else if (a == "--no-sync") o.sync = false;
    else if (a == "--dir" && i + 1 < argc) o.dir = args[++i];
    else ok = false;
    if (!ok) return absl::InvalidArgumentError(absl::StrCat("bad flag ", a));
  }
  if (o.heartbeat_ticks >= o.election_ticks) {
    return absl::InvalidArgumentError("heartbeat must be shorter than election");
  }
  return o;
}

RaftKv::RaftKv(runtime::Node& node, runtime::Disk& disk, Options options)
    : node_(node), disk_(disk), options_(std::move(options)) {
  node_.OnInit([this] { Start(); });
  node_.On("raft", [this](const Message& m) { OnRaft(m); });
  node_.On("read", [this](const Message& m) { OnRead(m); });
  node_.On("write", [this](const Message& m) {
    OnWrite(m, KvState::MakeWrite(runtime::Field(m.body, "key"),
                                  runtime::Field(m.body, "value"), RequestIdOf(m)));
  });
  node_.On("cas", [this](const Message& m) {
    OnWrite(m, KvState::MakeCas(runtime::Field(m.body, "key"),
                                runtime::Field(m.body, "from"),
                                runtime::Field(m.body, "to"), RequestIdOf(m)));
  });
}

std::string RaftKv::NameOf(raft::NodeId id) const {
  RAFT_CHECK(id >= 1 && id <= node_.node_ids().size());
  return node_.node_ids()[id - 1];
}

raft::NodeId RaftKv::IdOf(const std::string& name) const {
  const auto& ids = node_.node_ids();
  auto it = std::find(ids.begin(), ids.end(), name);
  return it == ids.end() ? raft::kNoNode : (it - ids.begin()) + 1;
}

std::string RaftKv::RequestIdOf(const Message& req) {
  auto it = req.body.find("raftkv_rid");
  return it != req.body.end() && it->is_string() ? it->get<std::string>() : "";
}

void RaftKv::Start() {
  // Names this incarnation's forwards: a restarted node counts from 1 again.
  forward_origin_ = absl::StrCat(node_.id(), "/", node_.random()());
  if (options_.no_persist) {
    // Planted bug: every start, restarts included, begins empty.
    storage_ = std::make_unique<raft::MemoryStorage>();
  } else {
    OpenFileStorage();
  }
  raft::PersistentState st = *storage_->Load();
  if (st.snapshot != nullptr) {
    RAFT_CHECK(kv_.Restore(st.snapshot->data).ok());
    applied_ = st.snapshot->index;
  }
  raft::Config c;
  c.id = IdOf(node_.id());
  for (size_t i = 0; i < node_.node_ids().size(); ++i) c.voters.push_back(i + 1);
  c.election_ticks = options_.election_ticks;
  c.heartbeat_ticks = options_.heartbeat_ticks;
  c.naive_commit = options_.naive_commit;
  c.unsafe_local_reads = options_.stale_reads;
  // The stale-read bug as it is met in the wild: local reads and no
  // check-quorum, so a leader cut off from the majority goes on believing it
  // leads (and serving its old state) until it hears a higher term. With
  // check-quorum it would step down within one election timeout and the
  // bug would show only in the few hundred ms after a partition starts.
  c.check_quorum = !options_.stale_reads;
  c.lease_reads = options_.unsafe_lease;
  random_ = std::make_unique<raft::SeededRandom>(node_.random()());
  core_ = std::make_unique<raft::Raft>(c, random_.get(), st);
  node_.Every(std::chrono::milliseconds(options_.tick_ms), [this] { OnTick(); });
  ProcessReady();
}

void RaftKv::OpenFileStorage() {
  auto storage = raft::FileStorage::Open(disk_, options_.dir,
                                         absl::StrCat("raft-", node_.id()),
                                         options_.sync);
  if (!storage.ok()) {
    // Without durable state we could break promises made before a crash.
    runtime::CrashNode(absl::StrCat(node_.id(), ": cannot open storage: ", storage.status().ToString()));
  }
  if ((*storage)->dropped_tail_bytes() > 0) {
    node_.Log(absl::StrCat("dropped torn log tail of ",
                           (*storage)->dropped_tail_bytes(), " bytes"));
  }
  storage_ = std::move(*storage);
}

void RaftKv::OnTick() {
  core_->Tick();
  ProcessReady();
  ExpirePending();
}

void RaftKv::OnRaft(const Message& m) {
  if (core_ == nullptr) return;
  auto it = m.body.find("m");
  if (it == m.body.end()) return;
  absl::StatusOr<raft::Message> rm = DecodeRaftMessage(*it);
  raft::NodeId from = IdOf(m.src);
  if (!rm.ok() || from == raft::kNoNode) {
    node_.Log(absl::StrCat("dropping bad raft message from ", m.src));
    return;
  }
  rm->from = from;
  rm->to = core_->GetStatus().id;
  core_->Step(*rm);
  ScheduleReady();
}

void RaftKv::OnWrite(const Message& req, std::string command) {
  runtime::Time deadline =
      node_.Now() + std::chrono::milliseconds(options_.request_timeout_ms);
  if (core_ != nullptr && core_->GetStatus().role == raft::Role::kLeader) {
    if (writes_.size() >= kMaxPending) {
      node_.ReplyError(req, Error::Unavailable("too many pending writes"));
      return;
    }
    absl::StatusOr<raft::Raft::Proposal> p = core_->Propose(std::move(command));
    if (!p.ok()) {
      node_.ReplyError(req, Error::Unavailable(std::string(p.status().message())));
      return;
    }
    // Generous: the client has long given up by then; this only bounds memory.
    writes_[p->index] = PendingWrite{p->term, req, deadline + std::chrono::seconds(10)};
    ScheduleReady();
    return;
  }
  Forward(req, deadline);
}

void RaftKv::Forward(const Message& req, runtime::Time deadline) {
  raft::NodeId leader =
      core_ == nullptr ? raft::kNoNode : core_->GetStatus().leader;
  int hops = 0;
  if (auto h = req.body.find("raftkv_hops"); h != req.body.end() && h->is_number_integer()) {
    hops = std::clamp(h->get<int>(), 0, kMaxHopsField);
  }
  if (leader == raft::kNoNode || leader == IdOf(node_.id()) ||
      hops >= options_.max_forward_hops) {
    RetryLater(req, deadline, /*is_read=*/false);
    return;
  }
  Json body = req.body;
  body.erase("msg_id");
  body["raftkv_hops"] = hops + 1;
  // The first forwarder names the request once, so every copy the network
  // delivers is applied once (kv_state.h).
  if (RequestIdOf(req).empty()) body["raftkv_rid"] = absl::StrCat(forward_origin_, "/", next_forward_++);
  runtime::Duration timeout = std::max<runtime::Duration>(
      deadline - node_.Now(), std::chrono::milliseconds(1));
  node_.Rpc(NameOf(leader), std::move(body), timeout,
            [this, req](runtime::Result<Message> reply) {
              if (!reply.ok()) {
                // The leader may have applied it: only the leader's own
                // definite errors are relayed as such.
                Error e = reply.error();
                if (e.code == runtime::kTimeout) e = Error::Crash("forward timed out");
                node_.ReplyError(req, e);
                return;
              }
              Json body = reply->body;
              body.erase("msg_id");
              body.erase("in_reply_to");
              node_.Reply(req, std::move(body));
            });
}

// No leader known yet (an election is running): try again a little later,
// until the deadline, then fail definitely - nothing was proposed.
void RaftKv::RetryLater(const Message& req, runtime::Time deadline, bool is_read) {
  if (node_.Now() >= deadline) {
    node_.ReplyError(req, Error::Unavailable("no leader"));
    return;
  }
  node_.After(std::chrono::milliseconds(options_.tick_ms), [this, req, deadline, is_read] {
    if (is_read) {
      Read(req, deadline);
      return;
    }
    if (core_ != nullptr && core_->GetStatus().role == raft::Role::kLeader) {
      std::string command =
          req.type() == "write"
              ? KvState::MakeWrite(req.body["key"], req.body["value"], RequestIdOf(req))
              : KvState::MakeCas(req.body["key"], req.body["from"], req.body["to"], RequestIdOf(req));
      OnWrite(req, std::move(command));
    } else {
      Forward(req, deadline);
    }
  });
}

void RaftKv::OnRead(const Message& req) {
  Read(req, node_.Now() + std::chrono::milliseconds(options_.request_timeout_ms));
}

void RaftKv::Read(const Message& req, runtime::Time deadline) {
  runtime::Field(req.body, "key");  // 12 if missing
  if (core_ == nullptr || reads_.size() >= kMaxPending) {
    node_.ReplyError(req, Error::Unavailable("not ready"));
    return;
  }
  uint64_t ctx = next_read_++;
  absl::Status st = core_->ReadIndex(ctx);
  if (absl::IsUnavailable(st)) {
    // No leader known: an election is running, or this node has just
    // restarted and not yet heard a heartbeat. Wait for one, as writes do,
    // rather than fail a read the cluster could serve in a few ticks.
    RetryLater(req, deadline, /*is_read=*/true);
    return;
  }
  if (!st.ok()) {
    node_.ReplyError(req, Error::Unavailable(std::string(st.message())));
    return;
  }
  reads_[ctx] = PendingRead{req, deadline};
  ScheduleReady();
}

void RaftKv::ExpirePending() {
  runtime::Time now = node_.Now();
  for (auto it = reads_.begin(); it != reads_.end();) {
    if (it->second.deadline <= now) {
      node_.ReplyError(it->second.request, Error::Unavailable("read not confirmed"));
      it = reads_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = writes_.begin(); it != writes_.end();) {
    if (it->second.deadline <= now) {
      it = writes_.erase(it);  // client gave up long ago; outcome unknown
    } else {
      ++it;
    }
  }
}

void RaftKv::ApplyCommitted(const raft::Entry& e) {
  RAFT_CHECK(e.index == applied_ + 1);
  applied_ = e.index;
  runtime::Result<Json> result = e.data.empty() ? runtime::Result<Json>(Json())
                                                : kv_.Apply(e.data);
  auto it = writes_.find(e.index);
  if (it == writes_.end()) return;
  if (it->second.term != e.term) {
    // Another entry took our slot; by Log Matching ours never commits.
    node_.ReplyError(it->second.request, Error::Unavailable("lost leadership"));
  } else if (result.ok()) {
    node_.Reply(it->second.request, result.value());
  } else {
    node_.ReplyError(it->second.request, result.error());
  }
  writes_.erase(it);
}

void RaftKv::ScheduleReady() {
  if (ready_scheduled_) return;
  ready_scheduled_ = true;
  node_.After(runtime::Duration::zero(), [this] {
    ready_scheduled_ = false;
    ProcessReady();
  });
}

void RaftKv::SendRaft(const raft::Message& m) {
  node_.Send(NameOf(m.to), Json{{"type", "raft"}, {"m", EncodeRaftMessage(m)}});
}

// The order of the steps (early appends, Save, the rest) is shared with the
// simulator (raft/ready_steps.h), which tests exactly this order.
void RaftKv::ProcessReady() {
  const raft::ReadyHooks hooks{
      .send = [this](const raft::Message& m) { SendRaft(m); },
      .flush = [this] { node_.FlushOutput(); },
      .restore =
          [this](const raft::Snapshot& s) {
            RAFT_CHECK(kv_.Restore(s.data).ok());
            applied_ = s.index;
            // Proposals covered by the snapshot: we cannot tell if they won.
            while (!writes_.empty() && writes_.begin()->first <= applied_) {
              node_.ReplyError(writes_.begin()->second.request,
                               Error::Crash("outcome unknown after snapshot"));
              writes_.erase(writes_.begin());
            }
          },
      .apply = [this](const raft::Entry& e) { ApplyCommitted(e); },
      .read =
          [this](const raft::ReadState& r) {
            auto it = reads_.find(r.context);
            if (it == reads_.end()) return;
            RAFT_CHECK(applied_ >= r.index);
            const Message& req = it->second.request;
            runtime::Result<Json> v = kv_.Read(req.body["key"]);
            if (v.ok()) {
              node_.Reply(req, v.value());
            } else {
              node_.ReplyError(req, v.error());
            }
            reads_.erase(it);
          },
  };
  while (core_->HasReady()) {
    raft::Ready rd = core_->TakeReady();
    raft::SendBeforePersist(rd, hooks);
    absl::Status st = storage_->Save(rd);
    if (!st.ok()) {
      // It cannot keep promises it could not persist.
      runtime::CrashNode(absl::StrCat(node_.id(), ": storage failed: ", st.ToString()));
    }
    raft::FinishAfterPersist(rd, hooks);
    if (applied_ - core_->snapshot_index() >=
        static_cast<uint64_t>(options_.snapshot_every)) {
      RAFT_CHECK(core_->Compact(applied_, kv_.Serialize()).ok());
    }
  }
}

}  // namespace raftkv
