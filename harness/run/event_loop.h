// EventLoop: the Loop (loop.h) of a run with node processes — epoll over
// file descriptors plus the timer queue, on the monotonic clock.
//
// Owns nothing but its epoll fd and its timers; callers own the fds they
// watch and must Unwatch before closing them. A turn: every due timer
// fires, the end-of-turn work runs, the loop waits on epoll until the next
// timer or an fd event, then each ready fd's callback runs followed by the
// timers it made due, and finally the end-of-turn work runs again.
// End-of-turn work (AtTurnEnd) is how writes are batched: many deliveries
// to one node in a turn become one write(2), and one wake-up of the node.
// Not thread-safe: call it only from its own thread.
#ifndef HARNESS_RUN_EVENT_LOOP_H_
#define HARNESS_RUN_EVENT_LOOP_H_

#include <sys/epoll.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "harness/run/loop.h"
#include "harness/run/turn_end_queue.h"

namespace harness {

class EventLoop : public Loop {
 public:
  EventLoop();
  ~EventLoop() override;
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  int64_t NowNs() const override;
  TimerId At(int64_t time_ns, std::function<void()> cb) override;
  void Cancel(TimerId id) override;

  // Calls `cb(events)` whenever `fd` reports any of `events` (EPOLLIN,
  // EPOLLOUT; EPOLLHUP/EPOLLERR are always reported). REQUIRES: fd not
  // already watched.
  void Watch(int fd, uint32_t events, std::function<void(uint32_t)> cb);
  // Changes the event mask of a watched fd.
  void Modify(int fd, uint32_t events);
  // Stops watching; safe to call from inside the fd's own callback.
  void Unwatch(int fd);

  // Runs `cb` once at the end of the current turn (or of the next one, when
  // called between turns or from end-of-turn work). Returns a handle for
  // CancelTurnEnd; cancelling one that ran or is unknown is a no-op.
  uint64_t AtTurnEnd(std::function<void()> cb) override;
  void CancelTurnEnd(uint64_t handle) override;

  // Runs turns until `done()` is true (checked after every turn) or the
  // monotonic clock passes `deadline_ns`. Returns true if done() ended it.
  bool RunUntil(const std::function<bool()>& done, int64_t deadline_ns) override;

 private:
  void Turn(int64_t deadline_ns);
  // epoll waits for at most timeout_ns (never less); returns the ready count.
  int Wait(::epoll_event* events, int capacity, int64_t timeout_ns);

  int epoll_fd_ = -1;
  bool ms_waits_only_ = false;  // the kernel has no epoll_pwait2
  TimerQueue timers_;
  TurnEndQueue turn_end_;
  absl::flat_hash_map<int, std::function<void(uint32_t)>> watchers_;
};

}  // namespace harness

#endif  // HARNESS_RUN_EVENT_LOOP_H_
