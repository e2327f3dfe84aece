#include "nodes/txn/txn_node.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "nodes/txn/micro_op.h"
#include "nodes/txn/wire.h"

namespace txn {
namespace {

using runtime::Json;

Json RenderRead(const ReadValue& value) {
  if (const int64_t* v = std::get_if<int64_t>(&value)) return *v;
  if (const auto* list = std::get_if<std::vector<int64_t>>(&value)) return *list;
  return nullptr;
}

}  // namespace

Json RenderTxn(const std::vector<MicroOp>& ops, const std::vector<ReadValue>& reads) {
  Json out = Json::array();
  for (size_t i = 0; i < ops.size(); ++i) {
    const MicroOp& op = ops[i];
    Json value = op.kind == OpKind::kRead ? RenderRead(reads[i]) : Json(op.value);
    out.push_back(Json::array({OpName(op.kind), op.key, std::move(value)}));
  }
  return out;
}

TxnNode::TxnNode(runtime::Node& node, Options options) : node_(node), options_(options) {
  node_.OnInit([this] { Start(); });
  node_.On("txn", [this](const runtime::Message& m) { HandleTxn(m); });
  node_.On(kSyncType, [this](const runtime::Message& m) { HandleSync(m); });
}

void TxnNode::Start() {
  int self = IndexOf(node_.id());
  if (self < 0) {
    // init without our own id among node_ids: serve alone rather than crash.
    node_.Log(absl::StrCat("node id ", node_.id(), " is not in node_ids; running without peers"));
    store_ = std::make_unique<Store>(0, 1);
  } else {
    store_ = std::make_unique<Store>(self, int(node_.node_ids().size()));
  }
  replicator_ = std::make_unique<Replicator>(*store_, options_);
  if (store_->node_count() > 1) node_.Every(options_.tick, [this] { OnTick(); });
}

int TxnNode::IndexOf(const std::string& id) const {
  const auto& ids = node_.node_ids();
  auto it = std::find(ids.begin(), ids.end(), id);
  return it == ids.end() ? -1 : int(it - ids.begin());
}

void TxnNode::HandleTxn(const runtime::Message& request) {
  if (!store_) throw runtime::RpcError{runtime::Error::Unavailable("not initialized")};
  auto field = request.body.find("txn");
  if (field == request.body.end()) throw runtime::RpcError{runtime::Error::Malformed("field txn must be present")};
  runtime::Result<std::vector<MicroOp>> ops = ParseTxn(*field);
  if (!ops.ok()) throw runtime::RpcError{ops.error()};
  const bool writes = std::any_of(ops->begin(), ops->end(), [](const MicroOp& op) { return op.kind != OpKind::kRead; });
  if (writes && !replicator_->HasRoom()) {
    throw runtime::RpcError{runtime::Error::Unavailable("replication log full; peers unreachable for too long")};
  }
  runtime::Result<Store::Outcome> outcome = store_->Execute(*ops);
  if (!outcome.ok()) throw runtime::RpcError{outcome.error()};
  if (outcome->record) replicator_->Append(std::move(*outcome->record));
  node_.Reply(request, Json{{"type", "txn_ok"}, {"txn", RenderTxn(*ops, outcome->reads)}});
}

void TxnNode::HandleSync(const runtime::Message& message) {
  if (!store_) return;
  const int peer = IndexOf(message.src);
  if (peer < 0 || peer == store_->self() || store_->node_count() == 1) {
    if (dropped_sync_++ < 10) node_.Log(absl::StrCat("dropped txn_sync from unknown node ", message.src));
    return;
  }
  runtime::Result<SyncMessage> sync = DecodeSync(message.body, store_->node_count());
  if (!sync.ok()) {
    if (dropped_sync_++ < 10) node_.Log(absl::StrCat("dropped txn_sync from ", message.src, ": ", sync.error().text));
    return;
  }
  replicator_->Receive(peer, *sync, node_.Now());
}

void TxnNode::OnTick() {
  for (auto& [peer, message] : replicator_->Tick(node_.Now())) {
    node_.Send(node_.node_ids()[size_t(peer)], EncodeSync(message));
  }
}

}  // namespace txn
