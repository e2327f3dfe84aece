#include "nodes/raftkv/raft/storage.h"

#include <utility>

#include "nodes/raftkv/raft/check.h"

namespace raft {

void ApplyReadyToState(const Ready& rd, PersistentState& state) {
  std::vector<Entry>& log = state.entries;
  if (rd.snapshot != nullptr) {
    const Snapshot& s = *rd.snapshot;
    uint64_t base = state.snapshot ? state.snapshot->index : 0;
    RAFT_CHECK(s.index > base);
    uint64_t pos = s.index - base;  // 1-based position of s.index in log
    if (pos <= log.size() && log[pos - 1].term == s.term) {
      log.erase(log.begin(), log.begin() + static_cast<long>(pos));
    } else {
      log.clear();
    }
    state.snapshot = rd.snapshot;
  }
  if (!rd.entries.empty()) {
    uint64_t base = state.snapshot ? state.snapshot->index : 0;
    uint64_t first = rd.entries.front().index;
    RAFT_CHECK(first > base);
    RAFT_CHECK(first <= base + log.size() + 1);
    log.resize(first - base - 1);
    for (const Entry& e : rd.entries) {
      RAFT_CHECK(e.index == base + log.size() + 1);
      log.push_back(e);
    }
  }
  if (rd.has_hard_state) state.hard_state = rd.hard_state;
}

}  // namespace raft
