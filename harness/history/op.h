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
  std::optional<std::string> exception;  // malformed reply and the like
  bool final = false;                  // :final? true
  // Jepsen histories of independent keys (lin-kv) carry the key inside
  // value as [key v]; nothing special is stored here for them.

  bool is_client() const { return process != kNemesisProcess; }
};

using History = std::vector<Op>;

// One line of history.edn: {:index 0, :time 12, :type :invoke, ...}.
std::string OpToEdn(const Op& op);
// One line of history.txt: process TAB type TAB f TAB value TAB error.
std::string OpToText(const Op& op);
// Reads an op from an EDN map as Jepsen writes it (keys :index :time :type
// :process :f :value :error :exception :final?). Missing :index/:time are
// left 0; a missing :type or :f is an error.
absl::StatusOr<Op> OpFromEdn(const Value& map);

}  // namespace harness

#endif  // HARNESS_HISTORY_OP_H_
