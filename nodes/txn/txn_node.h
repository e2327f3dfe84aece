// TxnNode: Gossip Glomers challenge 6 (txn-rw-register, txn-list-append) as
// handlers on a runtime::Node. Totally available: every well-formed txn is
// answered txn_ok at once from this node's replica (store.h), whatever the
// network does; its writes reach the peers later (replicator.h).
//
// Client request:  {"type":"txn","txn":[["r",1,null],["w",1,6]]}
// Reply:           {"type":"txn_ok","txn":[["r",1,3],["w",1,6]]}
// A bad txn gets error 10 (unknown micro-op function) or 12 (anything else
// malformed, or a key used both as register and list) with no effect; a
// writing txn gets error 11 only when the replication log is full
// (options.h). Peer messages (wire.h) that do not decode, or come from a
// node outside init's node_ids, are logged and dropped whole.
//
// Ownership: the TxnNode must outlive the Node's event loop. State is
// created at init (node ids are known only then).
#ifndef NODES_TXN_TXN_NODE_H_
#define NODES_TXN_TXN_NODE_H_

#include <memory>
#include <string>
#include <vector>

#include "nodes/txn/options.h"
#include "nodes/txn/replicator.h"
#include "nodes/txn/store.h"
#include "runtime/node.h"

namespace txn {

// The reply's txn array: the request's micro-ops with reads filled in.
runtime::Json RenderTxn(const std::vector<MicroOp>& ops, const std::vector<ReadValue>& reads);

class TxnNode {
 public:
  TxnNode(runtime::Node& node, Options options);

  // Null before init.
  const Store* store() const { return store_.get(); }
  const Replicator* replicator() const { return replicator_.get(); }

 private:
  void Start();
  void HandleTxn(const runtime::Message& request);
  void HandleSync(const runtime::Message& message);
  void OnTick();
  int IndexOf(const std::string& id) const;

  runtime::Node& node_;
  Options options_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Replicator> replicator_;
  int64_t dropped_sync_ = 0;
};

}  // namespace txn

#endif  // NODES_TXN_TXN_NODE_H_
