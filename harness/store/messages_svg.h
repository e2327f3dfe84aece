// messages.svg: a Lamport diagram of a run's network traffic, as
// Maelstrom draws it. One vertical line per endpoint (nodes by number, then
// services, then clients), time flowing down; each message an arrow from
// its sender at send time to its receiver at delivery time. Arrows are
// black between servers (nodes and services), light blue when a client is
// an end, pink when the body's type is "error". A message never delivered
// (dropped by a partition, sent to a node that was down, or still in
// flight when the run ended) is a short dashed stub ending in a cross; one
// delivered after the drawn window runs dashed to the bottom edge. Hover
// (<title>) shows id, ends, times and the body.
//
// Only the first `max_events` journal events of non-init messages are drawn
// (init and init_ok by body type; with no body known, a message sent before
// the history's time 0 counts as init). Rows are spaced by event order,
// stretched a little by the time between events, so the picture keeps every
// event visible; the left margin gives the times. Size stays bounded by the
// event cap and MessageBodies' body cap. Pure function; bodies may be empty
// (then no arrow can be pink and hover shows no body).
#ifndef HARNESS_STORE_MESSAGES_SVG_H_
#define HARNESS_STORE_MESSAGES_SVG_H_

#include <cstddef>
#include <string>

#include "harness/history/journal.h"
#include "harness/store/message_bodies.h"

namespace harness {

inline constexpr size_t kMessagesSvgMaxEvents = 10'000;

std::string MessagesSvg(const Journal& journal, const MessageBodies& bodies,
                        size_t max_events = kMessagesSvgMaxEvents);

}  // namespace harness

#endif  // HARNESS_STORE_MESSAGES_SVG_H_
