// LinKvNode: the correctness-first baseline (--mode linkv). Every node is
// stateless; all state lives in Maelstrom's lin-kv service:
//   "log/<key>"    the key's whole log: a JSON array of messages, the
//                  message at index i having offset i
//   "commit/<key>" the key's committed offset (a max-register)
// send reads the log and CASes it to the log plus the message (retrying on
// a lost race, with jitter); the offset is the old length. Keeping the
// messages in the value the offset is CASed on is what makes this simple:
// with a separate counter, a sender that dies between taking an offset and
// writing its message leaves a hole no poll can tell from a slow writer.
// The price is values that grow with the log (bounded here by
// --max-writes-per-key) and two lin-kv round trips per attempt.
// A send whose CAS times out gets an indefinite error and is not retried.
// Polls and list_committed_offsets read; commit_offsets raises the
// register by CAS, refusing keys with no log (20) or offsets past its end.
// Not thread-safe (one event loop).
#ifndef NODES_KAFKA_LINKV_NODE_H_
#define NODES_KAFKA_LINKV_NODE_H_

#include <string>

#include "runtime/kv_client.h"
#include "runtime/node.h"

namespace kafka {

class LinKvNode {
 public:
  explicit LinKvNode(runtime::Node& node);

 private:
  runtime::Task<void> OnSend(runtime::Message req);
  runtime::Task<void> OnPoll(runtime::Message req);
  runtime::Task<void> OnCommit(runtime::Message req);
  runtime::Task<void> OnList(runtime::Message req);
  // The log of `key`: [] when absent.
  runtime::Task<runtime::Result<runtime::Json>> ReadLog(const std::string& key);
  runtime::Task<void> Jitter();

  runtime::Node& node_;
  runtime::KvClient kv_;
};

}  // namespace kafka

#endif  // NODES_KAFKA_LINKV_NODE_H_
