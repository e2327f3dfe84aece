// The store's pictures of a run besides latency-raw.svg: timeline.html
// (TimelineHtml) and messages.svg (MessagesSvg), plus message-bodies.jsonl,
// the recorded bodies messages.svg needs, so `harness analyze` can redraw it.
//
// Reports never decide a verdict: each function writes what it can and
// returns the failures (a path that could not be written, an exception from
// drawing) joined in one Status for the caller to log; the verdict is
// computed elsewhere and stays unchanged.
#ifndef HARNESS_STORE_REPORTS_H_
#define HARNESS_STORE_REPORTS_H_

#include <string>

#include "absl/status/status.h"
#include "harness/history/journal.h"
#include "harness/history/op.h"
#include "harness/store/message_bodies.h"

namespace harness {

// After a run: writes message-bodies.jsonl, timeline.html and messages.svg
// into `dir`.
absl::Status WriteRunReports(const std::string& dir, const History& history, const Journal& journal,
                             const MessageBodies& bodies);

// For `harness analyze`: reads `dir`/message-bodies.jsonl when present (a
// store from before it existed draws without bodies) and rewrites
// timeline.html and messages.svg.
absl::Status RewriteStoredReports(const std::string& dir, const History& history,
                                  const Journal& journal);

}  // namespace harness

#endif  // HARNESS_STORE_REPORTS_H_
