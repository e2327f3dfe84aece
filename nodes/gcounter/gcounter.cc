#include "nodes/gcounter/gcounter.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "runtime/check.h"
#include "runtime/fields.h"

namespace gcounter {

using runtime::Json;
using runtime::Message;
using runtime::Result;

std::string CounterKey(const std::string& node_id) { return absl::StrCat("counter-", node_id); }
std::string ScratchKey(const std::string& node_id) { return absl::StrCat("scratch-", node_id); }

struct GCounterNode::ReadJob {
  Message request;
  runtime::Time deadline;
  bool own_from_kv = false;  // not recovered yet: read our own key too
  int64_t sum = 0;
  size_t remaining = 0;
  bool done = false;
};

GCounterNode::GCounterNode(runtime::Node& node, Options options)
    : node_(node), options_(options), kv_(node, runtime::KvClient::kSeqKv, options.kv_timeout) {
  node_.OnInit([this] {
    boot_nonce_ = node_.random()();
    Recover();
  });
  node_.On("add", [this](const Message& request) { HandleAdd(request); });
  node_.On("read", [this](const Message& request) { HandleRead(request); });
}

std::string GCounterNode::NextScratchValue() {
  // Never written before by anyone: the node id, a random per-boot nonce
  // and a sequence number. That is what makes the write change state.
  return absl::StrCat(node_.id(), "-", boot_nonce_, "-", ++scratch_seq_);
}

// --- Recovery -------------------------------------------------------------

void GCounterNode::Recover() {
  kv_.Write(ScratchKey(node_.id()), NextScratchValue(), [this](Result<void> synced) {
    if (!synced.ok()) {
      node_.After(options_.retry_delay, [this] { Recover(); });
      return;
    }
    kv_.Read(CounterKey(node_.id()), [this](Result<Json> value) { OnRecoverRead(std::move(value)); });
  });
}

void GCounterNode::OnRecoverRead(Result<Json> value) {
  if (value.ok() && value->is_number_integer()) {
    stored_ = value->get<int64_t>();
  } else if (!value.ok() && value.error().code == runtime::kKeyDoesNotExist) {
    stored_ = 0;
  } else {
    node_.Log(absl::StrCat("recovery read failed (", value.ok() ? "not an integer" : value.error().text,
                           "); retrying"));
    node_.After(options_.retry_delay, [this] { Recover(); });
    return;
  }
  recovered_ = true;
  StartWrite();
}

// --- Adds -----------------------------------------------------------------

void GCounterNode::HandleAdd(const Message& request) {
  int64_t delta = runtime::IntField(request.body, "delta");
  if (waiting_adds_.size() >= options_.max_waiting_adds) {
    throw runtime::RpcError{runtime::Error::Unavailable("too many adds waiting")};
  }
  pending_ += delta;
  waiting_adds_.push_back(request);
  StartWrite();
}

void GCounterNode::StartWrite() {
  if (!recovered_ || attempt_ || waiting_adds_.empty()) return;
  attempt_ = Attempt{stored_, stored_ + pending_, std::exchange(waiting_adds_, {})};
  pending_ = 0;
  SendAttempt();
}

void GCounterNode::SendAttempt() {
  KIT_CHECK(attempt_.has_value());
  kv_.Cas(CounterKey(node_.id()), attempt_->from, attempt_->to, /*create_if_not_exists=*/true,
          [this](Result<void> result) { OnCas(std::move(result)); });
}

void GCounterNode::OnCas(Result<void> result) {
  KIT_CHECK(attempt_.has_value());
  if (result.ok()) {
    Commit();
  } else if (result.error().code == runtime::kPreconditionFailed) {
    // Either a copy of this very cas applied earlier (its reply lost), or
    // the cas met a stale state. Only the key's value can tell.
    kv_.Read(CounterKey(node_.id()), [this](Result<Json> value) { OnResolveRead(std::move(value)); });
  } else {
    RetryAttemptLater();  // in doubt: the same cas again, never a new `to`
  }
}

void GCounterNode::OnResolveRead(Result<Json> value) {
  KIT_CHECK(attempt_.has_value());
  if (value.ok() && *value == Json(attempt_->to)) {
    Commit();
  } else {
    RetryAttemptLater();
  }
}

void GCounterNode::Commit() {
  KIT_CHECK(attempt_.has_value());
  stored_ = attempt_->to;
  for (const Message& add : attempt_->adds) node_.Reply(add, Json{{"type", "add_ok"}});
  attempt_.reset();
  StartWrite();
}

void GCounterNode::RetryAttemptLater() {
  node_.After(options_.retry_delay, [this] { SendAttempt(); });
}

// --- Reads ----------------------------------------------------------------

void GCounterNode::HandleRead(const Message& request) {
  if (reads_in_progress_ >= options_.max_reads) {
    throw runtime::RpcError{runtime::Error::Unavailable("too many reads in progress")};
  }
  ++reads_in_progress_;
  auto job = std::make_shared<ReadJob>();
  job->request = request;
  job->deadline = node_.Now() + options_.read_deadline;
  SyncThenRead(std::move(job));
}

void GCounterNode::SyncThenRead(std::shared_ptr<ReadJob> job) {
  kv_.Write(ScratchKey(node_.id()), NextScratchValue(), [this, job](Result<void> synced) {
    if (!synced.ok()) {
      if (node_.Now() + options_.retry_delay >= job->deadline) {
        FinishRead(job, /*ok=*/false);
        return;
      }
      node_.After(options_.retry_delay, [this, job] { SyncThenRead(job); });
      return;
    }
    // Our view of seq-kv is now at least as new as the moment of this write.
    std::vector<std::string> keys;
    job->own_from_kv = !recovered_;
    for (const std::string& id : node_.node_ids()) {
      if (id != node_.id() || job->own_from_kv) keys.push_back(CounterKey(id));
    }
    job->remaining = keys.size();
    if (keys.empty()) FinishRead(job, /*ok=*/true);
    for (std::string& key : keys) ReadKey(job, std::move(key));
  });
}

void GCounterNode::ReadKey(std::shared_ptr<ReadJob> job, std::string key) {
  kv_.Read(key, [this, job, key](Result<Json> value) {
    if (job->done) return;
    if (value.ok() && value->is_number_integer()) {
      job->sum += value->get<int64_t>();
    } else if (value.ok() || value.error().code != runtime::kKeyDoesNotExist) {
      if (node_.Now() + options_.retry_delay >= job->deadline) {
        FinishRead(job, /*ok=*/false);
        return;
      }
      node_.After(options_.retry_delay, [this, job, key] { ReadKey(job, key); });
      return;
    }
    KIT_CHECK(job->remaining > 0);
    if (--job->remaining == 0) FinishRead(job, /*ok=*/true);
  });
}

void GCounterNode::FinishRead(const std::shared_ptr<ReadJob>& job, bool ok) {
  if (job->done) return;
  job->done = true;
  KIT_CHECK(reads_in_progress_ > 0);
  --reads_in_progress_;
  if (!ok) {
    // Out of time: a read changes nothing, so a definite error is honest.
    node_.ReplyError(job->request, runtime::Error::Unavailable("seq-kv did not answer in time"));
    return;
  }
  KIT_CHECK(job->remaining == 0);
  int64_t total = job->sum + (job->own_from_kv ? 0 : stored_);
  node_.Reply(job->request, Json{{"type", "read_ok"}, {"value", total}});
}

}  // namespace gcounter
