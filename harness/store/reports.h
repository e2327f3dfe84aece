// The store's pictures of a run: latency-raw.svg (LatencyRawSvg), rate.svg
// (RateSvg), timeline.html (TimelineHtml) and messages.svg (MessagesSvg),
// plus message-bodies.jsonl, the recorded bodies messages.svg needs, so
// `harness analyze` can redraw it. index.html, which links them all, is
// written last (front_page.h).
//
// Reports never decide a verdict: each function writes what it can and
// returns the failures (a path that could not be written, an exception from
// drawing) joined in one Status for the caller to log; the verdict is
// computed elsewhere and stays unchanged.
#ifndef HARNESS_STORE_REPORTS_H_
#define HARNESS_STORE_REPORTS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "harness/checkers/analysis.h"
#include "harness/history/journal.h"
#include "harness/history/op.h"
#include "harness/store/message_bodies.h"

namespace harness {

struct ReportsWritten {
  std::vector<std::string> files;  // written, relative to the run directory
  absl::Status status;             // every failure, joined; OK when none
};

// After a run: writes message-bodies.jsonl, latency-raw.svg, rate.svg,
// timeline.html and messages.svg into `dir`.
ReportsWritten WriteRunReports(const std::string& dir, const History& history,
                               const Journal& journal, const MessageBodies& bodies);

// For `harness analyze`: reads `dir`/message-bodies.jsonl when present (a
// store from before it existed draws without bodies) and rewrites the
// plots and pages (all of the above but message-bodies.jsonl).
ReportsWritten RewriteStoredReports(const std::string& dir, const History& history,
                                    const Journal& journal);

// Replaces analysis->results[:perf] with what the store drew:
//   {:latency-graph {:valid? true, :file "latency-raw.svg"},
//    :rate-graph {:valid? true, :file "rate.svg"}, :valid? true}
// A plot missing from `written` gets :error "not written" instead of
// :file; :valid? stays true, as plots never change a verdict.
void RecordPlots(const std::vector<std::string>& written, Analysis* analysis);

}  // namespace harness

#endif  // HARNESS_STORE_REPORTS_H_
