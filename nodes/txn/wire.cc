#include "nodes/txn/wire.h"

#include "absl/strings/str_cat.h"

namespace txn {
namespace {

using runtime::Error;
using runtime::Json;

bool ReadCount(const Json& v, int64_t* out) {
  if (!v.is_number_integer()) return false;
  if (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX)) return false;
  *out = v.get<int64_t>();
  return true;
}

bool ReadNonNegative(const Json& v, int64_t* out) { return ReadCount(v, out) && *out >= 0; }

runtime::Result<Write> DecodeWrite(const Json& w) {
  if (!w.is_array() || w.size() != 3 || !w[0].is_string()) return Error::Malformed("write must be [f, k, v]");
  Write out;
  const std::string& f = w[0].get_ref<const std::string&>();
  if (f == "w") {
    out.kind = OpKind::kWrite;
  } else if (f == "append") {
    out.kind = OpKind::kAppend;
  } else {
    return Error::Malformed(absl::StrCat("unknown write function ", f));
  }
  if (!ReadCount(w[1], &out.key) || !ReadCount(w[2], &out.value)) {
    return Error::Malformed("write key and value must be integers");
  }
  return out;
}

runtime::Result<Record> DecodeRecord(const Json& r, int node_count) {
  if (!r.is_array() || r.size() != 4) return Error::Malformed("record must be [seq, lamport, deps, writes]");
  Record out;
  if (!ReadCount(r[0], &out.seq) || out.seq < 1) return Error::Malformed("record seq must be >= 1");
  if (!ReadCount(r[1], &out.lamport) || out.lamport < 1) return Error::Malformed("record lamport must be >= 1");
  if (!r[2].is_array() || r[2].size() != size_t(node_count)) {
    return Error::Malformed(absl::StrCat("record deps must list ", node_count, " counts"));
  }
  for (const Json& d : r[2]) {
    int64_t dep = 0;
    if (!ReadNonNegative(d, &dep)) return Error::Malformed("record deps must be counts");
    out.deps.push_back(dep);
  }
  if (!r[3].is_array() || r[3].empty()) return Error::Malformed("record writes must be a non-empty array");
  for (const Json& w : r[3]) {
    runtime::Result<Write> write = DecodeWrite(w);
    if (!write.ok()) return write.error();
    out.writes.push_back(*write);
  }
  return out;
}

}  // namespace

Json EncodeSync(const SyncMessage& message) {
  Json recs = Json::array();
  for (const Record& r : message.records) {
    Json writes = Json::array();
    for (const Write& w : r.writes) writes.push_back(Json::array({OpName(w.kind), w.key, w.value}));
    recs.push_back(Json::array({r.seq, r.lamport, r.deps, std::move(writes)}));
  }
  return Json{{"type", kSyncType},
              {"clock", message.clock},
              {"upto", message.upto},
              {"ack", message.ack},
              {"recs", std::move(recs)}};
}

runtime::Result<SyncMessage> DecodeSync(const Json& body, int node_count) {
  if (!body.is_object()) return Error::Malformed("txn_sync body must be an object");
  SyncMessage out;
  const char* counts[] = {"clock", "upto", "ack"};
  int64_t* targets[] = {&out.clock, &out.upto, &out.ack};
  for (int i = 0; i < 3; ++i) {
    auto it = body.find(counts[i]);
    if (it == body.end() || !ReadNonNegative(*it, targets[i])) {
      return Error::Malformed(absl::StrCat("txn_sync field ", counts[i], " must be a count"));
    }
  }
  auto recs = body.find("recs");
  if (recs == body.end() || !recs->is_array()) return Error::Malformed("txn_sync field recs must be an array");
  for (const Json& r : *recs) {
    runtime::Result<Record> record = DecodeRecord(r, node_count);
    if (!record.ok()) return record.error();
    out.records.push_back(std::move(*record));
  }
  return out;
}

}  // namespace txn
