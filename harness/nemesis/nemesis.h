// Nemesis: the fault schedule of a run (harness/docs/running.md, faults).
//
// For each fault kind an alternating sequence start, stop, start, ... with
// gaps uniform in [0, 2 * interval) seconds (at least 1 ms), the first start at the moment
// Start is called (t = 0 of the main phase). Kinds run independently, so
// several kinds compose the way Jepsen's combined packages interleave their
// generators. Every step is reported through `record` as one nemesis op
// (:process :nemesis, :type :info, invocation and completion).
//
// Owns its Faults. Uses the Scheduler for time and its own Rng stream.
// Not thread-safe (loop thread only).
#ifndef HARNESS_NEMESIS_NEMESIS_H_
#define HARNESS_NEMESIS_NEMESIS_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/nemesis/fault.h"
#include "harness/run/scheduler.h"

namespace harness {

class Nemesis {
 public:
  static constexpr int64_t kMinGapNs = 1'000'000;
  using Record = std::function<void(const std::string& f, const Fault::Step& step)>;

  Nemesis(Scheduler* scheduler, std::vector<std::unique_ptr<Fault>> faults, double interval_s,
          Rng rng, Record record);
  ~Nemesis();

  bool enabled() const { return !faults_.empty(); }
  // Begins the schedule: each kind starts now.
  void Start();
  // Cancels every future step; faults keep their current state.
  void StopSchedule();
  // Stops every kind and records the stop ops (the final heal).
  void StopAll();
  // Releases every kind without recording (teardown; see Fault::Release).
  void StopAllQuietly();
  // Per kind "partition (majority)", "kill (n1 n3)" or "healthy"; "" without
  // faults.
  std::string StateText() const;
  // Acts only on the episodes (a start and its stop, numbered 0, 1, ... in
  // the order the starts come due, over all kinds) `keep` accepts; the
  // others pass silently, their gaps still drawn. For shrinking a failing
  // simulated run (--sim-nemesis-steps).
  void KeepOnly(std::function<bool(int64_t episode)> keep) { keep_ = std::move(keep); }
  // How many episodes came due so far, acted on or not.
  int64_t episodes() const { return episodes_; }

 private:
  void Step(size_t kind);

  Scheduler* scheduler_;
  std::vector<std::unique_ptr<Fault>> faults_;
  std::vector<std::optional<TimerId>> timers_;
  std::vector<std::string> last_shape_;
  double interval_s_;
  Rng rng_;
  Record record_;
  std::function<bool(int64_t)> keep_;
  int64_t episodes_ = 0;
  std::vector<bool> skipping_;  // per kind: the current episode is skipped
};

}  // namespace harness

#endif  // HARNESS_NEMESIS_NEMESIS_H_
