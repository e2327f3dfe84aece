// RenderTimelineSvg: a small SVG timeline of a window of operations, one row
// per process, each op a bar from its invocation to its completion (an op
// that never completed runs to the right edge, dashed). Positions are event
// ranks, not wall time, so short concurrent ops stay readable. Roles colour
// the bars: linearized (green), concurrent (orange), stuck (red).
//
// Pure; output is deterministic for the same input.
#ifndef HARNESS_LINEARIZABILITY_TIMELINE_SVG_H_
#define HARNESS_LINEARIZABILITY_TIMELINE_SVG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace harness::lin {

struct TimelineBar {
  enum class Role { kLinearized, kConcurrent, kStuck };
  int64_t process = 0;
  int64_t start_pos = 0;               // event position of the invocation
  std::optional<int64_t> end_pos;      // absent: never completed
  std::string label;                   // short text in the bar
  std::string tooltip;                 // full description (<title>)
  Role role = Role::kConcurrent;
};

struct TimelineInput {
  std::string title;
  std::vector<TimelineBar> bars;
};

std::string RenderTimelineSvg(const TimelineInput& input);

// Escapes &, <, >, " and ' for XML text and attributes.
std::string XmlEscape(std::string_view text);

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_TIMELINE_SVG_H_
