#include "nodes/kafka/owner_node.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "nodes/kafka/record.h"
#include "nodes/kafka/requests.h"
#include "runtime/check.h"
#include "runtime/error.h"
#include "runtime/fields.h"

namespace kafka {
namespace {

using runtime::Error;
using runtime::Json;
using runtime::Message;
using runtime::Result;

constexpr size_t kPollMaxBytes = 1 << 20;  // messages in one poll reply
constexpr size_t kPushMaxRecords = 4096;   // records in one sync message
constexpr size_t kPushMaxBytes = 1 << 20;  // message bytes in one sync message
constexpr size_t kCommitsPerSync = 1024;
constexpr auto kHelloEvery = std::chrono::milliseconds(200);

runtime::Duration Ms(int64_t ms) { return std::chrono::milliseconds(ms); }

// A stored message back as JSON (discarded if it does not parse; records
// are CRC-checked, so that would be a bug).
Json ParseStored(const std::string& text) { return Json::parse(text, nullptr, /*allow_exceptions=*/false); }

}  // namespace

uint64_t KeyHash(std::string_view key) {
  uint64_t h = 1469598103934665603ull;
  for (char c : key) {
    h ^= uint8_t(c);
    h *= 1099511628211ull;
  }
  return h;
}

OwnerNode::OwnerNode(runtime::Node& node, runtime::Disk& disk, Options options)
    : node_(node), disk_(disk), options_(std::move(options)) {
  KIT_CHECK(!options_.dir.empty());
  node_.OnInit([this] { Start(); });
  node_.On("send", [this](const Message& m) { OnSend(m); });
  node_.On("poll", [this](const Message& m) { OnPoll(m); });
  node_.On("commit_offsets", [this](const Message& m) { OnCommit(m); });
  node_.On("list_committed_offsets", [this](const Message& m) { OnList(m); });
  node_.On("kafka_send", [this](const Message& m) { OnForwardedSend(m); });
  node_.On("kafka_sync", [this](const Message& m) { OnSync(m); });
}

const std::string& OwnerNode::OwnerOf(const std::string& key) const {
  const std::vector<std::string>& ids = node_.node_ids();
  KIT_CHECK(!ids.empty());
  return ids[KeyHash(key) % ids.size()];
}

void OwnerNode::Start() {
  started_at_ = node_.Now();
  boot_id_ = absl::StrCat(node_.random()() & 0xFFFFFFFFFFFFull);
  for (const std::string& id : node_.peer_ids()) peers_[id].id = id;
  const std::string root = absl::StrCat(options_.dir, "/kafka-", node_.id());
  absl::Status st = disk_.CreateDir(options_.dir);
  if (st.ok()) {
    absl::StatusOr<std::unique_ptr<LogStore>> store =
        LogStore::Open(disk_, root, PartitionOptions{.segment_bytes = options_.segment_bytes});
    st = store.status();
    if (store.ok()) store_ = std::move(*store);
  }
  if (st.ok()) {
    absl::StatusOr<std::unique_ptr<CommitStore>> commits = CommitStore::Open(disk_, root);
    st = commits.status();
    if (commits.ok()) commits_ = std::move(*commits);
  }
  if (!st.ok()) {
    failed_ = true;
    node_.Log(absl::StrCat("cannot open the log in ", root, ": ", st.ToString(), "; answering every request with 11"));
    return;
  }
  for (const auto& [key, p] : store_->partitions()) {
    if (OwnerOf(key) == node_.id()) owned_keys_.insert(key);
  }
  node_.Log(absl::StrCat("opened ", root, ": ", store_->partitions().size(), " partitions (", owned_keys_.size(),
                         " owned), ", commits_->size(), " committed offsets, dropped torn tails of ",
                         store_->dropped_tail_bytes(), " bytes"));
  for (const std::string& key : store_->broken_keys()) {
    node_.Log(absl::StrCat("partition of key ", key, " is corrupt before its tail: serving reads only"));
  }
  if (!peers_.empty()) node_.Every(Ms(options_.sync_ms), [this] { Tick(); });
}

bool OwnerNode::Ready(const Message& req) {
  if (!failed_) return true;
  node_.ReplyError(req, Error::Unavailable("this node's storage failed; see its log"));
  return false;
}

// --- send ------------------------------------------------------------------

void OwnerNode::OnSend(const Message& req) {
  if (!Ready(req)) return;
  const std::string& key = runtime::StringField(req.body, "key");
  std::string text = ParseMessageText(req.body);
  const std::string& owner = OwnerOf(key);
  if (owner != node_.id()) {
    Forward(req, owner, key);
    return;
  }
  AppendOwned(key, text, [this, req](Result<int64_t> offset) {
    if (!offset.ok()) {
      node_.ReplyError(req, offset.error());
      return;
    }
    node_.Reply(req, Json{{"type", "send_ok"}, {"offset", *offset}});
  });
}

void OwnerNode::Forward(const Message& req, const std::string& owner, const std::string& key) {
  if (Suspected(owner)) {
    node_.ReplyError(req, Error::Unavailable(absl::StrCat("owner ", owner, " of key ", key,
                                                          " has been unreachable; send not forwarded")));
    return;
  }
  // msg_ids restart at 1 when a node restarts, so a reply to its previous
  // incarnation (from an owner that was paused) could match a new request.
  // The owner echoes this id; a reply that does not carry it is not ours.
  const std::string forward_id = absl::StrCat(boot_id_, ":", ++forwards_);
  Json body = {{"type", "kafka_send"}, {"key", key}, {"msg", req.body.at("msg")}, {"forward_id", forward_id}};
  node_.Rpc(owner, std::move(body), Ms(options_.forward_timeout_ms),
            [this, req, owner, forward_id](Result<Message> reply) {
              if (!reply.ok()) {
                Error e = reply.error();
                if (e.code == runtime::kTimeout) {
                  e.text = absl::StrCat("owner ", owner, " did not answer in time; the send may have taken effect");
                } else if (e.definite()) {
                  // An error body carries no forward_id we can check here, so it might
                  // answer an earlier run's request while ours is still to happen.
                  e = Error::Crash(absl::StrCat("owner ", owner, " refused: ", e.text));
                }
                node_.ReplyError(req, e);
                return;
              }
              auto offset = reply->body.find("offset");
              auto echoed = reply->body.find("forward_id");
              if (echoed != reply->body.end() && *echoed != forward_id) {
                node_.ReplyError(req, Error::Crash(absl::StrCat("owner ", owner,
                                                                " answered another request (a reply to an earlier "
                                                                "run of this node); the send may have taken effect")));
                return;
              }
              if (reply->type() != "kafka_send_ok" || offset == reply->body.end() || !offset->is_number_integer() ||
                  echoed == reply->body.end()) {
                node_.ReplyError(req, Error::Crash(absl::StrCat("owner ", owner, " answered a send strangely")));
                return;
              }
              node_.Reply(req, Json{{"type", "send_ok"}, {"offset", *offset}});
            });
}

void OwnerNode::OnForwardedSend(const Message& req) {
  if (Peer* p = PeerFor(req.src)) {
    p->heard = true;
    p->last_heard = node_.Now();
  }
  if (!Ready(req)) return;
  const std::string& key = runtime::StringField(req.body, "key");
  std::string text = ParseMessageText(req.body);
  if (OwnerOf(key) != node_.id()) {
    node_.ReplyError(req, Error::Unavailable(absl::StrCat(node_.id(), " does not own key ", key)));
    return;
  }
  Json forward_id = req.body.value("forward_id", Json(""));
  AppendOwned(key, text, [this, req, forward_id](Result<int64_t> offset) {
    if (!offset.ok()) {
      Json body = offset.error().ToBody();
      body["forward_id"] = forward_id;
      node_.Reply(req, std::move(body));
      return;
    }
    node_.Reply(req, Json{{"type", "kafka_send_ok"}, {"offset", *offset}, {"forward_id", forward_id}});
  });
}

void OwnerNode::AppendOwned(const std::string& key, const std::string& text,
                            std::function<void(Result<int64_t>)> done) {
  Partition* p = store_->Find(key);
  const int64_t offset = p == nullptr ? 0 : p->next_offset();
  absl::Status st = store_->Append(key, offset, text);
  if (!st.ok()) {
    // The record may be partly written: indefinite.
    done(Error::Crash(absl::StrCat("cannot append to key ", key, ": ", st.ToString())));
    return;
  }
  owned_keys_.insert(key);
  pending_.push_back([done = std::move(done), offset, key](bool synced) {
    if (synced) {
      done(offset);
    } else {
      done(Error::Crash(absl::StrCat("sync of key ", key, " failed; the send may have taken effect")));
    }
  });
  ScheduleFlush();
}

// --- group commit ----------------------------------------------------------

void OwnerNode::ScheduleFlush() {
  if (flush_scheduled_) return;
  flush_scheduled_ = true;
  // Zero delay: runs when the loop next fires timers, after every message
  // of this read has been handled, so one fsync covers all their writes.
  node_.After(runtime::Duration::zero(), [this] { Flush(); });
}

void OwnerNode::Flush() {
  flush_scheduled_ = false;
  absl::Status st = store_->SyncDirty();
  if (st.ok()) st = commits_->Sync();
  if (!st.ok()) {
    // After a failed fsync nothing says what reached the disk (fsyncgate):
    // stop taking writes rather than acknowledge what may be lost.
    failed_ = true;
    node_.Log(absl::StrCat("sync failed: ", st.ToString(), "; refusing further requests"));
  } else {
    for (auto& [id, p] : peers_) p.commit_durable = p.commit_received;
  }
  std::vector<std::function<void(bool)>> pending = std::move(pending_);
  pending_.clear();
  for (auto& done : pending) done(st.ok());
}

// --- poll and commits ------------------------------------------------------

void OwnerNode::OnPoll(const Message& req) {
  if (!Ready(req)) return;
  std::vector<std::pair<std::string, int64_t>> offsets = ParseOffsets(req.body);
  Json msgs = Json::object();
  size_t budget = kPollMaxBytes;
  for (const auto& [key, from] : offsets) {
    Partition* p = store_->Find(key);
    if (p == nullptr || budget == 0) continue;
    // Owned keys: only synced records, since an unsynced one could vanish
    // in a crash and its offset be given to another message. Replicas: all
    // they hold, since whatever a crash takes the owner sends again, the
    // same message at the same offset.
    const int64_t end = OwnerOf(key) == node_.id() ? p->durable_end() : p->next_offset();
    absl::StatusOr<std::vector<LogEntry>> entries = p->Read(from, end, options_.poll_max_records, budget);
    if (!entries.ok()) {
      node_.Log(absl::StrCat("poll of key ", key, " failed: ", entries.status().ToString()));
      continue;
    }
    if (entries->empty()) continue;
    Json list = Json::array();
    for (const LogEntry& e : *entries) {
      budget -= std::min(budget, e.message.size());
      Json msg = ParseStored(e.message);
      if (msg.is_discarded())
        throw runtime::RpcError{Error::Crash(absl::StrCat("a stored message of key ", key, " does not parse"))};
      list.push_back(Json::array({e.offset, std::move(msg)}));
    }
    msgs[key] = std::move(list);
  }
  node_.Reply(req, Json{{"type", "poll_ok"}, {"msgs", std::move(msgs)}});
}

void OwnerNode::OnCommit(const Message& req) {
  if (!Ready(req)) return;
  std::vector<std::pair<std::string, int64_t>> offsets = ParseOffsets(req.body);
  for (const auto& [key, offset] : offsets) {
    Partition* p = store_->Find(key);
    if (p == nullptr && !commits_->Get(key)) {
      node_.ReplyError(req, Error::KeyDoesNotExist(
                                absl::StrCat("key ", key, " has no messages on ", node_.id(), "; nothing committed")));
      return;
    }
  }
  for (const auto& [key, offset] : offsets) {
    absl::StatusOr<bool> raised = commits_->Raise(key, offset, /*own=*/true);
    if (!raised.ok()) {
      node_.ReplyError(req, Error::Crash(absl::StrCat("cannot store commits: ", raised.status().ToString())));
      return;
    }
  }
  pending_.push_back([this, req](bool synced) {
    if (synced) {
      node_.Reply(req, Json{{"type", "commit_offsets_ok"}});
    } else {
      node_.ReplyError(req, Error::Crash("sync of commits failed; they may have taken effect"));
    }
  });
  ScheduleFlush();
}

void OwnerNode::OnList(const Message& req) {
  if (!Ready(req)) return;
  Json offsets = Json::object();
  for (const std::string& key : ParseKeys(req.body)) {
    if (std::optional<int64_t> c = commits_->Get(key)) offsets[key] = *c;
  }
  node_.Reply(req, Json{{"type", "list_committed_offsets_ok"}, {"offsets", std::move(offsets)}});
}

// --- replication -----------------------------------------------------------

OwnerNode::Peer* OwnerNode::PeerFor(const std::string& id) {
  auto it = peers_.find(id);
  return it == peers_.end() ? nullptr : &it->second;
}

bool OwnerNode::Suspected(const std::string& id) const {
  auto it = peers_.find(id);
  if (it == peers_.end()) return true;
  Time since = it->second.heard ? it->second.last_heard : started_at_;
  return node_.Now() - since > Ms(options_.suspect_ms);
}

void OwnerNode::Tick() {
  if (failed_) return;
  for (auto& [id, p] : peers_) {
    Json body = BuildSync(p);
    if (body.is_null()) continue;
    p.last_sent = node_.Now();
    node_.Send(id, std::move(body));
  }
}

Json OwnerNode::HaveOf(const std::string& peer, bool full, Peer& p) {
  Json have = Json::object();
  auto report = [&](const std::string& key, Partition* part) {
    have[key] = part->next_offset();
  };
  if (full) {
    p.have_dirty.clear();
    for (const auto& [key, part] : store_->partitions()) {
      if (OwnerOf(key) == peer) report(key, part.get());
    }
  } else {
    absl::btree_set<std::string> keys = std::move(p.have_dirty);
    p.have_dirty.clear();
    for (const std::string& key : keys) {
      if (Partition* part = store_->Find(key)) report(key, part);
    }
  }
  return have;
}

Json OwnerNode::BuildSync(Peer& p) {
  const Time now = node_.Now();
  Json body = {{"type", "kafka_sync"}};
  bool worth = false;
  bool full = false;
  if (!p.have_known && (!p.hello_sent || now - p.hello_sent_at >= kHelloEvery)) {
    body["hello"] = true;
    p.hello_sent = true;
    p.hello_sent_at = now;
    full = true;
  }
  if (p.send_full_have) {
    body["full_have"] = true;
    p.send_full_have = false;
    full = true;
  }
  if (full || !p.have_dirty.empty()) {
    body["have"] = HaveOf(p.id, full, p);
    worth = true;
  }

  // Records of our keys past what the peer has synced, oldest first.
  if (p.have_known) {
    Json records = Json::object();
    size_t n_records = 0;
    size_t n_bytes = 0;
    const runtime::Duration resend = Ms(options_.resend_ms);
    for (const std::string& key : owned_keys_) {
      if (n_records >= kPushMaxRecords || n_bytes >= kPushMaxBytes) break;
      Partition* part = store_->Find(key);
      if (part == nullptr) continue;
      const int64_t end = part->durable_end();
      int64_t from = p.acked.count(key) ? p.acked[key] : 0;
      if (end <= from) continue;
      auto pushed = p.pushed.find(key);
      if (pushed != p.pushed.end() && now - pushed->second.second < resend) {
        // In flight: send only what follows it, not the same again.
        from = std::max(from, pushed->second.first);
        if (end <= from) continue;
      }
      absl::StatusOr<std::vector<LogEntry>> entries = part->Read(
          from, end, std::min(options_.push_max_records, kPushMaxRecords - n_records), kPushMaxBytes - n_bytes);
      if (!entries.ok()) {
        node_.Log(absl::StrCat("cannot read key ", key, " to replicate: ", entries.status().ToString()));
        continue;
      }
      if (entries->empty()) continue;
      Json list = Json::array();
      for (const LogEntry& e : *entries) {
        Json msg = ParseStored(e.message);
        if (msg.is_discarded()) break;  // sent up to here; the rest waits for a fix
        n_bytes += e.message.size();
        list.push_back(Json::array({e.offset, std::move(msg)}));
      }
      if (list.empty()) continue;
      n_records += list.size();
      p.pushed[key] = {list.back()[0].get<int64_t>() + 1, now};
      records[key] = std::move(list);
    }
    if (!records.empty()) {
      body["records"] = std::move(records);
      worth = true;
    }
  }

  // Our own commits the peer has not acknowledged (pipelined like records).
  int64_t commit_from = p.commit_acked;
  if (p.commit_pushed > commit_from && now - p.commit_pushed_at < Ms(options_.resend_ms)) {
    commit_from = p.commit_pushed;
  }
  std::vector<CommitStore::Change> changes = commits_->OwnChangesAfter(commit_from, kCommitsPerSync);
  if (!changes.empty()) {
    Json list = Json::array();
    for (const CommitStore::Change& c : changes) list.push_back(Json::array({c.key, c.offset}));
    body["commits"] = std::move(list);
    body["commit_from"] = commit_from;
    body["commit_seq"] = changes.back().seq;
    p.commit_pushed = changes.back().seq;
    p.commit_pushed_at = now;
    worth = true;
  }
  if (p.commit_durable != p.commit_ack_sent) worth = true;
  body["commit_ack"] = p.commit_durable;
  p.commit_ack_sent = p.commit_durable;

  if (!worth && now - p.last_sent < Ms(options_.heartbeat_ms)) return Json();
  return body;
}

void OwnerNode::OnSync(const Message& m) {
  Peer* peer = PeerFor(m.src);
  if (peer == nullptr || failed_) return;
  Peer& p = *peer;
  p.heard = true;
  p.last_heard = node_.Now();
  const Json& body = m.body;
  const bool hello = body.value("hello", false) == true;
  const bool full = hello || body.value("full_have", false) == true;
  if (hello) {
    // The peer (re)started: what it acknowledged before may be gone, and it
    // wants our full replica state. Its commit acknowledgements restart
    // from 0, so our commits are sent again from the first.
    p.send_full_have = true;
    p.commit_acked = 0;
    p.commit_pushed = 0;
  }
  if (auto have = body.find("have"); have != body.end() && have->is_object()) {
    if (full) {
      p.acked.clear();
      p.pushed.clear();
      p.have_known = true;
    }
    // Taken as is, not as a maximum: a replica may have lost unsynced
    // records in a crash, or hit a gap, and then reports less than before;
    // the records after its report are sent again.
    for (auto it = have->begin(); it != have->end(); ++it) {
      if (it.value().is_number_integer()) p.acked[it.key()] = it.value().get<int64_t>();
    }
  }
  if (auto records = body.find("records"); records != body.end() && records->is_object()) {
    ApplyRecords(p, *records);
  }
  ApplyCommits(p, body);
  if (auto ack = body.find("commit_ack"); ack != body.end() && ack->is_number_integer()) {
    p.commit_acked = std::max(p.commit_acked, ack->get<int64_t>());
  }
}

void OwnerNode::ApplyRecords(Peer& p, const Json& records) {
  for (auto it = records.begin(); it != records.end(); ++it) {
    const std::string& key = it.key();
    if (OwnerOf(key) != p.id || !it.value().is_array()) {
      node_.Log(absl::StrCat("ignored records of key ", key, " from ", p.id, ", which does not own it"));
      continue;
    }
    p.have_dirty.insert(key);  // acknowledge, even if all were duplicates
    Partition* part = store_->Find(key);
    int64_t end = part == nullptr ? 0 : part->next_offset();
    for (const Json& rec : it.value()) {
      if (!rec.is_array() || rec.size() != 2 || !rec[0].is_number_integer()) break;
      const int64_t offset = rec[0].get<int64_t>();
      if (offset < end) continue;  // already held
      if (offset > end) break;     // a gap: wait for the owner to resend from our end
      std::string text = rec[1].dump(-1, ' ', false, Json::error_handler_t::replace);
      if (text.size() > kMaxMessageBytes) break;
      absl::Status st = store_->Append(key, offset, text, /*durable=*/false);
      if (!st.ok()) {
        node_.Log(absl::StrCat("cannot store replica of key ", key, ": ", st.ToString()));
        break;
      }
      ++end;
    }
  }
}

void OwnerNode::ApplyCommits(Peer& p, const Json& body) {
  auto commits = body.find("commits");
  if (commits == body.end() || !commits->is_array()) return;
  for (const Json& c : *commits) {
    if (!c.is_array() || c.size() != 2 || !c[0].is_string() || !c[1].is_number_integer()) continue;
    absl::StatusOr<bool> raised = commits_->Raise(c[0].get<std::string>(), c[1].get<int64_t>(), /*own=*/false);
    if (!raised.ok()) {
      node_.Log(absl::StrCat("cannot store commits from ", p.id, ": ", raised.status().ToString()));
      return;  // not acknowledged, so the peer sends them again
    }
  }
  // Acknowledge up to commit_seq only if nothing before commit_from was
  // missed (a lost message); otherwise the peer resends from our ack.
  int64_t from = body.value("commit_from", int64_t{-1});
  int64_t seq = body.value("commit_seq", int64_t{-1});
  if (from >= 0 && from <= p.commit_received) p.commit_received = std::max(p.commit_received, seq);
  ScheduleFlush();
}

}  // namespace kafka
