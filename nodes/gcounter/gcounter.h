// Grow-only counter (Gossip Glomers challenge 4) kept in seq-kv.
//
// seq-kv, not memory, is the source of truth. Each node owns the key
// "counter-<node id>" and is its only writer, so no two nodes ever race on
// a key. Client RPCs: add {delta} -> add_ok, read -> read_ok {value}.
//
// add: deltas wait in `pending` and are coalesced into the next write; one
// write is in flight at a time: cas(own key, from = the value we know is
// stored, to = from + pending, create_if_not_exists). add_ok goes out only
// when the cas carrying that delta is known to have applied. While a cas
// is in doubt (timeout), it is retried with the *same* from and to, never a
// new `to`: copies of it may still be in the network, and at most one copy
// can apply (after it, the value is no longer `from`), so whatever arrives
// late can neither apply twice nor overwrite a later total. A failed cas
// (22) means an earlier copy applied, or we saw a stale state: read the key
// and commit if it holds `to`, otherwise retry the cas.
//
// read: first a write of a never-used value to this node's scratch key
// "scratch-<node id>". Such a write always changes seq-kv's state, which
// moves this node's view to the newest state (harness/docs/services.md), so
// the reads that follow see every cas applied before it, and so every add
// acknowledged before this read began. Then read every other node's key
// (absent = 0) and add this node's own total from local knowledge.
//
// Restart: a node starts by the same scratch write and then reads its own
// key, so it continues from the stored total. Adds arriving meanwhile wait.
//
// Bounds: at most max_waiting_adds adds wait for a write and at most
// max_reads reads are in progress; beyond them the node answers error 11.
#ifndef NODES_GCOUNTER_GCOUNTER_H_
#define NODES_GCOUNTER_GCOUNTER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/kv_client.h"
#include "runtime/node.h"

namespace gcounter {

struct Options {
  runtime::Duration kv_timeout = std::chrono::milliseconds(1000);
  runtime::Duration retry_delay = std::chrono::milliseconds(50);
  runtime::Duration read_deadline = std::chrono::milliseconds(4000);  // then error 11, before the client's 5 s
  size_t max_waiting_adds = 100000;
  size_t max_reads = 1000;
};

std::string CounterKey(const std::string& node_id);
std::string ScratchKey(const std::string& node_id);

class GCounterNode {
 public:
  GCounterNode(runtime::Node& node, Options options);

  bool recovered() const { return recovered_; }
  // The total this node knows is stored under its key.
  int64_t stored_total() const { return stored_; }
  bool write_in_flight() const { return attempt_.has_value(); }

 private:
  struct Attempt {
    int64_t from = 0;
    int64_t to = 0;
    std::vector<runtime::Message> adds;  // answered when this cas applies
  };
  struct ReadJob;

  void HandleAdd(const runtime::Message& request);
  void HandleRead(const runtime::Message& request);

  void Recover();
  void OnRecoverRead(runtime::Result<runtime::Json> value);
  void StartWrite();
  void SendAttempt();
  void OnCas(runtime::Result<void> result);
  void OnResolveRead(runtime::Result<runtime::Json> value);
  void Commit();
  void RetryAttemptLater();

  // Read pipeline: scratch write, then one read per key.
  void SyncThenRead(std::shared_ptr<ReadJob> job);
  void ReadKey(std::shared_ptr<ReadJob> job, std::string key);
  void FinishRead(const std::shared_ptr<ReadJob>& job, bool ok);
  std::string NextScratchValue();

  runtime::Node& node_;
  Options options_;
  runtime::KvClient kv_;
  bool recovered_ = false;
  int64_t stored_ = 0;   // value of our key in seq-kv, as last confirmed
  int64_t pending_ = 0;  // sum of deltas not yet in an attempt
  std::vector<runtime::Message> waiting_adds_;
  std::optional<Attempt> attempt_;
  uint64_t boot_nonce_ = 0;
  int64_t scratch_seq_ = 0;
  size_t reads_in_progress_ = 0;
};

}  // namespace gcounter

#endif  // NODES_GCOUNTER_GCOUNTER_H_
