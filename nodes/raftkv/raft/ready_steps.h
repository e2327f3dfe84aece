// The order in which every driver of a Raft core (the raftkv node and the
// simulator) carries out one Ready, shared so the simulator tests the order
// the node really uses rather than a copy of it:
//   1. SendBeforePersist: appends and heartbeats leave at once and are
//      flushed (thesis 10.2.1: the followers' fsyncs overlap the leader's);
//   2. the driver makes rd durable (Storage::Save; the simulator may let the
//      sync complete later, blocking the node meanwhile);
//   3. FinishAfterPersist: restore the snapshot, apply committed entries,
//      serve read states, then send every other message (votes, acks, read
//      replies), each of which promises durable state.
// Sending early is safe because the leader counts itself towards a commit
// only through acks it processes after step 2, and an append promises
// nothing about the sender's disk. Compaction is the driver's own policy
// and comes after step 3. Stateless; the hooks are the driver's.
#ifndef NODES_RAFTKV_RAFT_READY_STEPS_H_
#define NODES_RAFTKV_RAFT_READY_STEPS_H_

#include <functional>

#include "nodes/raftkv/raft/types.h"

namespace raft {

struct ReadyHooks {
  std::function<void(const Message&)> send;
  std::function<void()> flush;  // called once after early sends, if any
  std::function<void(const Snapshot&)> restore;
  std::function<void(const Entry&)> apply;
  std::function<void(const ReadState&)> read;
};

// True for the messages step 1 may send before the Ready is durable.
bool MaySendBeforePersist(const Message& m);

// Step 1. REQUIRES: hooks.send and hooks.flush set.
void SendBeforePersist(const Ready& rd, const ReadyHooks& hooks);

// Step 3. REQUIRES: rd is durable; every hook set.
void FinishAfterPersist(const Ready& rd, const ReadyHooks& hooks);

}  // namespace raft

#endif  // NODES_RAFTKV_RAFT_READY_STEPS_H_
