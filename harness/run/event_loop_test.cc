// Proves the EventLoop's contract on the real clock: timers fire in (time,
// sequence) order, cancelled timers never fire, a timer that re-arms itself
// at "now" cannot starve the loop's deadline, watched fds call back, and
// end-of-turn work runs after the turn's timers, once, unless cancelled.
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

TEST_CASE("end-of-turn work runs after the turn's due timers, once; cancelled work never") {
  EventLoop loop;
  std::vector<std::string> order;
  int64_t t0 = loop.NowNs();
  loop.At(t0, [&] {
    order.push_back("timer 1");
    loop.AtTurnEnd([&] { order.push_back("end"); });
    uint64_t gone = loop.AtTurnEnd([&] { order.push_back("cancelled"); });
    loop.CancelTurnEnd(gone);
  });
  loop.At(t0, [&] { order.push_back("timer 2"); });
  loop.RunUntil([&] { return order.size() >= 3; }, t0 + 1000 * kMs);
  loop.RunUntil([] { return false; }, loop.NowNs() + 5 * kMs);
  CHECK(order == std::vector<std::string>{"timer 1", "timer 2", "end"});
}

TEST_CASE("end-of-turn work added by end-of-turn work runs in a later turn without waiting") {
  EventLoop loop;
  int runs = 0;
  std::function<void()> again = [&] {
    if (++runs < 100) loop.AtTurnEnd(again);
  };
  loop.AtTurnEnd(again);
  // A far timer: the loop must not sleep until it while work is pending.
  loop.After(10'000 * kMs, [] {});
  int64_t start = loop.NowNs();
  CHECK(loop.RunUntil([&] { return runs == 100; }, start + 5'000 * kMs));
  CHECK(loop.NowNs() - start < 1'000 * kMs);
}

}  // namespace
}  // namespace harness
