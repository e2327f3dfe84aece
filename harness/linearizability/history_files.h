// Readers for histories the checker is given from outside a run: Jepsen log
// lines ("INFO  jepsen.util - 3\t:ok\t:cas\t[1 2]", tabs or spaces) and EDN
// histories.
//
// A log is read line by line: lines that are not ops are skipped and
// counted, never fatal, so a log with other chatter still checks; the caller
// decides whether a skipped line matters.
//
// EDN is read as a stream of values, never line by line: op maps one after
// another (our history.edn, Porcupine's kv data), or one top-level vector or
// list of op maps (Knossos's test data, many Jepsen tools), with maps free
// to span lines and to carry extra keys (:time, :index, :error, ...). Any
// form that cannot be read, or a value that is not an op, sets `error` and
// yields no history: a verdict on part of a history would be a guess. An
// EDN op with a :key field (the kv data) gets the independent-key shape
// [key value] that lin-kv histories use, so one partitioning serves both.
//
// Pure functions; thread-safe.
#ifndef HARNESS_LINEARIZABILITY_HISTORY_FILES_H_
#define HARNESS_LINEARIZABILITY_HISTORY_FILES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/history/op.h"

namespace harness::lin {

struct ParsedHistory {
  History history;  // ops in file order; :index is the position when absent
  int64_t skipped_lines = 0;
  std::vector<std::string> warnings;  // the first few skipped lines, with reasons
  // Set when the file cannot be read as a whole history (EDN only); the
  // history is then empty and the verdict must be :unknown.
  std::optional<std::string> error;
};

ParsedHistory ParseJepsenLog(std::string_view text);
ParsedHistory ParseEdnHistory(std::string_view text);

// Reads FILE, or DIR/history.edn when `path` is a directory (a run's store);
// picks the format by content (a line with "jepsen.util - " is a log).
// Errors: NotFound / unreadable file.
absl::StatusOr<ParsedHistory> LoadHistoryFile(const std::string& path);

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_HISTORY_FILES_H_
