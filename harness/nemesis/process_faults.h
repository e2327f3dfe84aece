// The process faults: kill, pause and clock (harness/docs/running.md, faults names
// only partition; these are this bench's additions, in Jepsen's style).
//
// Each Start picks its targets with PickTargets (one, minority, majority,
// all; primaries when the policy lists it) from the nemesis's Rng and acts
// on them through NodeControl; Stop undoes exactly what Start did.
// History values (process :nemesis, :info):
//   kill:  {:f :kill :value :minority}  -> ["n1" "n3"]   (the nodes killed)
//          {:f :start :value nil}       -> ["n1" "n3"]   (the nodes restarted)
//   pause: {:f :pause ...} / {:f :resume ...}, the same shapes
//   clock: {:f :skew-clock :value :one} -> {"n2" "-4s x1"} (ClockSkew text)
//          {:f :reset-clock :value nil} -> ["n2"]          (back to "+0 x1")
// A skew is, one time in two, an offset jump of 1..10 s either way
// ("+7s x1", "-3s x1"), otherwise a rate change of up to ten times either
// way ("+0 x0.1", "x0.25", "x0.5", "x2", "x4", "x10"); libfaketime scales
// the time since the process started, so there a rate change is also a
// jump.
// Release (teardown) resumes paused nodes and leaves killed ones down (the
// runner kills every node next).
#ifndef HARNESS_NEMESIS_PROCESS_FAULTS_H_
#define HARNESS_NEMESIS_PROCESS_FAULTS_H_

#include <string>
#include <utility>
#include <vector>

#include "harness/nemesis/clock_skew.h"
#include "harness/nemesis/fault.h"
#include "harness/nemesis/node_control.h"
#include "harness/nemesis/targets.h"

namespace harness {

// The kind of step a process fault takes: kill/restart or pause/resume.
class ProcessFault : public Fault {
 public:
  enum class Kind { kKill, kPause };
  ProcessFault(Kind kind, NodeControl* control, std::vector<std::string> nodes,
               TargetPolicy policy = {})
      : kind_(kind), control_(control), nodes_(std::move(nodes)), policy_(std::move(policy)) {}
  std::string name() const override { return kind_ == Kind::kKill ? "kill" : "pause"; }
  std::string start_f() const override { return kind_ == Kind::kKill ? "kill" : "pause"; }
  std::string stop_f() const override { return kind_ == Kind::kKill ? "start" : "resume"; }
  Step Start(Rng& rng) override;
  Step Stop() override;
  void Release() override;
  bool active() const override { return active_; }

 private:
  Kind kind_;
  NodeControl* control_;
  std::vector<std::string> nodes_;
  TargetPolicy policy_;
  std::vector<std::string> hit_;  // the nodes the last Start acted on
  bool active_ = false;
};

class ClockFault : public Fault {
 public:
  static constexpr ClockSkew kTrueTime{};
  ClockFault(NodeControl* control, std::vector<std::string> nodes, TargetPolicy policy = {})
      : control_(control), nodes_(std::move(nodes)), policy_(std::move(policy)) {}
  std::string name() const override { return "clock"; }
  std::string start_f() const override { return "skew-clock"; }
  std::string stop_f() const override { return "reset-clock"; }
  Step Start(Rng& rng) override;
  Step Stop() override;
  bool active() const override { return active_; }

  // One random skew as described above. Its draws (count and order) are
  // fixed: a seed's schedule must not change with the representation.
  static ClockSkew DrawSkew(Rng& rng);

 private:
  NodeControl* control_;
  std::vector<std::string> nodes_;
  TargetPolicy policy_;
  std::vector<std::string> skewed_;
  bool active_ = false;
};

}  // namespace harness

#endif  // HARNESS_NEMESIS_PROCESS_FAULTS_H_
