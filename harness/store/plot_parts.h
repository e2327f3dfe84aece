// Parts shared by the store's time plots (latency-raw.svg, rate.svg): the
// outcome colours and the nemesis's active periods, which both plots shade
// behind their data, one colour per fault kind, as Jepsen's perf plots do.
// Pure functions of the history; thread-compatible.
#ifndef HARNESS_STORE_PLOT_PARTS_H_
#define HARNESS_STORE_PLOT_PARTS_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "harness/history/op.h"

namespace harness {

// ok green, info orange, fail red (an invocation gets the fail colour).
const char* OutcomeColour(OpType type);

// A nemesis fault kind: the :f that starts and the :f that stops it.
struct NemesisKind {
  const char* name;
  const char* start_f;
  const char* stop_f;
  const char* colour;
};
inline constexpr NemesisKind kNemesisKinds[] = {
    {"partition", "start-partition", "stop-partition", "#9ecae1"},
    {"kill", "kill", "start", "#fcbba1"},
    {"pause", "pause", "resume", "#dadaeb"},
    {"clock", "skew-clock", "reset-clock", "#fdd0a2"},
};

// One active period of kNemesisKinds[kind], in seconds of history time.
struct NemesisBand {
  size_t kind;
  double from_s;
  double to_s;
};

// The periods in order of their end. A period opens at the first step of
// its start :f (each step is recorded twice, invocation and completion)
// and closes at the first step of its stop :f; one never stopped runs to
// the history's last time.
std::vector<NemesisBand> NemesisBands(const History& history);

// The last time in the history, in seconds (0 for an empty history).
double HistoryEndSeconds(const History& history);

// Appends one translucent <rect> per band from y = top, `height` high,
// with a <title> "kind from-to s"; x maps seconds to pixels.
void AppendBandRects(const std::vector<NemesisBand>& bands, const std::function<double(double)>& x,
                     double top, double height, std::string* svg);

// Appends second labels under a time axis that spans [0, span_s]: 4 to 9
// ticks 1, 2 or 5 x 10^k s apart (at least 0.1 s), at y = `label_y`.
void AppendTimeTicks(double span_s, const std::function<double(double)>& x, double label_y,
                     std::string* svg);

}  // namespace harness

#endif  // HARNESS_STORE_PLOT_PARTS_H_
