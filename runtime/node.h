// Node: the core every challenge binary is built on.
//
// A Node answers Maelstrom's `init` itself, dispatches requests to handlers
// registered by message type, sends replies and RPCs (with deadlines),
// and runs timers. It does no I/O and never reads the wall clock: messages
// leave through a Transport, time comes from a Clock, and a driver feeds it
// input lines and calls RunDueTimers (stdio_runtime.h for the binaries,
// MemoryTransport + ManualClock for tests, a simulator later).
//
// Rules a handler can rely on:
// - One thread, one message at a time; handlers never block. Node state
//   needs no locks.
// - Unknown type: error 10 naming the type. A handler that throws RpcError
//   answers with that error; a JSON access that throws (missing or ill-typed
//   field, e.g. body.at("key").get<int64_t>()) answers 12; any other
//   exception answers 13. The node keeps serving. Use fields.h for strict
//   field access.
// - An RPC's callback runs exactly once: with the reply (an error body
//   becomes an Error), or with a timeout Error (code 0) at the deadline,
//   after which the pending entry is gone and a late reply is dropped.
// - Messages that arrive before init are held (bounded) and handled after.
//
// Example:
//   node.On("echo", [&node](const Message& req) {
//     Json body = req.body;
//     body["type"] = "echo_ok";
//     node.Reply(req, std::move(body));
//   });
#ifndef RUNTIME_NODE_H_
#define RUNTIME_NODE_H_

#include <coroutine>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "runtime/clock.h"
#include "runtime/message.h"
#include "runtime/result.h"
#include "runtime/task.h"
#include "runtime/timer_queue.h"
#include "runtime/transport.h"

namespace runtime {

class Node {
 public:
  struct Options {
    uint64_t seed = 1;                   // for random(); the stdio runtime picks a fresh one
    size_t max_held_before_init = 10000;  // messages held until init; more are dropped
  };
  using Handler = std::function<void(const Message& request)>;
  using AsyncHandler = std::function<Task<void>(Message request)>;
  using RpcCallback = std::function<void(Result<Message> reply)>;
  using LogSink = std::function<void(std::string_view line)>;

  Node(Transport& transport, Clock& clock, Options options);
  Node(Transport& transport, Clock& clock) : Node(transport, clock, Options{}) {}
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // Identity, known after init ("" and empty before).
  const std::string& id() const { return id_; }
  const std::vector<std::string>& node_ids() const { return node_ids_; }
  // node_ids() without id().
  std::vector<std::string> peer_ids() const;
  bool initialized() const { return !id_.empty(); }
  // Runs after init is accepted and before init_ok is sent, so a node can
  // open its files or start timers knowing its id.
  void OnInit(std::function<void()> callback);

  // Registers the handler of a request type; a later call replaces it.
  void On(std::string type, Handler handler);
  // The same for a coroutine handler: it runs until its first co_await
  // during dispatch, and the rest runs as replies and timers arrive.
  void OnAsync(std::string type, AsyncHandler handler);

  // Fire-and-forget message; body gets a fresh msg_id if it has none.
  void Send(std::string dest, Json body);
  // Answers `request` with body plus in_reply_to and a fresh msg_id. A
  // request without msg_id cannot be answered: logged and dropped.
  void Reply(const Message& request, Json body);
  void ReplyError(const Message& request, const Error& error);

  // Writes out everything sent so far before the turn ends, for a node that
  // is about to block (an fsync) and wants its messages on the wire first.
  // Returns false if the output is gone (the loop ends at its next flush).
  bool FlushOutput() { return transport_.Flush(); }

  // Sends body (with a fresh msg_id) and calls `callback` exactly once.
  // REQUIRES: timeout > 0.
  void Rpc(std::string dest, Json body, Duration timeout, RpcCallback callback);

  // co_await node.Call(...) -> Result<Message>; the coroutine form of Rpc.
  struct CallAwaiter {
    Node* node;
    std::string dest;
    Json body;
    Duration timeout;
    std::optional<Result<Message>> result;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> waiting);
    Result<Message> await_resume() { return std::move(*result); }
  };
  CallAwaiter Call(std::string dest, Json body, Duration timeout) {
    return CallAwaiter{this, std::move(dest), std::move(body), timeout, std::nullopt};
  }

  TimerId After(Duration delay, std::function<void()> callback);
  // First run after `period`, then every `period`. REQUIRES: period > 0.
  TimerId Every(Duration period, std::function<void()> callback);
  bool Cancel(TimerId id) { return timers_.Cancel(id); }

  // co_await node.Sleep(100ms);
  struct SleepAwaiter {
    Node* node;
    Duration delay;
    bool await_ready() const noexcept { return delay <= Duration::zero(); }
    void await_suspend(std::coroutine_handle<> waiting);
    void await_resume() const noexcept {}
  };
  SleepAwaiter Sleep(Duration delay) { return SleepAwaiter{this, delay}; }

  // Runs a task to completion in the background; an escaping exception is
  // logged. Pass a coroutine lambda itself, not its result: a lambda's
  // captures live in the closure object, and `Spawn([&]() -> Task<void> {...}())`
  // would destroy that temporary closure at the first co_await. The
  // callable overload keeps the closure alive until the task ends.
  void Spawn(Task<void> task);
  template <class MakeTask>
    requires std::is_invocable_r_v<Task<void>, MakeTask&>
  void Spawn(MakeTask make_task) {
    Spawn(RunOwned(std::move(make_task)));
  }

  // The time of the current loop turn (read once per turn from the Clock).
  Time Now() const { return now_; }
  std::mt19937_64& random() { return random_; }
  void Log(std::string_view line);
  void SetLogSink(LogSink sink) { log_sink_ = std::move(sink); }

  // --- Driver side -------------------------------------------------------
  // Parses and handles one input line. A malformed line is logged (one
  // line naming the problem) and skipped.
  void ReceiveLine(std::string_view line);
  void Receive(Message message);
  void RunDueTimers();
  std::optional<Time> NextDeadline() const { return timers_.NextDeadline(); }
  size_t pending_rpc_count() const { return pending_.size(); }
  int64_t malformed_line_count() const { return malformed_lines_; }
  int64_t dropped_reply_count() const { return dropped_replies_; }

 private:
  struct PendingRpc {
    RpcCallback callback;
    TimerId timeout_timer;
  };

  void BeginTurn() { now_ = clock_.Now(); }
  void Dispatch(const Message& message);
  void HandleInit(const Message& message);
  void HandleReply(const Message& message, int64_t in_reply_to);
  void RunHandler(const Handler& handler, const Message& message);
  void RunAsyncHandler(const AsyncHandler& handler, const Message& message);
  Task<void> GuardHandler(Task<void> task, Message request);
  Task<void> GuardSpawned(Task<void> task);
  // The callable is a coroutine parameter, so it lives in this frame.
  template <class MakeTask>
  static Task<void> RunOwned(MakeTask make_task) {
    co_await make_task();
  }
  int64_t NextMsgId() { return next_msg_id_++; }

  Transport& transport_;
  Clock& clock_;
  Options options_;
  Time now_{};
  std::mt19937_64 random_;
  LogSink log_sink_;

  std::string id_;
  std::vector<std::string> node_ids_;
  std::vector<std::function<void()>> init_callbacks_;
  std::deque<Message> held_before_init_;

  absl::flat_hash_map<std::string, Handler> handlers_;
  absl::flat_hash_map<std::string, AsyncHandler> async_handlers_;
  absl::flat_hash_map<int64_t, PendingRpc> pending_;
  TimerQueue timers_;
  int64_t next_msg_id_ = 1;
  int64_t malformed_lines_ = 0;
  int64_t dropped_replies_ = 0;
};

}  // namespace runtime

#endif  // RUNTIME_NODE_H_
