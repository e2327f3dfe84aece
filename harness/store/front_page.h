// Writes a run's front page, <run>/index.html (index_html.h), from what the
// store holds: the files found in the run directory, run.json's facts and
// replay command, and the run's Analysis. Called last by `harness test`
// (after every other file is written, so the page lists them) and by
// `harness analyze`. Like the other reports it never changes a verdict: a
// failure comes back as a Status for the caller to log.
#ifndef HARNESS_STORE_FRONT_PAGE_H_
#define HARNESS_STORE_FRONT_PAGE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "harness/checkers/analysis.h"
#include "harness/history/op.h"
#include "nlohmann/json.hpp"

namespace harness {

// Regular files under `dir`, relative to it and sorted; symbolic links are
// not followed. Stops after `max_files` (a node's state directory may hold
// many files); an unreadable directory gives what was read so far.
std::vector<std::string> ListStoreFiles(const std::string& dir, size_t max_files = 5000);

// Writes `dir`/index.html. `analysis` and `history` are null when the run
// stopped before it had a history; `aborted` says why a run aborted (empty
// when it did not).
absl::Status WriteFrontPage(const std::string& dir, const nlohmann::json& run,
                            const Analysis* analysis, const History* history,
                            const std::string& aborted);

}  // namespace harness

#endif  // HARNESS_STORE_FRONT_PAGE_H_
