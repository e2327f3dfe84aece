// kafka (workloads.md section 7): Maelstrom's kafka workload, the generator
// of jepsen.tests.kafka with assign as the only way to subscribe.
//
// Keys are decimal strings. A pool of `key_count` active keys; slot i (0 is
// the oldest) is chosen with probability 2^i / (2^K - 1). Each op is a send
// of the key's next message (1, 2, 3, ...) or a poll, 50/50; a key that
// reached `max_writes_per_key` sends is retired and its slot takes the next
// unused key. With probability 1/64 the op becomes an assign of the key it
// would have used, a third of them widened with every key that has
// acknowledged sends no ok poll has reached yet. Crash ops (the client is
// dropped: :info, then a fresh client with an empty assignment) replace an op
// with probability concurrency / (30 * rate), i.e. one every 30/concurrency s
// on average as Jepsen's crash generator (which adds them beside the paced
// ops instead of in their place).
//
// Client state per worker thread (reset whenever the runner replaces the
// client, i.e. after every :info): the assignment, key -> next offset.
//   assign [k...]  list_committed_offsets for the keys; the assignment
//                  becomes exactly them, each at its current local offset,
//                  else the committed one, else 0. Final-phase assigns seek
//                  to 0 and send nothing. Idempotent (a timeout is :fail).
//   poll           poll with the whole assignment; each returned key's offset
//                  becomes max(offset, highest returned + 1) (even a key not
//                  assigned, as Maelstrom's client does); when anything was
//                  returned, commit_offsets with the highest offset per key.
//                  :ok only if both succeed. Value [[:poll {"k" [[o m] ...]}]].
//   send           value [[:send "k" m]] -> [[:send "k" [offset m]]].
//   crash          no request; :info.
//
// Final phase, per thread (jepsen's final-polls): if any offset was seen, a
// crash, an assign of every key seen from offset 0, then polls 0-0.4 s apart
// until this thread's ok polls reached the highest offset the main phase's
// ok ops observed for every key; the whole phase is capped at 10 s.
//
// Single-threaded (the runner's loop); deterministic given the Rng.
#ifndef HARNESS_WORKLOADS_KAFKA_WORKLOAD_H_
#define HARNESS_WORKLOADS_KAFKA_WORKLOAD_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/workloads/workload.h"

namespace harness {

class KafkaWorkload : public Workload {
 public:
  static constexpr int kDefaultKeyCount = 10;
  static constexpr double kAssignProbability = 1.0 / 64;
  static constexpr int64_t kFinalPhaseLimitMs = 10'000;

  // REQUIRES: key_count > 0, max_writes_per_key > 0, concurrency > 0.
  KafkaWorkload(int key_count, int max_writes_per_key, int concurrency, double rate);

  bool IsIdempotent(const std::string& f) const override { return f == "assign"; }
  bool has_final_phase() const override { return true; }
  int64_t final_phase_limit_ms() const override { return kFinalPhaseLimitMs; }

  Invocation NextOp(int thread, int64_t process, Rng& rng) override;
  std::optional<Invocation> FinalOp(int thread) override;
  std::optional<std::pair<Invocation, int64_t>> NextFinalOp(int thread, Rng& rng) override;

  std::unique_ptr<OpExchange> StartOp(int thread, const Invocation& op) override;
  // send is a plain request; the other ops go through StartOp.
  nlohmann::json Request(const Invocation& op) const override;
  ReplySchema Schema(const Invocation& op) const override;
  absl::StatusOr<Value> OkValue(const Invocation& op, const nlohmann::json& reply) const override;

  void OnCompletion(int thread, int64_t process, const Invocation& op,
                    const Completion& completion) override;

  // Key -> next offset to poll, per thread (tests read it).
  using Positions = std::map<std::string, int64_t>;
  const Positions& positions(int thread);

 private:
  struct FinalState {
    int step = 0;  // 0 crash, 1 assign, then polls
    std::map<std::string, int64_t> waiting;  // key -> target offset not yet polled
  };
  std::string PickKey(Rng& rng, int* slot);
  Invocation Assign(const std::string& key, Rng& rng);
  Positions& ClientOf(int thread);

  int key_count_;
  int max_writes_per_key_;
  double crash_probability_;
  std::vector<int64_t> slots_;          // active keys, oldest first
  int64_t next_key_;
  std::map<std::string, int64_t> writes_;  // sends generated per key
  // Highest offsets of ok sends / ok polls, for widening assigns (trimmed
  // once polls catch up), and of every ok op, for the final phase.
  std::map<std::string, int64_t> sent_, polled_, seen_;
  std::vector<Positions> clients_;      // by thread
  std::vector<FinalState> finals_;      // by thread
};

}  // namespace harness

#endif  // HARNESS_WORKLOADS_KAFKA_WORKLOAD_H_
