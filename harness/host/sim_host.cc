#include "harness/host/sim_host.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
#include "runtime/crash.h"
#include "runtime/message.h"

namespace harness {
namespace {

constexpr size_t kMaxInboxBytes = 64 << 20;  // as a process host's pending input
constexpr size_t kTailLines = 32;
constexpr const char* kStateDir = "state";

}  // namespace

// The node's clock: boot + rate x (virtual time since the last change) +
// offset, made forward-only as runtime::SteadyClock makes the real one.
class SimHost::SkewedClock final : public runtime::Clock {
 public:
  SkewedClock(Loop* loop, int64_t boot_ns) : loop_(loop), anchor_raw_ns_(boot_ns), boot_ns_(boot_ns) {
    anchor_loop_ns_ = loop_->NowNs();
  }
  runtime::Time Now() override { return time_.Next(runtime::Time(Raw())); }
  // A new process reads the same machine clock afresh.
  void NewProcess() { time_ = runtime::ForwardOnlyTime(); }
  void Set(const ClockSkew& skew) {
    int64_t now = loop_->NowNs();
    anchor_raw_ns_ = Unskewed(now);
    anchor_loop_ns_ = now;
    rate_ = skew.rate;
    offset_ns_ = skew.offset_ns;
  }
  // Virtual ns until the node's clock reads `deadline` (0 if it has).
  int64_t LoopNsUntil(runtime::Time deadline) {
    int64_t d = (deadline - Now()).count();
    if (d <= 0) return 0;
    // A rounding short of the deadline only costs one more (tiny) wait.
    return static_cast<int64_t>(std::ceil(static_cast<double>(d) / rate_));
  }

 private:
  int64_t Unskewed(int64_t now) const {
    return anchor_raw_ns_ + static_cast<int64_t>(rate_ * static_cast<double>(now - anchor_loop_ns_));
  }
  int64_t Raw() const { return Unskewed(loop_->NowNs()) + offset_ns_; }

 public:
  // Skewed virtual time without the boot offset, for the wall clock.
  int64_t RawSinceBoot() const { return Raw() - boot_ns_; }

 private:

  Loop* loop_;
  int64_t anchor_loop_ns_ = 0;
  int64_t anchor_raw_ns_ = 0;
  double rate_ = 1.0;
  int64_t offset_ns_ = 0;
  int64_t boot_ns_ = 0;
  runtime::ForwardOnlyTime time_;
};

// The node's wall clock: a shared epoch + the skewed virtual time, read raw
// (it steps back when the skew does, as CLOCK_REALTIME may).
class SimHost::WallClock final : public runtime::Clock {
 public:
  explicit WallClock(SkewedClock* skewed) : skewed_(skewed) {}
  runtime::Time Now() override { return runtime::Time(kEpochNs + skewed_->RawSinceBoot()); }

 private:
  static constexpr int64_t kEpochNs = 1'767'225'600'000'000'000;  // 2026-01-01
  SkewedClock* skewed_;
};

SimHost::SimHost(Loop* loop, NodeHostSpec spec, Callbacks callbacks, SimHostOptions options)
    : loop_(loop),
      spec_(std::move(spec)),
      callbacks_(std::move(callbacks)),
      options_(std::move(options)),
      rng_(Rng::Derive(options_.seed, absl::StrCat("sim-host/", spec_.id))) {
  sim_disk_ = std::make_unique<SimDisk>(&disk_, [this] { OnSync(); });
  // Machines boot at different times: monotonic clocks do not agree.
  clock_ = std::make_unique<SkewedClock>(loop_, rng_.UniformInt(1, 1'000'000) * 1'000'000);
  wall_clock_ = std::make_unique<WallClock>(clock_.get());
  (void)disk_.CreateDir(kStateDir);
  if (options_.read_fault_probability > 0) {
    disk_.SetReadFaults(options_.read_fault_probability, rng_.Next());
  }
  env_.disk = sim_disk_.get();
  env_.state_dir = kStateDir;
}

SimHost::~SimHost() {
  StopEverything();
  if (log_ != nullptr) std::fclose(log_);
}

absl::Status SimHost::Start(bool restart) {
  if (running_) return absl::FailedPreconditionError(absl::StrCat(spec_.id, " is running"));
  if (log_ == nullptr && !spec_.log_path.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(spec_.log_path).parent_path(), ec);
    log_ = std::fopen(spec_.log_path.c_str(), restart ? "a" : "w");
    // Line-buffered: a node that aborts takes the whole simulation down, and
    // its last lines must still reach the file.
    if (log_ != nullptr) std::setvbuf(log_, nullptr, _IOLBF, 0);
  }
  ++incarnation_;
  exit_status_.clear();
  crash_reason_.clear();
  clock_->NewProcess();
  SimProcessContext context;
  context.clock = clock_.get();
  context.wall_clock = wall_clock_.get();
  context.env = &env_;
  context.seed = rng_.Next();
  context.write_line = [this](std::string line) { written_.push_back(std::move(line)); };
  context.flush = [this] { FlushOutput(); };
  context.log = [this](std::string_view line) { LogLine(line); };
  absl::StatusOr<std::unique_ptr<SimProcess>> made = absl::InternalError("crashed while starting");
  if (!CallNode([&] { made = options_.process(context); })) {
    OnCrash();
    return absl::AbortedError(absl::StrCat(spec_.id, " crashed while starting: ", crash_reason_));
  }
  if (!made.ok()) {
    LogLine(std::string(made.status().message()));
    written_.clear();
    exit_status_ = "exit status 2";
    return made.status();
  }
  process_ = std::move(*made);
  running_ = true;
  paused_ = false;
  FlushOutput();
  if (busy_until_ns_ > loop_->NowNs() && !sync_timer_) {
    sync_timer_ = loop_->At(busy_until_ns_, [this] { FinishSync(); });
  }
  ArmTimer();
  if (!inbox_.empty()) WakeAtTurnEnd();
  return absl::OkStatus();
}

bool SimHost::Deliver(std::string_view line) {
  if (!running_ || inbox_bytes_ + line.size() > kMaxInboxBytes) return false;
  inbox_.emplace_back(line);
  inbox_bytes_ += line.size();
  WakeAtTurnEnd();
  return true;
}

void SimHost::WakeAtTurnEnd() {
  if (wake_handle_ || !running_ || paused_ || busy_until_ns_ > loop_->NowNs()) return;
  wake_handle_ = loop_->AtTurnEnd([this] {
    wake_handle_.reset();
    Wake();
  });
}

void SimHost::Wake() {
  if (!running_ || paused_) return;
  const int64_t now = loop_->NowNs();
  if (busy_until_ns_ > now) return;
  while (!inbox_.empty() && busy_until_ns_ <= now) {
    std::string line = std::move(inbox_.front());
    inbox_.pop_front();
    inbox_bytes_ -= line.size();
    if (!CallNode([&] { process_->ReceiveLine(line); })) return OnCrash();
  }
  if (busy_until_ns_ <= now && !CallNode([&] { process_->RunDueTimers(); })) return OnCrash();
  FlushOutput();
  if (busy_until_ns_ > now && !sync_timer_) {
    sync_timer_ = loop_->At(busy_until_ns_, [this] { FinishSync(); });
  }
  ArmTimer();
}

void SimHost::ArmTimer() {
  if (timer_) {
    loop_->Cancel(*timer_);
    timer_.reset();
  }
  if (!running_ || paused_ || busy_until_ns_ > loop_->NowNs()) return;
  std::optional<runtime::Time> deadline = process_->NextDeadline();
  if (!deadline) return;
  timer_ = loop_->After(clock_->LoopNsUntil(*deadline), [this] {
    timer_.reset();
    Wake();
  });
}

void SimHost::OnSync() {
  const int64_t now = loop_->NowNs();
  if (busy_until_ns_ < now) busy_until_ns_ = now;
  busy_until_ns_ += rng_.UniformInt(options_.fsync_min_ns, options_.fsync_max_ns + 1);
}

void SimHost::FlushOutput() {
  if (written_.empty()) return;
  if (busy_until_ns_ > loop_->NowNs() || paused_) {
    for (auto& line : written_) held_.push_back(std::move(line));
    written_.clear();
    return;
  }
  std::vector<std::string> lines = std::exchange(written_, {});
  for (const std::string& line : lines) callbacks_.on_line(line);
}

void SimHost::FinishSync() {
  sync_timer_.reset();
  sim_disk_->Commit();
  busy_until_ns_ = 0;
  if (paused_) return;  // the writes wait for Resume
  std::vector<std::string> lines = std::exchange(held_, {});
  for (const std::string& line : lines) callbacks_.on_line(line);
  Wake();
}

bool SimHost::CallNode(const std::function<void()>& call) {
  runtime::ScopedCrashHandler guard([this](const std::string& reason) {
    crash_reason_ = reason;
    throw runtime::NodeCrashed{reason};
  });
  try {
    call();
  } catch (const runtime::NodeCrashed&) {
  }
  return crash_reason_.empty();
}

void SimHost::OnCrash() {
  // As the OS ends a process that aborts: its output not yet written is
  // gone, its memory too, and its disk keeps what a crash keeps.
  LogLine(crash_reason_);
  written_.clear();
  Kill();
  exit_status_ = "signal 6 (Aborted)";
  if (callbacks_.on_exit) callbacks_.on_exit(exit_status_);
}

void SimHost::Kill() {
  if (!running_) return;
  StopEverything();
  // The machine loses its page cache: unsynced bytes go, or a torn part of
  // them stays.
  if (options_.torn_writes) {
    std::mt19937_64 engine(rng_.Next());
    disk_.CrashRandomly(engine);
  } else {
    disk_.Crash();
  }
}

void SimHost::StopEverything() {
  if (wake_handle_) loop_->CancelTurnEnd(*wake_handle_);
  wake_handle_.reset();
  if (timer_) loop_->Cancel(*timer_);
  timer_.reset();
  if (sync_timer_) loop_->Cancel(*sync_timer_);
  sync_timer_.reset();
  sim_disk_->Abandon();
  busy_until_ns_ = 0;
  process_.reset();
  written_.clear();
  held_.clear();
  inbox_.clear();
  inbox_bytes_ = 0;
  running_ = false;
  paused_ = false;
}

void SimHost::Pause() {
  if (!running_ || paused_) return;
  paused_ = true;
  if (wake_handle_) loop_->CancelTurnEnd(*wake_handle_);
  wake_handle_.reset();
  if (timer_) loop_->Cancel(*timer_);
  timer_.reset();
}

void SimHost::Resume() {
  if (!running_ || !paused_) return;
  paused_ = false;
  if (busy_until_ns_ > loop_->NowNs()) return;  // FinishSync wakes it
  std::vector<std::string> lines = std::exchange(held_, {});
  for (const std::string& line : lines) callbacks_.on_line(line);
  ArmTimer();
  WakeAtTurnEnd();
}

bool SimHost::SetClock(const ClockSkew& skew) {
  clock_->Set(skew);
  ArmTimer();
  return true;
}

void SimHost::LogLine(std::string_view line) {
  std::string text(line);
  if (log_ != nullptr) {
    std::fwrite(text.data(), 1, text.size(), log_);
    std::fputc('\n', log_);
  }
  log_tail_.push_back(text);
  if (log_tail_.size() > kTailLines) log_tail_.pop_front();
  if (callbacks_.on_stderr) callbacks_.on_stderr(text);
}

NodeHostFactory MakeSimHostFactory(Loop* loop, SimHostOptions options) {
  return [loop, options](const NodeHostSpec& spec, NodeHost::Callbacks callbacks) {
    return std::make_unique<SimHost>(loop, spec, std::move(callbacks), options);
  };
}

}  // namespace harness
