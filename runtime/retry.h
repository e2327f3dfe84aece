// Retry: repeats an attempt with exponential backoff and jitter until it
// succeeds, fails in a way not worth retrying, or a deadline passes.
//
// Only retry what is safe to repeat: an indefinite failure (timeout, crash)
// may mean the first attempt happened. The default policy retries
// indefinite errors and temporarily-unavailable (11), and returns any other
// definite error at once. On giving up it returns the last attempt's error.
//
// Example:
//   Result<Json> v = co_await Retry<Json>(node, node.Now() + 2s, Backoff{},
//       [&] { return kv.Read("counter"); });
#ifndef RUNTIME_RETRY_H_
#define RUNTIME_RETRY_H_

#include <algorithm>
#include <functional>
#include <random>

#include "runtime/node.h"
#include "runtime/random.h"

namespace runtime {

struct Backoff {
  Duration initial = std::chrono::milliseconds(10);
  Duration max = std::chrono::seconds(1);
  double multiplier = 2.0;
  // Each sleep is cut by a random fraction in [0, jitter) so that nodes
  // retrying the same thing spread out instead of colliding again.
  double jitter = 0.5;
};

inline bool IsRetryableByDefault(const Error& e) {
  return !e.definite() || e.code == kTemporarilyUnavailable;
}

// The sleep before retry number `attempt` (0-based), without jitter.
inline Duration BackoffDelay(const Backoff& b, int attempt) {
  double d = double(b.initial.count());
  for (int i = 0; i < attempt && d < double(b.max.count()); ++i) d *= b.multiplier;
  return std::min(Duration(int64_t(d)), b.max);
}

template <class T>
Task<Result<T>> Retry(Node& node, Time deadline, Backoff backoff, std::function<Task<Result<T>>()> attempt,
                      std::function<bool(const Error&)> retryable = IsRetryableByDefault) {
  for (int n = 0;; ++n) {
    Result<T> r = co_await attempt();
    if (r.ok() || !retryable(r.error())) co_return r;
    Duration delay = BackoffDelay(backoff, n);
    double cut = UniformReal(node.random()) * backoff.jitter;
    delay = Duration(int64_t(double(delay.count()) * (1 - cut)));
    if (node.Now() + delay >= deadline) co_return r;
    co_await node.Sleep(delay);
  }
}

}  // namespace runtime

#endif  // RUNTIME_RETRY_H_
