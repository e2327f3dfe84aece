// latency-raw.svg: one dot per client operation, its invocation time (s,
// x) against its latency (ms, y, log scale), coloured by outcome (ok
// green, info orange, fail red), over bands that shade the nemesis's
// active periods, one colour per fault kind (partition, kill, pause,
// clock). Like Jepsen's latency-raw plot; written by the store with every
// run. Pure function of the history; an op never completed is not drawn.
#ifndef HARNESS_STORE_LATENCY_SVG_H_
#define HARNESS_STORE_LATENCY_SVG_H_

#include <string>

#include "harness/history/op.h"

namespace harness {

std::string LatencyRawSvg(const History& history);

}  // namespace harness

#endif  // HARNESS_STORE_LATENCY_SVG_H_
