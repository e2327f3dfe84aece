// Task<T>: a C++20 coroutine for multi-step RPC flows that read top to bottom.
//
// A Task starts when it is awaited (or handed to Node::Spawn) and resumes
// the awaiting coroutine when it finishes. Everything runs on the node's one
// thread: a Task suspends only at co_await on an RPC, a sleep or another
// Task, and is resumed by the node's event loop, so node state needs no
// locks, but it may change across any co_await.
//
// Exceptions thrown inside a Task reach whoever awaits it; a spawned Task's
// escaping exception is logged by the node (and, for async handlers, turned
// into an error reply), never lost silently.
//
// g++ 12 cannot compile a braced initializer list inside a co_await
// expression ("array used as initializer"): build a request body in a
// variable first, as below.
//
// Example:
//   Task<Result<int64_t>> ReadCounter(Node& node) {
//     Json read = {{"type", "read"}, {"key", "c"}};
//     Result<Message> reply = co_await node.Call("seq-kv", std::move(read), 1s);
//     if (!reply.ok()) co_return reply.error();
//     co_return reply->body.at("value").get<int64_t>();
//   }
#ifndef RUNTIME_TASK_H_
#define RUNTIME_TASK_H_

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

#include "runtime/check.h"

namespace runtime {

template <class T>
class Task;

namespace task_internal {

// Shared by Task<T> and Task<void>: who to resume at the end, and whether
// the frame frees itself (a spawned, detached task).
struct PromiseBase {
  std::coroutine_handle<> continuation;
  std::exception_ptr exception;
  bool detached = false;

  std::suspend_always initial_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { exception = std::current_exception(); }

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) noexcept {
      PromiseBase& p = self.promise();
      if (p.continuation) return p.continuation;
      if (p.detached) self.destroy();
      return std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }
};

template <class T>
struct Promise : PromiseBase {
  std::optional<T> value;
  Task<T> get_return_object();
  template <class U>
  void return_value(U&& v) { value.emplace(std::forward<U>(v)); }
};

template <>
struct Promise<void> : PromiseBase {
  Task<void> get_return_object();
  void return_void() {}
};

}  // namespace task_internal

template <class T>
class [[nodiscard]] Task {
 public:
  using promise_type = task_internal::Promise<T>;
  using Handle = std::coroutine_handle<promise_type>;

  explicit Task(Handle h) : handle_(h) {}
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() {
    if (handle_) handle_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    handle_.promise().continuation = awaiting;
    return handle_;
  }
  T await_resume() {
    promise_type& p = handle_.promise();
    if (p.exception) std::rethrow_exception(p.exception);
    if constexpr (!std::is_void_v<T>) return std::move(*p.value);
  }

  // Starts the task and lets it free itself when done. Used by Node::Spawn;
  // an exception that escapes a detached task is lost, so Spawn wraps it.
  void StartDetached() && {
    KIT_CHECK(handle_);
    Handle h = std::exchange(handle_, {});
    h.promise().detached = true;
    h.resume();
  }

 private:
  Handle handle_;
};

namespace task_internal {
template <class T>
Task<T> Promise<T>::get_return_object() {
  return Task<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}
inline Task<void> Promise<void>::get_return_object() {
  return Task<void>(std::coroutine_handle<Promise<void>>::from_promise(*this));
}
}  // namespace task_internal

}  // namespace runtime

#endif  // RUNTIME_TASK_H_
