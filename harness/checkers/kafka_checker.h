// CheckKafka: Jepsen's kafka analysis (jepsen.tests.kafka, as Maelstrom's
// kafka workload runs it; workloads.md section 7) over a kafka history.
//
// Version orders per key come from offsets (kafka_history.h). Error types,
// each reported by this name with the ops that show it:
//   :inconsistent-offsets   one key and offset seen with two or more messages
//   :duplicate              one message at two or more offsets of a key
//   :lost-write             a message sent by an op that must have committed,
//                           at or below the highest index an ok poll read of
//                           its key, that no ok poll returned
//   :unseen                 at the end, acknowledged sends no ok poll
//                           returned ({:unseen {k count} :messages {k [m ...]}})
//   :G1a                    an ok poll returned a message whose send failed
//   :int-poll-skip / :int-nonmonotonic-poll
//                           within one poll, successive messages of a key
//                           jump more than one index / do not advance
//   :poll-skip / :nonmonotonic-poll
//                           per process, a poll's first message of a key
//                           against the last one of that key in its previous
//                           ok poll (forgotten for keys an assign drops)
//   :nonmonotonic-send      per process, successive sends to a key whose
//                           indices do not increase
//   :unknown-message        an ok poll returned a message no op ever sent
//                           (Maelstrom's analysis crashes here, :unknown)
//   :G1c, :G1c-process, :G1c-realtime (and the G0 forms, allowed)
//                           cycles over wr edges (writer -> ok poll that read
//                           it) plus process and realtime order (harness/elle)
//   :cycle-search-timeout   the cycle search ran out of its budget
// :int-send-skip / :int-nonmonotonic-send / :precommitted-read need several
// mops per op and cannot occur with this workload's single-mop ops.
//
// :valid? is true iff every error type found is allowed (Maelstrom's set:
// :int-send-skip :G0 :G0-process :G0-realtime :PL-1-cycle-exists
// :strong-PL-1-cycle-exists); :cycle-search-timeout alone gives :unknown.
// Details: {:valid? :bad-error-types :error-types :info-txn-causes
// :key-count :message-count, then per type {:count n :errs [...]}} (at most
// 8 or 32 errs per type, as Jepsen condenses them; :unseen as above with 32
// messages per key). Linear in the history plus n log n sorting; the cycle
// search is bounded (elle/cycles.h). Pure function.
#ifndef HARNESS_CHECKERS_KAFKA_CHECKER_H_
#define HARNESS_CHECKERS_KAFKA_CHECKER_H_

#include <cstdint>
#include <vector>

#include "harness/checkers/analysis.h"
#include "harness/history/op.h"
#include "harness/history/value.h"

namespace harness {

CheckResult CheckKafka(const History& history);

// For the store's kafka files (store/kafka_files.h). True when the history
// holds any :send or :poll op.
bool IsKafkaHistory(const History& history);
// After each :ok send or poll: its time and how many acknowledged messages
// no ok poll had returned yet (Jepsen's unseen series, summed over keys).
struct KafkaUnseenPoint {
  int64_t time_ns;
  int64_t unseen;
};
std::vector<KafkaUnseenPoint> KafkaUnseenSeries(const History& history);
// How often ok polls returned each message: {:distribution {times
// messages} :keys {k {:messages n :consumed c :max-times t}}}. (Jepsen's
// consume-counts counts only polls made while subscribed; Maelstrom's
// clients only assign, so its file is always empty. This one counts
// every ok poll, which the final phase's re-reads from offset 0 inflate.)
Value KafkaConsumeCounts(const History& history);

}  // namespace harness

#endif  // HARNESS_CHECKERS_KAFKA_CHECKER_H_
