// The kafka analysis's error finders (kafka_checker.h lists the types),
// each a pure function of a KafkaHistory that appends what it finds to an
// ErrorSet under the type's name. Internal to the kafka checker; split out
// so that each finder reads on its own and the checker stays a short list.
#ifndef HARNESS_CHECKERS_KAFKA_CASES_H_
#define HARNESS_CHECKERS_KAFKA_CASES_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/checkers/kafka_history.h"
#include "harness/history/value.h"

namespace harness::kafka {

struct KafkaError {
  Value details;          // the error map, as results.edn shows it
  std::string line;       // one line for the end-of-run report
  int64_t sort_key = 0;   // Jepsen's condensing order (delta, count, length)
};

// Error type name ("lost-write") -> errors, sorted by name.
using ErrorSet = std::map<std::string, std::vector<KafkaError>>;

// Quoting ops and values in errors.
Value OpValue(const KafkaHistory& h, int32_t op);
Value KeyValue(const KafkaHistory& h, KeyId k);
Value MsgValue(const KafkaHistory& h, MsgId m);
std::string OpRef(const KafkaHistory& h, int32_t op);  // "op 12 (process 3)"

void FindOffsetErrors(const KafkaHistory& h, ErrorSet& out);  // inconsistent-offsets, duplicate
void FindLostWrites(const KafkaHistory& h, ErrorSet& out);
void FindAbortedAndUnknownReads(const KafkaHistory& h, ErrorSet& out);  // G1a, unknown-message
void FindInternalPollErrors(const KafkaHistory& h, ErrorSet& out);
void FindProcessPollErrors(const KafkaHistory& h, ErrorSet& out);
void FindNonmonotonicSends(const KafkaHistory& h, ErrorSet& out);

// unseen over time: after each :ok send or poll, acknowledged messages no ok
// poll has returned yet.
struct UnseenPoint {
  int64_t time_ns;
  int64_t unseen;
};
struct Unseen {
  std::vector<UnseenPoint> series;
  std::map<std::string, std::vector<Value>> final_messages;  // key -> unseen messages, sorted
};
Unseen ComputeUnseen(const KafkaHistory& h);

// G0/G1c (-process, -realtime) cycles, and :cycle-search-timeout.
void FindCycles(const KafkaHistory& h, ErrorSet& out);

}  // namespace harness::kafka

#endif  // HARNESS_CHECKERS_KAFKA_CASES_H_
