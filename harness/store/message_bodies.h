// MessageBodies: the bodies of a run's first messages, by message id, for
// messages.svg (the journal records who sent what when, not the bodies).
//
// The runner taps the network's send log (TapMessageBodies); each line, as
// Network::Describe writes it, carries the id and the body. The first
// `max_messages` non-init messages are kept (init and init_ok are kept too
// but do not count), each body abbreviated to kMaxBodyBytes of JSON with
// its "type" kept whole. Once full, the tap takes itself off the network so
// later sends cost nothing. The store writes the bodies to
// message-bodies.jsonl so `harness analyze` draws the same diagram.
// Not thread-safe (the run is one thread).
#ifndef HARNESS_STORE_MESSAGE_BODIES_H_
#define HARNESS_STORE_MESSAGE_BODIES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "harness/net/network.h"
#include "harness/run/scheduler.h"

namespace harness {

struct MessageBody {
  std::string type;  // the body's "type", "" when absent
  std::string json;  // the body as JSON, abbreviated
};

inline constexpr size_t kMessageBodiesMax = 10'000;

class MessageBodies {
 public:
  static constexpr size_t kMaxBodyBytes = 400;

  explicit MessageBodies(size_t max_messages = kMessageBodiesMax) : max_(max_messages) {}

  // Records the body of one send-log line
  // ":send {:id N, :src \"a\", :dest \"b\", :body {...}}". A line of another
  // shape, or arriving once full, is ignored. Returns whether there is room
  // for more.
  bool RecordSendLine(std::string_view line);
  // Records one body directly (tests, reading the file). Same bound.
  bool Add(int64_t id, MessageBody body);

  // REQUIRES: nothing; nullptr when the id was not recorded.
  const MessageBody* Find(int64_t id) const;
  bool full() const { return counted_ >= max_; }
  bool empty() const { return bodies_.empty(); }

  // One line per body, in id order: {"id":N,"type":"...","body":"<json>"}.
  std::string ToJsonl() const;
  // Reads ToJsonl's output; a bad line is an error naming its number.
  static absl::StatusOr<MessageBodies> FromJsonl(std::string_view text);

 private:
  size_t max_;
  size_t counted_ = 0;  // non-init bodies recorded
  absl::flat_hash_map<int64_t, MessageBody> bodies_;
};

// Whether a message of this body type belongs to the init handshake, which
// messages.svg leaves out as Maelstrom's does.
bool IsInitType(std::string_view type);

// Puts on `net` a send sink that records bodies into `bodies` and then
// passes the line to `send_sink` (if any); `recv_sink` is installed as is.
// When `bodies` fills, the tap replaces itself with (send_sink, recv_sink)
// through a zero-delay timer on `scheduler` (a sink must not destroy itself
// while running). REQUIRES: net, scheduler and bodies outlive the run.
void TapMessageBodies(Network* net, Scheduler* scheduler, MessageBodies* bodies,
                      Network::LogSink send_sink, Network::LogSink recv_sink);

}  // namespace harness

#endif  // HARNESS_STORE_MESSAGE_BODIES_H_
