// Client operations, nemesis records and progress lines of a run (see
// runner_internal.h).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "harness/run/runner_internal.h"
#include "harness/workloads/outcome.h"

namespace harness::run_internal {

void Runner::Record(Op op) {
  op.index = static_cast<int64_t>(history_.size());
  log_.Detail(OpToText(op));
  history_.push_back(std::move(op));
}

void Runner::Invoke(Worker& w, Invocation inv) {
  if (!inv.final) {
    // Main-phase ops are numbered as drawn; a shrunk replay draws them all
    // (the op stream stays the same) but invokes only the listed ones.
    int64_t index = ops_drawn_++;
    if (o_.sim_ops && !std::binary_search(o_.sim_ops->begin(), o_.sim_ops->end(), index)) return;
  }
  Op op;
  op.time_ns = Rel();
  op.type = OpType::kInvoke;
  op.process = w.process;
  op.f = inv.f;
  op.value = inv.value;
  op.final = inv.final;
  Record(std::move(op));
  w.busy = true;
  int thread = w.thread;
  if (auto exchange = workload_->StartOp(thread, inv)) {
    Exchange(thread, inv, std::shared_ptr<OpExchange>(std::move(exchange)));
    return;
  }
  json body = workload_->Request(inv);
  w.client->Call(w.node, std::move(body), workload_->timeout_ms(),
                 [this, thread, inv](std::optional<json> reply) {
                   Complete(thread, inv, harness::Complete(*workload_, inv, reply));
                 });
}

void Runner::Exchange(int thread, const Invocation& inv, std::shared_ptr<OpExchange> exchange) {
  Worker& w = workers_[static_cast<size_t>(thread)];
  std::optional<json> request = exchange->NextRequest();
  if (!request) {
    Complete(thread, inv, exchange->Result());
    return;
  }
  w.client->Call(w.node, std::move(*request), workload_->timeout_ms(),
                 [this, thread, inv, exchange](std::optional<json> reply) {
                   exchange->OnReply(reply);
                   Exchange(thread, inv, exchange);
                 });
}

void Runner::Complete(int thread, const Invocation& inv, Completion c) {
  Worker& w = workers_[static_cast<size_t>(thread)];
  Op op;
  op.time_ns = Rel();
  op.type = c.type;
  op.process = w.process;
  op.f = inv.f;
  op.value = c.value;
  op.error = c.error;
  op.exception = c.exception;
  op.final = inv.final;
  Record(std::move(op));
  (c.type == OpType::kOk ? ok_ : c.type == OpType::kFail ? fail_ : info_)++;
  workload_->OnCompletion(thread, w.process, inv, c);
  if (c.type == OpType::kInfo) {
    // The op may still happen: the worker continues as a new process, and
    // non-reusable clients are replaced (harness/docs/running.md, pacing).
    w.process += static_cast<int64_t>(workers_.size());
    if (!workload_->reusable_clients()) {
      CloseClient(std::move(w.client));  // this may run inside the old client's callback
      w.client = OpenClient();
    }
  }
  w.busy = false;
  if (pacer_ && phase_ == Phase::kMain) pacer_->WorkerFreed();
  if (phase_ == Phase::kFinal && final_open_) ScheduleFinalOp(w);
}

void Runner::ScheduleFinalOp(Worker& w) {
  auto next = workload_->NextFinalOp(w.thread, gen_rng_);
  if (!next) return;
  ++final_pending_;
  int thread = w.thread;
  loop_.After(next->second * kNsPerMs, [this, thread, op = std::move(next->first)] {
    --final_pending_;
    Worker& worker = workers_[static_cast<size_t>(thread)];
    if (final_open_ && !worker.busy && !interrupted_) Invoke(worker, op);
  });
}

void Runner::RecordNemesis(const std::string& f, const Fault::Step& step) {
  Op invoke;
  invoke.time_ns = Rel();
  invoke.type = OpType::kInfo;
  invoke.process = kNemesisProcess;
  invoke.f = f;
  invoke.value = step.invoke_value;
  Record(invoke);
  Op done = invoke;
  done.time_ns = Rel();
  done.value = step.completion_value;
  Record(std::move(done));
  // Console lines for the first steps only: a tiny --nemesis-interval
  // would otherwise flood it; every step is in the history and the log.
  std::string line = absl::StrCat("Nemesis: ", f, " ", step.description);
  if (++nemesis_steps_ <= kMaxConsoleNemesisSteps) {
    log_.Info(line);
  } else {
    log_.Detail(line);
  }
}

void Runner::ProgressTick() {
  progress_timer_ = loop_.After(kNsPerS, [this] { ProgressTick(); });
  int64_t elapsed_s = Rel() / kNsPerS;
  const char* phase = phase_ == Phase::kMain ? "" : phase_ == Phase::kFinal ? " final" : " drain";
  std::string line = absl::StrFormat("[%lld/%d s%s] ops ok %lld fail %lld info %lld",
                                     static_cast<long long>(elapsed_s), o_.time_limit_s, phase,
                                     static_cast<long long>(ok_), static_cast<long long>(fail_),
                                     static_cast<long long>(info_));
  if (nemesis_->enabled()) absl::StrAppend(&line, " | ", nemesis_->StateText());
  if (log_.console_is_tty()) {
    log_.Progress(line);
  } else if (elapsed_s / 5 != last_plain_progress_s_) {
    last_plain_progress_s_ = elapsed_s / 5;
    log_.Progress(line);
  }
}

}  // namespace harness::run_internal
