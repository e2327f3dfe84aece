// Proves the EventLoop's contract on the real clock: timers fire in (time,
// sequence) order, cancelled timers never fire, a timer that re-arms itself
// at "now" cannot starve the loop's deadline, and watched fds call back.
#include "harness/run/event_loop.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <catch2/catch.hpp>

namespace harness {
namespace {

constexpr int64_t kMs = 1'000'000;

TEST_CASE("timers fire in (time, sequence) order; cancelled ones never") {
  EventLoop loop;
  std::vector<int> order;
  int64_t t0 = loop.NowNs();
  loop.At(t0 + 2 * kMs, [&] { order.push_back(3); });
  loop.At(t0 + 1 * kMs, [&] { order.push_back(1); });
  loop.At(t0 + 1 * kMs, [&] { order.push_back(2); });
  TimerId gone = loop.At(t0 + 1 * kMs, [&] { order.push_back(99); });
  loop.Cancel(gone);
  loop.RunUntil([&] { return order.size() == 3; }, t0 + 1000 * kMs);
  CHECK(order == std::vector<int>{1, 2, 3});
}

TEST_CASE("a self re-arming timer at now does not starve the deadline") {
  EventLoop loop;
  int64_t fires = 0;
  std::function<void()> again = [&] {
    ++fires;
    loop.At(loop.NowNs(), again);
  };
  loop.At(loop.NowNs(), again);
  int64_t start = loop.NowNs();
  CHECK_FALSE(loop.RunUntil([] { return false; }, start + 50 * kMs));
  CHECK(fires > 0);
  CHECK(loop.NowNs() - start < 2000 * kMs);
}

TEST_CASE("watched fds call back") {
  EventLoop loop;
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::string got;
  loop.Watch(fds[0], EPOLLIN, [&](uint32_t) {
    char buf[16];
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n > 0) got.append(buf, static_cast<size_t>(n));
  });
  loop.After(5 * kMs, [&] { REQUIRE(write(fds[1], "hi", 2) == 2); });
  CHECK(loop.RunUntil([&] { return got == "hi"; }, loop.NowNs() + 1000 * kMs));
  loop.Unwatch(fds[0]);
  close(fds[0]);
  close(fds[1]);
}

}  // namespace
}  // namespace harness
