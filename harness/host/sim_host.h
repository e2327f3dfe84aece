// SimHost: a node's program running inside the bench, on virtual time.
//
// The node is the same code its binary runs, as a SimProcess
// (sim_process.h: for a kit node, a runtime::Node running its Program), on
// a skewed clock read from the SimLoop and a simulated disk. Lines cross
// the host boundary exactly as they cross a process's pipes, so everything
// above sees a process.
//
// How it mimics a process (harness/docs/simulation.md):
// - Input: Deliver queues a line; the node reads the whole queue at the end
//   of the loop's turn, then fires its due timers, then its output is
//   flushed, as the stdio runtime does per wake-up. Handling takes no
//   virtual time, except fsync.
// - fsync takes time: a Sync (SimDisk) keeps the node busy for a drawn
//   latency. Lines it flushed before the sync leave at once; lines written
//   after it leave when the sync completes, and only then are the bytes
//   durable. A kill in between loses both.
// - Kill: program and Node destroyed (memory lost), input dropped, the
//   disk crashes (unsynced bytes lost, or a torn prefix kept). Start again
//   builds a fresh Node and program on the same disk.
// - Pause: no input read, no timer fired, until Resume; time still passes.
// - Clock: the node's clock is its own boot offset + rate x (virtual time
//   since the last change) + offset, read through ForwardOnlyTime as the
//   stdio runtime's SteadyClock is; timers fire when that clock passes
//   their deadline.
// Every random draw (node seed per incarnation, fsync latency, tearing, the
// disk's read faults) comes from the run's seed and the node id.
// A node that crashes through runtime::CrashNode (KIT_CHECK, RAFT_CHECK)
// ends alone, reported as "signal 6 (Aborted)" as a process would be; one
// that calls std::abort itself still ends the whole simulation.
#ifndef HARNESS_HOST_SIM_HOST_H_
#define HARNESS_HOST_SIM_HOST_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/host/node_host.h"
#include "harness/host/sim_disk.h"
#include "harness/host/sim_process.h"
#include "harness/run/loop.h"
#include "harness/run/rng.h"
#include "runtime/clock.h"
#include "runtime/mem_disk.h"
#include "runtime/program.h"

namespace harness {

struct SimHostOptions {
  SimProcessFactory process;  // REQUIRED: builds each incarnation
  uint64_t seed = 0;          // the run's seed
  // fsync latency, uniform in [min, max] ns.
  int64_t fsync_min_ns = 500'000;
  int64_t fsync_max_ns = 3'000'000;
  // Disk faults: on a kill, unsynced bytes are torn (a random prefix kept)
  // instead of dropped; reads corrupted with this probability.
  bool torn_writes = false;
  double read_fault_probability = 0;
};

class SimHost final : public NodeHost {
 public:
  SimHost(Loop* loop, NodeHostSpec spec, Callbacks callbacks, SimHostOptions options);
  ~SimHost() override;

  absl::Status Start(bool restart) override;
  bool Deliver(std::string_view line) override;
  void Kill() override;
  void Pause() override;
  void Resume() override;
  bool SetClock(const ClockSkew& skew) override;
  bool Poll() override { return !exit_status_.empty(); }
  std::string exit_status() const override { return exit_status_; }
  std::vector<std::string> stderr_tail() const override {
    return {log_tail_.begin(), log_tail_.end()};
  }
  size_t pending_bytes() const override { return inbox_bytes_; }
  std::string describe() const override { return "in-process"; }

  // Test hooks.
  runtime::MemDisk& disk() { return disk_; }
  int64_t incarnation() const { return incarnation_; }
  // The running incarnation; nullptr before Start, after Kill or a failed start.
  SimProcess* process() { return running_ ? process_.get() : nullptr; }

 private:
  class SkewedClock;
  class WallClock;

  // Reads the inbox, fires due timers and flushes, unless paused or busy.
  void Wake();
  // Schedules Wake at the end of this turn (once).
  void WakeAtTurnEnd();
  // Re-arms the loop timer for the node's next deadline.
  void ArmTimer();
  void OnSync();
  // Moves what the node wrote to the outbox, leaving at `busy_until_` when
  // an fsync is under way, else now.
  void FlushOutput();
  void EmitDue();
  void FinishSync();
  void LogLine(std::string_view line);
  // Runs node code; false if the node crashed in it (runtime/crash.h).
  bool CallNode(const std::function<void()>& call);
  // Ends a node that crashed: killed, exit status reported.
  void OnCrash();
  void StopEverything();

  Loop* loop_;
  NodeHostSpec spec_;
  Callbacks callbacks_;
  SimHostOptions options_;
  Rng rng_;
  runtime::MemDisk disk_;  // outlives incarnations: the node's disk
  std::unique_ptr<SimDisk> sim_disk_;
  std::unique_ptr<SkewedClock> clock_;
  std::unique_ptr<WallClock> wall_clock_;
  runtime::Env env_;
  std::unique_ptr<SimProcess> process_;

  bool running_ = false;
  bool paused_ = false;
  int64_t incarnation_ = 0;
  std::string exit_status_;
  std::string crash_reason_;  // set while a crash unwinds
  std::deque<std::string> inbox_;
  size_t inbox_bytes_ = 0;
  std::optional<uint64_t> wake_handle_;    // AtTurnEnd
  std::optional<TimerId> timer_;           // the node's next deadline
  // fsync under way: the node is busy until then; lines written meanwhile
  // wait in `held_`.
  int64_t busy_until_ns_ = 0;
  std::optional<TimerId> sync_timer_;
  std::vector<std::string> written_;       // lines of the current wake-up
  std::vector<std::string> held_;          // lines waiting for the fsync
  FILE* log_ = nullptr;
  std::deque<std::string> log_tail_;
};

// Hosts for every node of a simulated run.
NodeHostFactory MakeSimHostFactory(Loop* loop, SimHostOptions options);

}  // namespace harness

#endif  // HARNESS_HOST_SIM_HOST_H_
