// Readers for histories the checker is given from outside a run: Jepsen log
// lines ("INFO  jepsen.util - 3\t:ok\t:cas\t[1 2]", tabs or spaces) and EDN
// histories (one op map per line, as our history.edn and Porcupine's kv
// data). Lines that are not ops are skipped and counted, never fatal, so a
// log with other chatter still checks; the caller decides whether a skipped
// line matters. An EDN op with a :key field (the kv data) gets the
// independent-key shape [key value] that lin-kv histories use, so one
// partitioning serves both.
//
// Pure functions; thread-safe.
#ifndef HARNESS_LINEARIZABILITY_HISTORY_FILES_H_
#define HARNESS_LINEARIZABILITY_HISTORY_FILES_H_

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
};

ParsedHistory ParseJepsenLog(std::string_view text);
ParsedHistory ParseEdnHistory(std::string_view text);

// Reads FILE, or DIR/history.edn when `path` is a directory (a run's store);
// picks the format by content (a line with "jepsen.util - " is a log).
// Errors: NotFound / unreadable file.
absl::StatusOr<ParsedHistory> LoadHistoryFile(const std::string& path);

}  // namespace harness::lin

#endif  // HARNESS_LINEARIZABILITY_HISTORY_FILES_H_
