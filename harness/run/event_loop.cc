#include "harness/run/event_loop.h"

#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "harness/run/check.h"

namespace harness {

EventLoop::EventLoop() {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  HARNESS_CHECK(epoll_fd_ >= 0);
}

EventLoop::~EventLoop() { close(epoll_fd_); }

int64_t EventLoop::NowNs() const {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

TimerId EventLoop::At(int64_t time_ns, std::function<void()> cb) {
  return timers_.Add(time_ns, std::move(cb));
}

void EventLoop::Cancel(TimerId id) { timers_.Cancel(id); }

void EventLoop::Watch(int fd, uint32_t events, std::function<void(uint32_t)> cb) {
  HARNESS_CHECK(!watchers_.contains(fd));
  epoll_event ev{};
  ev.events = events;
  ev.data.fd = fd;
  HARNESS_CHECK(epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) == 0);
  watchers_[fd] = std::move(cb);
}

void EventLoop::Modify(int fd, uint32_t events) {
  HARNESS_CHECK(watchers_.contains(fd));
  epoll_event ev{};
  ev.events = events;
  ev.data.fd = fd;
  HARNESS_CHECK(epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev) == 0);
}

void EventLoop::Unwatch(int fd) {
  if (watchers_.erase(fd) == 0) return;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
}

uint64_t EventLoop::AtTurnEnd(std::function<void()> cb) { return turn_end_.Add(std::move(cb)); }

void EventLoop::CancelTurnEnd(uint64_t handle) { turn_end_.Cancel(handle); }

int EventLoop::Wait(epoll_event* events, int capacity, int64_t timeout_ns) {
  // epoll_wait counts whole milliseconds, and rounding a wait up to one (so a
  // timer is never woken for early and spun on) capped the pacer near 500
  // ops/s at --rate 1000. epoll_pwait2 takes nanoseconds; kernels before 5.11
  // lack it, and there the millisecond wait stays.
  if (!ms_waits_only_) {
    timespec timeout{static_cast<time_t>(timeout_ns / 1'000'000'000),
                     static_cast<long>(timeout_ns % 1'000'000'000)};
    int n = epoll_pwait2(epoll_fd_, events, capacity, &timeout, nullptr);
    if (n >= 0 || errno != ENOSYS) return n;
    ms_waits_only_ = true;
  }
  return epoll_wait(epoll_fd_, events, capacity,
                    static_cast<int>((timeout_ns + 999'999) / 1'000'000));
}

void EventLoop::Turn(int64_t deadline_ns) {
  timers_.FireDue(NowNs());
  turn_end_.RunQueued();
  int64_t now = NowNs();
  int64_t wake = deadline_ns;
  if (!timers_.empty()) wake = std::min(wake, timers_.next_time_ns());
  int64_t timeout_ns = 0;
  if (wake > now && turn_end_.empty()) timeout_ns = std::min<int64_t>(wake - now, 1'000'000'000);
  epoll_event events[64];
  int n = Wait(events, 64, timeout_ns);
  if (n < 0) {
    HARNESS_CHECK(errno == EINTR);
    n = 0;
  }
  for (int i = 0; i < n; ++i) {
    auto it = watchers_.find(events[i].data.fd);
    if (it == watchers_.end()) continue;  // unwatched earlier in this turn
    // Copy: the callback may Unwatch itself, destroying the stored one.
    auto cb = it->second;
    cb(events[i].events);
    // Deliver what became due (often just now, at latency 0) before reading
    // the next node's output, so a busy turn does not delay deliveries.
    timers_.FireDue(NowNs());
  }
  turn_end_.RunQueued();
}

bool EventLoop::RunUntil(const std::function<bool()>& done, int64_t deadline_ns) {
  while (!done()) {
    if (NowNs() >= deadline_ns) return false;
    Turn(deadline_ns);
  }
  return true;
}

}  // namespace harness
