#include "nodes/raftkv/raft/ready_steps.h"

namespace raft {

bool MaySendBeforePersist(const Message& m) {
  return m.type == MessageType::kApp || m.type == MessageType::kHeartbeat;
}

void SendBeforePersist(const Ready& rd, const ReadyHooks& hooks) {
  bool sent = false;
  for (const Message& m : rd.messages) {
    if (!MaySendBeforePersist(m)) continue;
    hooks.send(m);
    sent = true;
  }
  // Out before the fsync starts, or the overlap buys nothing.
  if (sent) hooks.flush();
}

void FinishAfterPersist(const Ready& rd, const ReadyHooks& hooks) {
  if (rd.snapshot != nullptr && rd.restore_snapshot) hooks.restore(*rd.snapshot);
  for (const Entry& e : rd.committed_entries) hooks.apply(e);
  for (const ReadState& r : rd.read_states) hooks.read(r);
  for (const Message& m : rd.messages) {
    if (!MaySendBeforePersist(m)) hooks.send(m);
  }
}

}  // namespace raft
