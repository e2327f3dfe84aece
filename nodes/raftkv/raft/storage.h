// Durable state of one Raft node: hard state, the latest snapshot and the
// log after it. The driver calls Save() with each Ready before acting on the
// rest of it, and Load() once at start-up to rebuild the core.
//
// Save() applies the Ready's durable parts in order: the snapshot (log
// entries after it survive only if the stored entry at the snapshot index
// has the snapshot's term, section 7; otherwise the whole log is dropped),
// then the entries (a stored entry at or after entries.front().index is
// replaced), then the hard state. ApplyReadyToState() is that rule as a pure
// function, shared by every implementation so they cannot drift apart.
// Implementations are not thread-safe.
#ifndef NODES_RAFTKV_RAFT_STORAGE_H_
#define NODES_RAFTKV_RAFT_STORAGE_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nodes/raftkv/raft/raft.h"
#include "nodes/raftkv/raft/types.h"

namespace raft {

class Storage {
 public:
  virtual ~Storage() = default;
  // Returns what Save() made durable so far (an empty state for a new node).
  // Fails if the stored data is unreadable beyond a torn final record.
  virtual absl::StatusOr<PersistentState> Load() = 0;
  // Makes rd's snapshot, entries and hard state durable; on success they
  // survive a crash. On failure the node must stop (it cannot keep
  // promises it could not persist).
  virtual absl::Status Save(const Ready& rd) = 0;
};

// The update rule described above, applied to an in-memory state.
void ApplyReadyToState(const Ready& rd, PersistentState& state);

// Keeps everything in memory; "durable" across a simulated crash as long
// as the object lives. For tests and the simulator.
class MemoryStorage final : public Storage {
 public:
  absl::StatusOr<PersistentState> Load() override { return state_; }
  absl::Status Save(const Ready& rd) override {
    ApplyReadyToState(rd, state_);
    return absl::OkStatus();
  }
  const PersistentState& state() const { return state_; }

 private:
  PersistentState state_;
};

}  // namespace raft

#endif  // NODES_RAFTKV_RAFT_STORAGE_H_
