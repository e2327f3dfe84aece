#include "runtime/node.h"

#include "runtime/crash.h"

#include <exception>

#include "absl/strings/str_cat.h"
#include "runtime/check.h"

namespace runtime {
namespace {

// The first bytes of a bad line, printable, for a one-line report.
std::string Excerpt(std::string_view line) {
  constexpr size_t kMax = 120;
  std::string out;
  for (char c : line.substr(0, kMax)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (line.size() > kMax) absl::StrAppend(&out, "... (", line.size(), " bytes)");
  return out;
}

}  // namespace

Node::Node(Transport& transport, Clock& clock, Options options)
    : transport_(transport), clock_(clock), options_(options), random_(options.seed) {
  now_ = clock_.Now();
}

std::vector<std::string> Node::peer_ids() const {
  std::vector<std::string> peers;
  for (const std::string& n : node_ids_) {
    if (n != id_) peers.push_back(n);
  }
  return peers;
}

void Node::OnInit(std::function<void()> callback) { init_callbacks_.push_back(std::move(callback)); }

void Node::On(std::string type, Handler handler) {
  async_handlers_.erase(type);
  handlers_[std::move(type)] = std::move(handler);
}

void Node::OnAsync(std::string type, AsyncHandler handler) {
  handlers_.erase(type);
  async_handlers_[std::move(type)] = std::move(handler);
}

void Node::Log(std::string_view line) {
  if (log_sink_) log_sink_(line);
}

void Node::Send(std::string dest, Json body) {
  KIT_CHECK(body.is_object());
  if (!body.contains("msg_id")) body["msg_id"] = NextMsgId();
  transport_.Send(Message{id_, std::move(dest), std::move(body)});
}

void Node::Reply(const Message& request, Json body) {
  KIT_CHECK(body.is_object());
  std::optional<int64_t> request_id = request.msg_id();
  if (!request_id) {
    Log(absl::StrCat("cannot reply to a ", std::string(request.type()), " from ", request.src,
                     " without msg_id; dropped"));
    return;
  }
  body["in_reply_to"] = *request_id;
  body["msg_id"] = NextMsgId();
  transport_.Send(Message{id_, request.src, std::move(body)});
}

void Node::ReplyError(const Message& request, const Error& error) {
  Reply(request, error.ToBody());
}

void Node::Rpc(std::string dest, Json body, Duration timeout, RpcCallback callback) {
  KIT_CHECK(timeout > Duration::zero());
  KIT_CHECK(callback != nullptr);
  KIT_CHECK(body.is_object());
  int64_t msg_id = NextMsgId();
  body["msg_id"] = msg_id;
  TimerId timer = timers_.Add(now_ + timeout, Duration::zero(), [this, msg_id] {
    auto it = pending_.find(msg_id);
    KIT_CHECK(it != pending_.end());  // a reply cancels this timer
    RpcCallback cb = std::move(it->second.callback);
    pending_.erase(it);
    cb(Error::Timeout("RPC timed out"));
  });
  pending_.emplace(msg_id, PendingRpc{std::move(callback), timer});
  transport_.Send(Message{id_, std::move(dest), std::move(body)});
}

void Node::CallAwaiter::await_suspend(std::coroutine_handle<> waiting) {
  node->Rpc(std::move(dest), std::move(body), timeout, [this, waiting](Result<Message> reply) {
    result.emplace(std::move(reply));
    waiting.resume();
  });
}

TimerId Node::After(Duration delay, std::function<void()> callback) {
  return timers_.Add(now_ + std::max(delay, Duration::zero()), Duration::zero(), std::move(callback));
}

TimerId Node::Every(Duration period, std::function<void()> callback) {
  KIT_CHECK(period > Duration::zero());
  return timers_.Add(now_ + period, period, std::move(callback));
}

void Node::SleepAwaiter::await_suspend(std::coroutine_handle<> waiting) {
  node->After(delay, [waiting] { waiting.resume(); });
}

void Node::Spawn(Task<void> task) { GuardSpawned(std::move(task)).StartDetached(); }

Task<void> Node::GuardSpawned(Task<void> task) {
  try {
    co_await std::move(task);
  } catch (const NodeCrashed&) {
    // The node is crashing (crash.h): its host has seen it; say nothing.
  } catch (const std::exception& e) {
    Log(absl::StrCat("spawned task failed: ", e.what()));
  } catch (...) {
    Log("spawned task failed with a non-standard exception");
  }
}

void Node::ReceiveLine(std::string_view line) {
  BeginTurn();
  Result<Message> message = ParseMessage(line);
  if (!message.ok()) {
    ++malformed_lines_;
    Log(absl::StrCat("skipped malformed input line (", message.error().text, "): ", Excerpt(line)));
    return;
  }
  Dispatch(*message);
}

void Node::Receive(Message message) {
  BeginTurn();
  Dispatch(message);
}

void Node::RunDueTimers() {
  BeginTurn();
  timers_.RunDue(now_);
}

void Node::Dispatch(const Message& message) {
  std::optional<int64_t> in_reply_to = message.in_reply_to();
  if (in_reply_to) {
    HandleReply(message, *in_reply_to);
    return;
  }
  std::string_view type = message.type();
  if (type == "init") {
    HandleInit(message);
    return;
  }
  if (!initialized()) {
    if (held_before_init_.size() < options_.max_held_before_init) {
      held_before_init_.push_back(message);
    } else {
      Log(absl::StrCat("dropped a ", std::string(type), " from ", message.src, ": too many held before init"));
    }
    return;
  }
  const std::string type_key(type);
  if (auto h = handlers_.find(type_key); h != handlers_.end()) {
    RunHandler(h->second, message);
    return;
  }
  if (auto h = async_handlers_.find(type_key); h != async_handlers_.end()) {
    RunAsyncHandler(h->second, message);
    return;
  }
  if (type.empty()) {
    ReplyError(message, Error::Malformed("message body has no string field type"));
  } else {
    ReplyError(message, Error::NotSupported(absl::StrCat("unsupported message type ", std::string(type))));
  }
}

void Node::HandleReply(const Message& message, int64_t in_reply_to) {
  auto it = pending_.find(in_reply_to);
  if (it == pending_.end()) {
    // A reply nobody waits for: late (its RPC timed out) or unsolicited.
    // Answering it would start an error ping-pong, so it is only counted.
    ++dropped_replies_;
    return;
  }
  PendingRpc pending = std::move(it->second);
  pending_.erase(it);
  timers_.Cancel(pending.timeout_timer);
  if (message.type() == "error") {
    pending.callback(Error::FromBody(message.body));
  } else {
    pending.callback(message);
  }
}

void Node::HandleInit(const Message& message) {
  const Json& body = message.body;
  auto node_id = body.find("node_id");
  auto node_ids = body.find("node_ids");
  bool ids_ok = node_ids != body.end() && node_ids->is_array();
  if (ids_ok) {
    for (const Json& n : *node_ids) ids_ok = ids_ok && n.is_string();
  }
  if (node_id == body.end() || !node_id->is_string() || node_id->get_ref<const std::string&>().empty() ||
      !ids_ok) {
    ReplyError(message, Error::Malformed("init needs a string node_id and an array of string node_ids"));
    return;
  }
  const std::string& new_id = node_id->get_ref<const std::string&>();
  if (initialized()) {
    if (new_id != id_) {
      ReplyError(message, Error::Abort(absl::StrCat("already initialized as ", id_)));
    } else {
      Reply(message, Json{{"type", "init_ok"}});
    }
    return;
  }
  id_ = new_id;
  node_ids_ = node_ids->get<std::vector<std::string>>();
  for (auto& callback : init_callbacks_) callback();
  Reply(message, Json{{"type", "init_ok"}});
  std::deque<Message> held = std::exchange(held_before_init_, {});
  for (const Message& m : held) Dispatch(m);
}

void Node::RunHandler(const Handler& handler, const Message& message) {
  try {
    handler(message);
  } catch (const NodeCrashed&) {
    throw;  // a crashing node answers nothing (crash.h)
  } catch (const RpcError& e) {
    ReplyError(message, e.error);
  } catch (const Json::exception& e) {
    ReplyError(message, Error::Malformed(absl::StrCat("bad request: ", e.what())));
  } catch (const std::exception& e) {
    Log(absl::StrCat("handler for ", std::string(message.type()), " failed: ", e.what()));
    ReplyError(message, Error::Crash(absl::StrCat("handler failed: ", e.what())));
  } catch (...) {
    ReplyError(message, Error::Crash("handler failed"));
  }
}

void Node::RunAsyncHandler(const AsyncHandler& handler, const Message& message) {
  // Tasks start lazily, so calling the handler runs none of its body; its
  // body runs, guarded, when GuardHandler first awaits it, right here.
  GuardHandler(handler(message), message).StartDetached();
}

Task<void> Node::GuardHandler(Task<void> task, Message request) {
  std::optional<Error> failure;
  try {
    co_await std::move(task);
  } catch (const NodeCrashed&) {
    co_return;  // a crashing node answers nothing; its host has seen it
  } catch (const RpcError& e) {
    failure = e.error;
  } catch (const Json::exception& e) {
    failure = Error::Malformed(absl::StrCat("bad request: ", e.what()));
  } catch (const std::exception& e) {
    Log(absl::StrCat("handler for ", std::string(request.type()), " failed: ", e.what()));
    failure = Error::Crash(absl::StrCat("handler failed: ", e.what()));
  } catch (...) {
    failure = Error::Crash("handler failed");
  }
  if (failure) ReplyError(request, *failure);
}

}  // namespace runtime
