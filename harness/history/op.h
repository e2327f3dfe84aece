// Op and History: the record of a run that every checker reads.
//
// One client operation is an :invoke entry followed later by exactly one
// completion (:ok, :fail or :info) of the same process, as in Jepsen. Nemesis
// operations use process kNemesisProcess. A History is a plain vector in the
// order the harness recorded the entries; `index` equals the position.
#ifndef HARNESS_HISTORY_OP_H_
#define HARNESS_HISTORY_OP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/history/value.h"

namespace harness {

enum class OpType { kInvoke, kOk, kFail, kInfo };
std::string_view OpTypeName(OpType t);  // "invoke", "ok", "fail", "info"
std::optional<OpType> OpTypeFromName(std::string_view name);

inline constexpr int64_t kNemesisProcess = -1;

struct Op {
  int64_t index = 0;
  int64_t time_ns = 0;  // since the start of the run's relative clock
  OpType type = OpType::kInvoke;
  int64_t process = 0;  // worker's logical process, or kNemesisProcess
  std::string f;        // keyword name without ':' ("read", "start-partition")
  Value value;
  std::optional<Value> error;          // e.g. [:precondition-failed "..."]
  // Malformed reply and the like, as "<class>: <message>"; the text before
  // the first ':' is the class the :exceptions summary groups by.
  std::optional<std::string> exception;
  bool final = false;                  // :final? true
  // Jepsen histories of independent keys (lin-kv) carry the key inside
  // value as [key v]; nothing special is stored here for them.

  bool is_client() const { return process != kNemesisProcess; }
};

using History = std::vector<Op>;

// One line of history.edn: {:index 0, :time 12, :type :invoke, ...}.
// Keys in this order: :index :time :type :process :f :value, then :error,
// :exception (a string) and :final? true only when set.
std::string OpToEdn(const Op& op);
// One line of history.txt, as Jepsen's op->str prints it:
// process TAB type TAB f TAB value, then TAB error only when set
// ("0\t:invoke\t:read\tnil", ":nemesis\t:info\t:start-partition\t:majority").
std::string OpToText(const Op& op);
// Reads an op from an EDN map as Jepsen writes it (keys :index :time :type
// :process :f :value :error :exception :final?). Missing :index/:time are
// left 0; a missing :type, :f or :process is an error. :process is an
// integer or a keyword (:nemesis; any keyword is a non-client process). An
// :exception map (Jepsen's Throwable->map) becomes "<class>: <cause>".
absl::StatusOr<Op> OpFromEdn(const Value& map);
// Reads a whole history.edn: op maps one after another, or one vector of
// them. An op without :index gets its position; the first bad op is an error
// naming its position.
absl::StatusOr<History> HistoryFromEdn(std::string_view text);

}  // namespace harness

#endif  // HARNESS_HISTORY_OP_H_
