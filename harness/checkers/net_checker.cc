#include "harness/checkers/net_checker.h"

#include <algorithm>
#include <vector>

#include "harness/checkers/checker_util.h"

namespace harness {
namespace {

struct NetCounts {
  int64_t sends = 0;
  int64_t recvs = 0;
  std::vector<int64_t> ids;  // one per event; deduplicated in MessageCount

  void Count(const JournalEvent& e) {
    (e.kind == JournalEvent::Kind::kSend ? sends : recvs) += 1;
    ids.push_back(e.message_id);
  }

  int64_t MessageCount() {
    std::sort(ids.begin(), ids.end());
    return std::unique(ids.begin(), ids.end()) - ids.begin();
  }

  // ops == 0: no :msgs-per-op (Maelstrom adds it only when there are ops).
  Value ToValue(bool with_per_op, int64_t ops) {
    int64_t msgs = MessageCount();
    MapBuilder b;
    b.Add("send-count", Value::Int(sends))
        .Add("recv-count", Value::Int(recvs))
        .Add("msg-count", Value::Int(msgs));
    if (with_per_op && ops > 0) {
      b.Add("msgs-per-op", Value::Double(static_cast<double>(msgs) / static_cast<double>(ops)));
    }
    return b.Build();
  }
};

}  // namespace

CheckResult CheckNet(const History& history, const Journal& journal) {
  NetCounts all, clients, servers;
  for (const JournalEvent& e : journal) {
    all.Count(e);
    (IsClientId(e.src) || IsClientId(e.dest) ? clients : servers).Count(e);
  }
  int64_t ops = std::count_if(history.begin(), history.end(), [](const Op& op) {
    return op.is_client() && op.type == OpType::kInvoke;
  });
  CheckResult result;
  result.details = MapBuilder()
                       .Add("all", all.ToValue(true, ops))
                       .Add("clients", clients.ToValue(false, ops))
                       .Add("servers", servers.ToValue(true, ops))
                       .Add("valid?", Value::Bool(true))
                       .Build();
  return result;
}

}  // namespace harness
