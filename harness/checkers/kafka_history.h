// KafkaHistory: a kafka history (workloads.md section 7) read once into
// compact form for the kafka analysis: keys and messages interned to small
// integers, every client op's sends, polls and assigns, its invocation and
// completion times, and per key the version order Jepsen's kafka checker
// derives from offsets.
//
// Ops: one per client op with a completion (or an invocation left without
// one, treated as :info), in history order. Values are Maelstrom's:
//   send   [[:send k m]] (invocation, and :info/:fail completions) or
//          [[:send k [offset m]]] (:ok)
//   poll   [[:poll]] or [[:poll {k [[offset m] ...]}]]
//   assign [k ...]
// Anything that does not parse as that is ignored (never a crash).
//
// Version orders (per key) come from every poll and from every send that
// must have committed (:ok, or :info with some message of it read by an ok
// poll) and knows its offset. The dense index of an offset is its rank among
// the occupied offsets. `chosen` is the message an index stands for (the
// least by Value order if several claim it: inconsistent offsets).
// Pure; the KafkaHistory points into nothing (it copies what it needs).
#ifndef HARNESS_CHECKERS_KAFKA_HISTORY_H_
#define HARNESS_CHECKERS_KAFKA_HISTORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "harness/history/op.h"
#include "harness/history/value.h"

namespace harness::kafka {

using KeyId = int32_t;
using MsgId = int32_t;  // interned message Value (global, across keys)

struct Send {
  KeyId key;
  std::optional<int64_t> offset;
  MsgId msg;
};

struct Poll {
  KeyId key;
  std::vector<std::pair<int64_t, MsgId>> pairs;  // (offset, msg), as returned
};

enum class Kind { kSend, kPoll, kAssign, kOther };

struct KOp {
  int64_t invoke_pos = -1;    // history positions; invoke_pos -1 if unknown
  int64_t complete_pos = -1;  // -1 for an invocation never completed
  int64_t invoke_ns = 0;
  int64_t complete_ns = INT64_MAX;
  OpType type = OpType::kInfo;
  int64_t process = 0;
  Kind kind = Kind::kOther;
  std::vector<Send> sends;
  std::vector<Poll> polls;
  std::vector<KeyId> assigned;
  // The history op that shows this one (the completion, else the invocation).
  int64_t pos() const { return complete_pos >= 0 ? complete_pos : invoke_pos; }
};

struct VersionOrder {
  // Sorted distinct (offset, msg) pairs seen for the key.
  std::vector<std::pair<int64_t, MsgId>> log;
  std::vector<int64_t> offset_of_index;  // dense index -> offset
  std::vector<MsgId> chosen;             // dense index -> message
  absl::flat_hash_map<MsgId, int64_t> by_value;     // message -> last index it was chosen at
  absl::flat_hash_map<MsgId, int64_t> first_index;  // message -> earliest index it appears at
  absl::flat_hash_map<MsgId, int64_t> last_index;   // message -> latest index it appears at
  std::optional<int64_t> IndexOf(MsgId m) const {
    auto it = by_value.find(m);
    if (it == by_value.end()) return std::nullopt;
    return it->second;
  }
};

struct KeyState {
  VersionOrder order;
  absl::flat_hash_map<MsgId, int32_t> writer;  // message -> op that sent it (last one)
  absl::flat_hash_set<MsgId> ok_read;          // read by some :ok poll
  absl::flat_hash_set<MsgId> failed;           // sent by a :fail op
};

struct KafkaHistory {
  const History* history = nullptr;  // the source, for quoting ops
  std::vector<std::string> keys;     // by KeyId
  std::vector<Value> msgs;           // by MsgId
  std::vector<KOp> ops;
  std::vector<KeyState> by_key;      // by KeyId

  // True for :ok ops, and :info ops some of whose sends an ok poll read.
  bool MustHaveCommitted(const KOp& op) const;
};

KafkaHistory ReadKafkaHistory(const History& history);

}  // namespace harness::kafka

#endif  // HARNESS_CHECKERS_KAFKA_HISTORY_H_
