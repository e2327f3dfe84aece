// Options of node-kafka, from its command line.
//
//   --mode owner|linkv   owner (default): each key's owner node keeps its log
//                        on local disk (owner_node.h); linkv: offsets and
//                        messages in Maelstrom's lin-kv service (linkv_node.h)
//   --dir D              state directory (default the host's: $KIT_STATE_DIR,
//                        else a fresh temporary directory); the node keeps its files
//                        in D/kafka-<node id>/
//   --sync-ms N          replication tick (owner mode), default 50
//   --forward-timeout-ms N  wait for a key's owner, default 1000
//   --suspect-ms N       silence after which a peer is presumed unreachable
//                        and sends to its keys fail fast, default 1000
//   --segment-bytes N    roll segment files at this size, default 1 MiB
#ifndef NODES_KAFKA_OPTIONS_H_
#define NODES_KAFKA_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace kafka {

struct Options {
  enum class Mode { kOwner, kLinKv };
  Mode mode = Mode::kOwner;
  std::string dir;
  int64_t sync_ms = 50;
  int64_t heartbeat_ms = 250;
  int64_t forward_timeout_ms = 1000;
  int64_t suspect_ms = 1000;
  int64_t resend_ms = 500;
  uint64_t segment_bytes = 1 << 20;
  size_t poll_max_records = 100;  // per key and poll
  size_t push_max_records = 256;  // per key and replication message
};

// InvalidArgument naming the flag on a bad command line (the arguments
// after the program name). Without --dir, `dir` stays empty: the program
// resolves it (runtime/state_dir.h: the host's state dir, else a fresh
// private one, never Maelstrom's shared working directory, where an
// earlier run's files would replay messages nobody sent in this one).
absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& args);

}  // namespace kafka

#endif  // NODES_KAFKA_OPTIONS_H_
