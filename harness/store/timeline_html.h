// timeline.html: Jepsen's per-process timeline of a run's operations. One
// column per process (the nemesis first, then clients by number); each
// operation is a box from its invocation to its completion (time flows
// down), coloured by outcome: ok green, info orange, fail red, never
// completed grey. Hovering a box (its title attribute) shows process, f,
// invocation and completion values, error and times. Each box is the
// target of #op-<index> for its invocation's and its completion's history
// index, so other pages (index.html) link straight to an op.
//
// A self-contained static page (inline CSS, no script). Size stays bounded:
// at most `max_ops` operations are drawn (the first ones invoked; the page
// says how many were left out), values in titles are abbreviated, and the
// vertical scale shrinks below 1 px per ms so the page stays under about
// 60,000 px. Pure function of the history; every history string is escaped.
#ifndef HARNESS_STORE_TIMELINE_HTML_H_
#define HARNESS_STORE_TIMELINE_HTML_H_

#include <cstddef>
#include <string>

#include "harness/history/op.h"

namespace harness {

inline constexpr size_t kTimelineMaxOps = 10'000;

std::string TimelineHtml(const History& history, size_t max_ops = kTimelineMaxOps);

}  // namespace harness

#endif  // HARNESS_STORE_TIMELINE_HTML_H_
