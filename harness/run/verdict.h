// The end-of-run verdict on the console, shared by `test` and `analyze`:
// Maelstrom's summary sentence for the validity, then, when the run is not
// valid, every anomaly line of the analysis, then one machine-readable line
//   RESULT valid=<true|false|unknown> ops=<n> ok=<n> fail=<n> info=<n> store=<dir>
#ifndef HARNESS_RUN_VERDICT_H_
#define HARNESS_RUN_VERDICT_H_

#include <string>

#include "harness/checkers/analysis.h"
#include "harness/run/run_log.h"

namespace harness {

std::string VerdictSentence(Validity v);
void PrintVerdict(const Analysis& analysis, const History& history, const std::string& store_dir,
                  RunLog& log);

}  // namespace harness

#endif  // HARNESS_RUN_VERDICT_H_
