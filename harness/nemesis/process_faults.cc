#include "harness/nemesis/process_faults.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "harness/nemesis/targets.h"

namespace harness {

namespace {

Value NodeList(const std::vector<std::string>& nodes) {
  std::vector<Value> v;
  for (const auto& n : nodes) v.push_back(Value::String(n));
  return Value::Vec(std::move(v));
}

}  // namespace

Fault::Step ProcessFault::Start(Rng& rng) {
  Targets t = PickTargets(nodes_, rng, policy_);
  hit_.clear();
  for (const std::string& id : t.nodes) {
    bool acted = kind_ == Kind::kKill ? control_->Kill(id) : control_->Pause(id);
    if (acted) hit_.push_back(id);
  }
  // Active even when every target was already down: the schedule keeps
  // alternating start/stop as for any other kind.
  active_ = true;
  return {Value::Keyword(t.kind), NodeList(hit_),
          absl::StrCat(t.kind, ": ", hit_.empty() ? "none" : absl::StrJoin(hit_, " "))};
}

Fault::Step ProcessFault::Stop() {
  std::vector<std::string> undone;
  for (const std::string& id : hit_) {
    bool acted = kind_ == Kind::kKill ? control_->Restart(id) : control_->Resume(id);
    if (acted) undone.push_back(id);
  }
  hit_.clear();
  active_ = false;
  std::string verb = kind_ == Kind::kKill ? "restarted" : "resumed";
  return {Value(), NodeList(undone),
          absl::StrCat(verb, " ", undone.empty() ? "none" : absl::StrJoin(undone, " "))};
}

void ProcessFault::Release() {
  if (kind_ == Kind::kPause) {
    for (const std::string& id : hit_) control_->Resume(id);
  }
  hit_.clear();
  active_ = false;
}

ClockSkew ClockFault::DrawSkew(Rng& rng) {
  constexpr int64_t kNsPerS = 1'000'000'000;
  if (rng.Coin()) {
    // The size first, then the sign: the order the draws were always in.
    int64_t s = rng.UniformInt(1, 11);
    return ClockSkew{rng.Coin() ? s * kNsPerS : -s * kNsPerS, 1.0};
  }
  // Up to ten times slower or faster: a lease counted in a node's own time
  // is only unsafe when that node's clock runs slow (or its peers' fast) by
  // more than the lease's margin, and a margin of 2x is common.
  static constexpr double kRates[] = {0.1, 0.25, 0.5, 2, 4, 10};
  return ClockSkew{0, kRates[rng.UniformInt(0, 6)]};
}

Fault::Step ClockFault::Start(Rng& rng) {
  Targets t = PickTargets(nodes_, rng, policy_);
  std::vector<std::pair<Value, Value>> specs;
  std::vector<std::string> described;
  skewed_.clear();
  for (const std::string& id : t.nodes) {
    ClockSkew skew = DrawSkew(rng);
    if (!control_->SetClock(id, skew)) continue;
    std::string spec = skew.ToString();
    skewed_.push_back(id);
    specs.emplace_back(Value::String(id), Value::String(spec));
    described.push_back(absl::StrCat(id, " ", spec));
  }
  active_ = true;
  return {Value::Keyword(t.kind), Value::Map(std::move(specs)),
          absl::StrCat(t.kind, ": ", described.empty() ? "none" : absl::StrJoin(described, ", "))};
}

Fault::Step ClockFault::Stop() {
  std::vector<std::string> reset;
  for (const std::string& id : skewed_) {
    if (control_->SetClock(id, kTrueTime)) reset.push_back(id);
  }
  skewed_.clear();
  active_ = false;
  return {Value(), NodeList(reset),
          absl::StrCat("reset ", reset.empty() ? "none" : absl::StrJoin(reset, " "))};
}

}  // namespace harness
