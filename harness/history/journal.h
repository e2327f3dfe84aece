// JournalEvent: one send or one delivery on the simulated network.
//
// The harness's network appends an event for every message it accepts (send)
// and every message it hands to its destination (recv); a message dropped by
// a partition has a send and no recv. Net statistics are computed from the
// journal alone, as Maelstrom computes them from its net-journal.
#ifndef HARNESS_HISTORY_JOURNAL_H_
#define HARNESS_HISTORY_JOURNAL_H_

#include <cstdint>
#include <string>
#include <vector>

namespace harness {

struct JournalEvent {
  enum class Kind { kSend, kRecv };
  int64_t time_ns = 0;  // same relative clock as the history
  Kind kind = Kind::kSend;
  int64_t message_id = 0;  // the network's global sequence number
  std::string src;
  std::string dest;
};

using Journal = std::vector<JournalEvent>;

// Maelstrom's rule: an endpoint whose id starts with 'c' is a client.
inline bool IsClientId(const std::string& id) { return !id.empty() && id[0] == 'c'; }

}  // namespace harness

#endif  // HARNESS_HISTORY_JOURNAL_H_
