// Version orders and the non-cycle anomalies of txn histories (internal to
// the txn checker; txn_check.h is the interface).
//
// list-append: each key's order is its longest read, every other read must
// be a prefix of it (else incompatible-order); consecutive elements are
// version edges, and nil (the empty list) precedes the first.
//
// rw-register: only partial orders can be inferred. Each inference, and
// why it is sound:
//  (a) nil precedes every written value: every key starts absent, so the
//      initial version comes first in any version order.
//  (b) writes follow reads (Elle 0.2.2's :wfr-keys?): an :ok txn that read
//      k = r (not its own write) and later wrote k = w puts r before w. A
//      txn installs its write when it commits, after the version it read
//      was installed, under any model whose reads see installed versions
//      (read-committed and up; Elle assumes it for every model, and so
//      does this checker, as Maelstrom's results do).
//  (c) real time (only when a -realtime anomaly is prohibited, i.e. under
//      strict-serializable): if W (:ok) wrote k = b and completed before T
//      was invoked, then b precedes what T read of k (unless T read b) and
//      b precedes what T wrote to k. Strict serializability orders W before
//      T, so T's read of k sees the latest version before T, which is b or
//      later, and T's write comes after b. These are kept apart (rt_edges):
//      a cycle that needs one is reported with the -realtime suffix, since
//      only a model that forbids -realtime anomalies rules it out.
// Keeping to a frontier per key (writers none of which completed before
// another of them began), (c) adds O(concurrency) edges per op.
// Nothing else is inferred: a blind write's place in the order is unknown,
// so G0 between txns that only write (a dirty write) shows only through
// (b) or (c) (harness/README.md, "What stays invisible").
#ifndef HARNESS_ELLE_TXN_VERSIONS_H_
#define HARNESS_ELLE_TXN_VERSIONS_H_

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "harness/elle/txn_history.h"
#include "harness/history/value.h"

namespace harness::elle {

inline constexpr int64_t kNil = std::numeric_limits<int64_t>::min();

using KeyValue = std::pair<int64_t, int64_t>;

struct VersionEdge {
  int64_t key;
  int64_t from;  // a value or kNil
  int64_t to;
  int witness = -1;  // (c): the txn whose invocation ordered them
};

struct Found {  // one non-cycle anomaly
  std::string name;
  Value detail;
  std::string line;
};

struct Versions {
  struct Writer {
    int txn;
    bool final;  // the txn's last write (append) to the key
  };
  absl::flat_hash_map<KeyValue, Writer> writers;
  // Reads of other txns' writes: (key, value read; the last element for a
  // list, kNil for nil or empty) -> the reading txns.
  absl::flat_hash_map<KeyValue, std::vector<int>> readers;
  std::vector<VersionEdge> edges;     // (a), (b); list-append's orders
  std::vector<VersionEdge> rt_edges;  // (c)
  std::vector<Found> found;
};

// The op as a result quotes it: {:index :type :process :f :txn :value}.
Value TxnOpValue(const Txn& t);

// REQUIRES: h outlives nothing (results are copied). `realtime`: add (c).
Versions RwRegisterVersions(const TxnHistory& h, bool realtime);
Versions ListAppendVersions(const TxnHistory& h);

}  // namespace harness::elle

#endif  // HARNESS_ELLE_TXN_VERSIONS_H_
