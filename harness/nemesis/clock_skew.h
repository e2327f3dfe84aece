// ClockSkew: what the clock fault does to one node's clock, as a value.
//
// The node's clock reads true time plus `offset_ns`, and runs `rate` times
// as fast as true time. {0, 1} is true time. The nemesis draws skews and
// records them; each node host applies them its own way (the process host
// as a libfaketime spec, the simulated host on its virtual clock), so no
// host detail reaches the nemesis, the history or the checkers.
//
// Text form (history values, logs): libfaketime's spelling, kept because
// stored histories already use it: an offset step "+7s x1" / "-3s x1", a
// rate change "+0 x0.25", true time "+0 x1".
#ifndef HARNESS_NEMESIS_CLOCK_SKEW_H_
#define HARNESS_NEMESIS_CLOCK_SKEW_H_

#include <cstdint>
#include <string>

namespace harness {

struct ClockSkew {
  int64_t offset_ns = 0;
  double rate = 1.0;

  bool is_true_time() const { return offset_ns == 0 && rate == 1.0; }
  bool operator==(const ClockSkew&) const = default;
  // The text form above; offsets are whole seconds in it.
  std::string ToString() const;
};

}  // namespace harness

#endif  // HARNESS_NEMESIS_CLOCK_SKEW_H_
