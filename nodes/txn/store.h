// Store: one node's replica of every key, and the rules that make a txn
// atomic here and on every replica (the state machine of node-txn, no I/O).
//
// Timestamps. Each node keeps a Lamport clock. A txn that writes anything
// ticks it and stamps all its writes with one Stamp (lamport, origin node
// index), unique per txn; the clock also moves past every stamp and every
// clock value received from a peer. Every replica orders a key's versions by
// stamp, so all replicas converge to one version order per key.
//
// Execute runs a whole txn in one call (the node is single-threaded), so
// locally txns are serial. Its writes become a Record: the origin's next
// sequence number, the stamp's lamport, `deps` (how many records of each
// origin this node had applied when the txn ran), and the writes: the final
// value per register key (a reader never sees an intermediate write, G1b)
// and every append in txn order. Apply installs a peer's record all at once,
// in the origin's sequence order, and only once every record it depended on
// is applied here (causal delivery); a replayed record is a no-op.
//
// Reads differ by data type:
// - Registers (txn-rw-register) read the newest stamp applied here, or the
//   txn's own earlier write. Versions only ever move forward by stamp.
// - Lists (txn-list-append) read only their *stable* prefix: the elements
//   with lamport <= stable(), where stable() is the lowest clock this node
//   knows each peer has passed with all of that peer's earlier records
//   applied here (ObserveClock). No node can ever create an element at or
//   below stable() that is not here already, so each stable prefix is a
//   prefix of the one final order (stamp, position) every replica reaches:
//   reads of a key are always prefix-compatible. The price: with peers, a
//   txn does not see its own appends (they are never stable while it runs),
//   and a node does not see its own recent appends until peers have caught
//   up. A single node (no peers) is stable at once and also shows a txn its
//   own appends. See README.md for the isolation claim this yields.
//
// A key is a register or a list, never both: a txn that would mix them on
// one key is refused (error 12) before any effect.
//
// Thread-safety: none; one node thread.
#ifndef NODES_TXN_STORE_H_
#define NODES_TXN_STORE_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "nodes/txn/micro_op.h"
#include "runtime/result.h"

namespace txn {

struct Stamp {
  int64_t lamport = 0;
  int32_t origin = -1;
  auto operator<=>(const Stamp&) const = default;
};

// One write of a record: kWrite (register) or kAppend (list).
struct Write {
  OpKind kind = OpKind::kWrite;
  int64_t key = 0;
  int64_t value = 0;
  bool operator==(const Write&) const = default;
};

struct Record {
  int64_t seq = 0;            // 1, 2, ... per origin
  int64_t lamport = 0;        // the txn's stamp is (lamport, origin)
  std::vector<int64_t> deps;  // per node index; size == node count
  std::vector<Write> writes;  // non-empty
  bool operator==(const Record&) const = default;
};

// What a read micro-op saw: nothing (null), a register value, or a list.
using ReadValue = std::variant<std::monostate, int64_t, std::vector<int64_t>>;

class Store {
 public:
  // REQUIRES: 0 <= self < node_count.
  Store(int self, int node_count);

  struct Outcome {
    std::vector<ReadValue> reads;  // one per micro-op; monostate for writes
    std::optional<Record> record;  // the txn's writes, if it has any
  };
  // Runs `ops` as one txn and installs its writes. Error 12, with no effect,
  // if it would use a key both as a register and as a list.
  runtime::Result<Outcome> Execute(const std::vector<MicroOp>& ops);

  enum class ApplyStatus { kApplied, kDuplicate, kGap, kBlocked };
  // Installs `record` of `origin` (a peer) if it is that origin's next one
  // and its deps are applied here; kDuplicate if applied before (no-op),
  // kGap if an earlier record of origin is missing, kBlocked if a record of
  // a third node it depends on is missing. Both leave the state unchanged.
  // REQUIRES: origin is a peer index; record.deps.size() == node_count.
  ApplyStatus Apply(int origin, const Record& record);

  // A peer said its clock was `clock` when it had made `upto` records. The
  // Lamport clock moves past it; once all `upto` are applied here, lists may
  // count as stable up to `clock`.
  void ObserveClock(int origin, int64_t clock, int64_t upto);

  int self() const { return self_; }
  int node_count() const { return int(applied_.size()); }
  int64_t clock() const { return clock_; }
  // Lamport value up to which lists are stable here (see above).
  int64_t stable() const;
  // Records of `origin` applied here (for self: records made).
  int64_t applied(int origin) const { return applied_[size_t(origin)]; }
  size_t key_count() const { return registers_.size() + lists_.size(); }

  // Introspection for tests and the README's claims.
  std::optional<int64_t> Register(int64_t key) const;
  std::vector<int64_t> List(int64_t key, bool stable_only) const;

 private:
  struct Version {
    int64_t value = 0;
    Stamp stamp;
  };
  struct Element {
    Stamp stamp;
    int32_t pos = 0;  // index of the write within its record
    int64_t value = 0;
    auto Order() const { return std::make_tuple(stamp, pos); }
  };

  runtime::Result<void> CheckKinds(const std::vector<MicroOp>& ops) const;
  void Install(const Record& record, int origin);
  std::vector<int64_t> StablePrefix(int64_t key) const;

  int self_;
  int64_t clock_ = 0;
  std::vector<int64_t> applied_;     // per origin
  std::vector<int64_t> peer_clock_;  // per origin: a clock it passed, its records applied
  absl::flat_hash_map<int64_t, Version> registers_;
  absl::flat_hash_map<int64_t, std::vector<Element>> lists_;  // sorted by Order()
};

}  // namespace txn

#endif  // NODES_TXN_STORE_H_
