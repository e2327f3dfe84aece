#include "nodes/kafka/linkv_node.h"

#include "absl/strings/str_cat.h"
#include "nodes/kafka/requests.h"
#include "runtime/error.h"
#include "runtime/fields.h"
#include "runtime/random.h"

namespace kafka {
namespace {

using runtime::Error;
using runtime::Json;
using runtime::Message;
using runtime::Result;
using runtime::Task;

constexpr int kMaxCasAttempts = 40;
constexpr size_t kPollMaxRecords = 100;

std::string LogKey(const std::string& key) { return absl::StrCat("log/", key); }
std::string CommitKey(const std::string& key) { return absl::StrCat("commit/", key); }

bool Lost(const Error& e) { return e.code == runtime::kPreconditionFailed || e.code == runtime::kKeyDoesNotExist; }

}  // namespace

LinKvNode::LinKvNode(runtime::Node& node) : node_(node), kv_(node, runtime::KvClient::kLinKv) {
  node_.OnAsync("send", [this](Message m) { return OnSend(std::move(m)); });
  node_.OnAsync("poll", [this](Message m) { return OnPoll(std::move(m)); });
  node_.OnAsync("commit_offsets", [this](Message m) { return OnCommit(std::move(m)); });
  node_.OnAsync("list_committed_offsets", [this](Message m) { return OnList(std::move(m)); });
}

Task<void> LinKvNode::Jitter() {
  int64_t us = runtime::UniformInt(node_.random(), 0, 5001);
  co_await node_.Sleep(std::chrono::microseconds(us));
}

Task<Result<Json>> LinKvNode::ReadLog(const std::string& key) {
  Result<Json> log = co_await kv_.Read(LogKey(key));
  if (!log.ok() && log.error().code == runtime::kKeyDoesNotExist) co_return Json::array();
  if (log.ok() && !log->is_array()) co_return Error::Crash(absl::StrCat("lin-kv holds a non-array log for ", key));
  co_return log;
}

Task<void> LinKvNode::OnSend(Message req) {
  const std::string key = runtime::StringField(req.body, "key");
  ParseMessageText(req.body);  // validates size
  const Json msg = req.body.at("msg");
  for (int attempt = 0; attempt < kMaxCasAttempts; ++attempt) {
    Result<Json> log = co_await ReadLog(key);
    if (!log.ok()) {
      // Nothing written yet: a failed read is definite.
      node_.ReplyError(req, Error::Unavailable(absl::StrCat("cannot read the log: ", log.error().text)));
      co_return;
    }
    Json next = *log;
    next.push_back(msg);
    const int64_t offset = int64_t(log->size());
    Result<void> cas = co_await kv_.Cas(LogKey(key), *log, next, /*create_if_not_exists=*/log->empty());
    if (cas.ok()) {
      node_.Reply(req, Json{{"type", "send_ok"}, {"offset", offset}});
      co_return;
    }
    if (!Lost(cas.error())) {
      // A timeout or crash: the append may have happened; never retried.
      node_.ReplyError(req, cas.error());
      co_return;
    }
    co_await Jitter();
  }
  node_.ReplyError(req, Error::Unavailable(absl::StrCat("lost ", kMaxCasAttempts, " races appending to ", key)));
}

Task<void> LinKvNode::OnPoll(Message req) {
  const std::vector<std::pair<std::string, int64_t>> offsets = ParseOffsets(req.body);
  Json msgs = Json::object();
  for (const auto& [key, from] : offsets) {
    Result<Json> log = co_await ReadLog(key);
    if (!log.ok()) {
      node_.ReplyError(req, Error::Unavailable(absl::StrCat("cannot read the log of ", key, ": ", log.error().text)));
      co_return;
    }
    Json list = Json::array();
    for (int64_t i = from; i < int64_t(log->size()) && list.size() < kPollMaxRecords; ++i) {
      list.push_back(Json::array({i, (*log)[size_t(i)]}));
    }
    if (!list.empty()) msgs[key] = std::move(list);
  }
  node_.Reply(req, Json{{"type", "poll_ok"}, {"msgs", std::move(msgs)}});
}

Task<void> LinKvNode::OnCommit(Message req) {
  const std::vector<std::pair<std::string, int64_t>> offsets = ParseOffsets(req.body);
  bool wrote = false;  // once a CAS may have applied, failures are indefinite
  for (const auto& [key, offset] : offsets) {
    Result<Json> log = co_await ReadLog(key);
    if (!log.ok() || log->empty() || offset >= int64_t(log->size())) {
      Error e = !log.ok() ? Error::Unavailable(log.error().text)
                          : Error::KeyDoesNotExist(absl::StrCat("key ", key, " has no message at offset ", offset));
      if (wrote) e = Error::Crash(absl::StrCat("commit failed midway: ", e.text));
      node_.ReplyError(req, e);
      co_return;
    }
    bool done = false;
    for (int attempt = 0; attempt < kMaxCasAttempts && !done; ++attempt) {
      Result<Json> cur = co_await kv_.Read(CommitKey(key));
      if (!cur.ok() && cur.error().code != runtime::kKeyDoesNotExist) {
        node_.ReplyError(req, wrote ? Error::Crash(cur.error().text) : Error::Unavailable(cur.error().text));
        co_return;
      }
      if (cur.ok() && cur->is_number_integer() && cur->get<int64_t>() >= offset) {
        done = true;
        break;
      }
      Json from = cur.ok() ? *cur : Json(nullptr);
      Result<void> cas = co_await kv_.Cas(CommitKey(key), from, offset, /*create_if_not_exists=*/!cur.ok());
      if (cas.ok()) {
        done = true;
        wrote = true;
      } else if (!Lost(cas.error())) {
        node_.ReplyError(req, cas.error());
        co_return;
      } else {
        co_await Jitter();
      }
    }
    if (!done) {
      node_.ReplyError(req, wrote ? Error::Crash("commit failed midway") : Error::Unavailable("too many lost races"));
      co_return;
    }
  }
  node_.Reply(req, Json{{"type", "commit_offsets_ok"}});
}

Task<void> LinKvNode::OnList(Message req) {
  const std::vector<std::string> keys = ParseKeys(req.body);
  Json offsets = Json::object();
  for (const std::string& key : keys) {
    Result<Json> cur = co_await kv_.Read(CommitKey(key));
    if (cur.ok() && cur->is_number_integer()) {
      offsets[key] = *cur;
    } else if (!cur.ok() && cur.error().code != runtime::kKeyDoesNotExist) {
      node_.ReplyError(req, Error::Unavailable(cur.error().text));
      co_return;
    }
  }
  node_.Reply(req, Json{{"type", "list_committed_offsets_ok"}, {"offsets", std::move(offsets)}});
}

}  // namespace kafka
