// The store of runs (the store in harness/README.md, our layout):
//   <root>/<workload>/<YYYYMMDDTHHMMSS.mmm+0000>/
//     index.html (front_page.h) results.edn results.json history.edn
//     history.txt jepsen.log journal run.json node-logs/<node>.log
//     node-dirs/<node>/ latency-raw.svg rate.svg timeline.html messages.svg
//     message-bodies.jsonl (reports.h) independent/<key>/linear.svg
//   <root>/latest, <root>/current, <root>/<workload>/latest -> the run
//
// journal is text, one event a line: "<time_ns> send|recv <id> <src> <dest>"
// (ids never contain spaces: they are node, client and service ids). run.json
// holds the flags, the seed and the run facts the analysis needs, so
// `harness analyze` recomputes the same verdict from the directory alone
// (the runner adds "reproduce", the command that replays the run).
// Functions return a Status naming the path that failed.
#ifndef HARNESS_STORE_STORE_H_
#define HARNESS_STORE_STORE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "harness/checkers/analysis.h"
#include "harness/cli/test_options.h"
#include "harness/history/journal.h"
#include "harness/history/op.h"
#include "nlohmann/json.hpp"

namespace harness {

// "20240131T120102.345+0000" for a wall-clock time in ms since the epoch.
std::string StoreTimestamp(int64_t unix_ms);

// Creates <root>/<workload>/<timestamp>/node-logs (a later timestamp if taken).
absl::StatusOr<std::string> CreateRunDir(const std::string& root, const std::string& workload);
// Points latest, current and <workload>/latest at `run_dir` (relative links).
absl::Status UpdateLatestLinks(const std::string& root, const std::string& workload,
                               const std::string& run_dir);

absl::Status WriteTextFile(const std::string& path, const std::string& content);
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

absl::Status WriteHistory(const std::string& dir, const History& history);
absl::Status WriteJournal(const std::string& path, const Journal& journal);
absl::StatusOr<Journal> ReadJournal(const std::string& path);

// run.json: flags, seed and RunFacts.
nlohmann::json RunJson(const TestOptions& options, const RunFacts& facts);
absl::StatusOr<RunFacts> RunFactsFromJson(const nlohmann::json& run);

// results.edn and results.json; lin-kv's per-key pictures are moved out of
// the results into independent/<key>/linear.svg first.
absl::Status WriteResults(const std::string& dir, Analysis& analysis);

}  // namespace harness

#endif  // HARNESS_STORE_STORE_H_
