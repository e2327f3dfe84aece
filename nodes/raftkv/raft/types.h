// Plain data of the Raft core: log entries, durable hard state, snapshots,
// the messages peers exchange, and the Ready batch the core hands to its
// driver. Value types with no behaviour; copying them is always safe.
//
// Node ids are small positive integers chosen by the driver (kNoNode = 0
// means "nobody"); the driver maps them to transport addresses.
#ifndef NODES_RAFTKV_RAFT_TYPES_H_
#define NODES_RAFTKV_RAFT_TYPES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace raft {

using NodeId = uint64_t;
inline constexpr NodeId kNoNode = 0;

// One log entry. Empty data marks the no-op a leader appends when its term
// starts (section 8 of the paper); the application skips it.
struct Entry {
  uint64_t term = 0;
  uint64_t index = 0;
  std::string data;

  bool operator==(const Entry&) const = default;
};

// What must be durable before any message of the same Ready is sent
// (Figure 2, "Persistent state on all servers"). commit is persisted only to
// speed up re-applying after a restart; losing it would be safe.
struct HardState {
  uint64_t term = 0;
  NodeId vote = kNoNode;
  uint64_t commit = 0;

  bool operator==(const HardState&) const = default;
};

// A snapshot replaces every entry up to and including index (section 7).
// data is the application's opaque serialisation of its state at index.
struct Snapshot {
  uint64_t index = 0;
  uint64_t term = 0;
  std::string data;
};

enum class MessageType : uint8_t {
  kPreVote,
  kPreVoteResp,
  kVote,
  kVoteResp,
  kApp,  // AppendEntries (section 5.3); index/log_term name the previous entry
  kAppResp,
  kHeartbeat,  // empty AppendEntries that also confirms leadership for reads
  kHeartbeatResp,
  kSnap,  // InstallSnapshot (section 7), whole snapshot in one message
  kReadIndex,  // follower -> leader: please confirm a read (section 6.4)
  kReadIndexResp,
};

const char* MessageTypeName(MessageType type);

struct Message {
  MessageType type = MessageType::kApp;
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  uint64_t term = 0;
  // kApp: index and term of the entry preceding entries. kVote/kPreVote:
  // candidate's last index and term. kAppResp: last index known to match
  // (success) or the rejected previous index (reject). kReadIndexResp: the
  // read index.
  uint64_t index = 0;
  uint64_t log_term = 0;
  uint64_t commit = 0;
  std::vector<Entry> entries;
  std::shared_ptr<const Snapshot> snapshot;  // kSnap only
  bool reject = false;
  // Fast back-off (section 5.3, "the follower can include the term of the
  // conflicting entry and the first index it stores for that term"):
  // conflict_term = 0 means the follower's log is shorter, and reject_hint is
  // its last index + 1.
  uint64_t reject_hint = 0;
  uint64_t conflict_term = 0;
  // kHeartbeat/kHeartbeatResp: read-confirmation round. kReadIndex and
  // kReadIndexResp: the requester's read context.
  uint64_t context = 0;
};

// A read that may now be served: the state machine has applied at least
// index (all committed entries handed out in this and earlier Readys).
struct ReadState {
  uint64_t context = 0;
  uint64_t index = 0;
};

// Everything the core wants done, in this order:
//   1. persist: snapshot (if set), then entries (dropping any stored entry
//      with index >= entries.front().index first), then hard_state (if set);
//   2. if restore_snapshot, reset the state machine to snapshot->data;
//   3. apply committed_entries in order;
//   4. serve read_states;
//   5. send messages.
// All of it must be done before the next call into the core.
struct Ready {
  std::shared_ptr<const Snapshot> snapshot;
  bool restore_snapshot = false;
  std::vector<Entry> entries;
  bool has_hard_state = false;
  HardState hard_state;
  std::vector<Entry> committed_entries;
  std::vector<ReadState> read_states;
  std::vector<Message> messages;
};

}  // namespace raft

#endif  // NODES_RAFTKV_RAFT_TYPES_H_
