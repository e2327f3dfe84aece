// The kafka run's extra files in its store directory, beside results.edn:
//   consume-counts.edn  how often ok polls returned each message, per key
//                       (KafkaConsumeCounts in checkers/kafka_checker.h)
//   unseen.svg          acknowledged messages no ok poll had returned yet,
//                       over the run's time (Jepsen's unseen plot, summed
//                       over keys)
// Written after a run and again by `harness analyze`. A history with no
// :send or :poll op writes nothing. Never decides a verdict.
#ifndef HARNESS_STORE_KAFKA_FILES_H_
#define HARNESS_STORE_KAFKA_FILES_H_

#include <string>

#include "absl/status/status.h"
#include "harness/history/op.h"

namespace harness {

absl::Status WriteKafkaFiles(const std::string& dir, const History& history);

// The SVG alone (tests).
std::string KafkaUnseenSvg(const History& history);

}  // namespace harness

#endif  // HARNESS_STORE_KAFKA_FILES_H_
