#include "harness/nemesis/nemesis.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace harness {

Nemesis::Nemesis(Scheduler* scheduler, std::vector<std::unique_ptr<Fault>> faults,
                 double interval_s, Rng rng, Record record)
    : scheduler_(scheduler),
      faults_(std::move(faults)),
      timers_(faults_.size()),
      last_shape_(faults_.size()),
      interval_s_(interval_s),
      rng_(rng),
      record_(std::move(record)) {}

Nemesis::~Nemesis() { StopSchedule(); }

void Nemesis::Start() {
  for (size_t k = 0; k < faults_.size(); ++k) {
    timers_[k] = scheduler_->After(0, [this, k] { Step(k); });
  }
}

void Nemesis::Step(size_t kind) {
  timers_[kind].reset();
  Fault& fault = *faults_[kind];
  if (skipping_.size() < faults_.size()) skipping_.resize(faults_.size(), false);
  if (skipping_[kind]) {
    skipping_[kind] = false;  // the skipped episode's stop: nothing to undo
  } else if (!fault.active() && keep_ && !keep_(episodes_++)) {
    skipping_[kind] = true;
  } else if (fault.active()) {
    Fault::Step s = fault.Stop();
    record_(fault.stop_f(), s);
  } else {
    if (!keep_) ++episodes_;
    Fault::Step s = fault.Start(rng_);
    last_shape_[kind] = s.description;
    record_(fault.start_f(), s);
  }
  double gap_s = rng_.UniformReal() * 2 * interval_s_;
  // At least 1 ms between steps: a tiny --nemesis-interval must not turn
  // the nemesis into a busy loop that floods the history.
  int64_t gap_ns = std::max<int64_t>(static_cast<int64_t>(gap_s * 1e9), kMinGapNs);
  timers_[kind] = scheduler_->After(gap_ns, [this, kind] { Step(kind); });
}

void Nemesis::StopSchedule() {
  for (auto& t : timers_) {
    if (t) scheduler_->Cancel(*t);
    t.reset();
  }
}

void Nemesis::StopAll() {
  StopSchedule();
  for (auto& f : faults_) record_(f->stop_f(), f->Stop());
}

void Nemesis::StopAllQuietly() {
  StopSchedule();
  for (auto& f : faults_) f->Release();
}

std::string Nemesis::StateText() const {
  if (faults_.empty()) return "";
  std::string out;
  for (size_t k = 0; k < faults_.size(); ++k) {
    if (!out.empty()) out += ", ";
    if (faults_[k]->active()) {
      out += absl::StrCat(faults_[k]->name(), " (", last_shape_[k], ")");
    } else {
      out += "healthy";
    }
  }
  return out;
}

}  // namespace harness
