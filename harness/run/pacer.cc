#include "harness/run/pacer.h"

#include "harness/run/check.h"

namespace harness {

Pacer::Pacer(Scheduler* scheduler, double rate, size_t workers, Rng rng,
             std::function<bool(size_t)> is_busy, std::function<void(size_t)> emit)
    : scheduler_(scheduler),
      rate_(rate),
      workers_(workers),
      rng_(rng),
      is_busy_(std::move(is_busy)),
      emit_(std::move(emit)) {
  HARNESS_CHECK(rate_ > 0);
  HARNESS_CHECK(workers_ > 0);
}

void Pacer::Start() {
  running_ = true;
  Due();
}

void Pacer::Stop() {
  running_ = false;
  waiting_ = false;
  if (timer_) scheduler_->Cancel(*timer_);
  timer_.reset();
}

void Pacer::WorkerFreed() {
  if (running_ && waiting_) {
    waiting_ = false;
    Due();
  }
}

void Pacer::Due() {
  timer_.reset();
  if (!running_) return;
  for (size_t k = 0; k < workers_; ++k) {
    size_t i = (next_ + k) % workers_;
    if (is_busy_(i)) continue;
    next_ = (i + 1) % workers_;
    // Schedule first: emit may complete synchronously and call WorkerFreed.
    double gap_s = rng_.UniformReal() * 2.0 / rate_;
    timer_ = scheduler_->After(static_cast<int64_t>(gap_s * 1e9), [this] { Due(); });
    emit_(i);
    return;
  }
  waiting_ = true;
}

}  // namespace harness
