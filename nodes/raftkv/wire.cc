#include "nodes/raftkv/wire.h"

#include <memory>

namespace raftkv {

using runtime::Json;

Json EncodeRaftMessage(const raft::Message& m) {
  Json j = {{"t", static_cast<int>(m.type)},
            {"term", m.term},
            {"i", m.index},
            {"lt", m.log_term},
            {"c", m.commit},
            {"r", m.reject},
            {"h", m.reject_hint},
            {"ct", m.conflict_term},
            {"x", m.context}};
  if (!m.entries.empty()) {
    Json es = Json::array();
    for (const raft::Entry& e : m.entries) {
      es.push_back(Json::array({e.term, e.index, e.data}));
    }
    j["e"] = std::move(es);
  }
  if (m.snapshot != nullptr) {
    j["s"] = Json::array({m.snapshot->index, m.snapshot->term, m.snapshot->data});
  }
  return j;
}

namespace {
// Non-negative integers only; parsed JSON holds them as unsigned, values
// built in memory may hold them as signed.
bool AsU64(const Json& j, uint64_t& out) {
  if (j.is_number_unsigned()) {
    out = j.get<uint64_t>();
    return true;
  }
  if (j.is_number_integer() && j.get<int64_t>() >= 0) {
    out = static_cast<uint64_t>(j.get<int64_t>());
    return true;
  }
  return false;
}
bool U64(const Json& j, const char* name, uint64_t& out) {
  auto it = j.find(name);
  return it != j.end() && AsU64(*it, out);
}
}  // namespace

absl::StatusOr<raft::Message> DecodeRaftMessage(const Json& j) {
  auto bad = [] { return absl::InvalidArgumentError("malformed raft message"); };
  if (!j.is_object()) return bad();
  raft::Message m;
  uint64_t type = 0;
  if (!U64(j, "t", type) ||
      type > static_cast<uint64_t>(raft::MessageType::kReadIndexResp)) {
    return bad();
  }
  m.type = static_cast<raft::MessageType>(type);
  if (!U64(j, "term", m.term) || !U64(j, "i", m.index) ||
      !U64(j, "lt", m.log_term) || !U64(j, "c", m.commit) ||
      !U64(j, "h", m.reject_hint) || !U64(j, "ct", m.conflict_term) ||
      !U64(j, "x", m.context)) {
    return bad();
  }
  auto r = j.find("r");
  if (r == j.end() || !r->is_boolean()) return bad();
  m.reject = r->get<bool>();
  if (auto e = j.find("e"); e != j.end()) {
    if (!e->is_array()) return bad();
    for (const Json& x : *e) {
      raft::Entry entry;
      if (!x.is_array() || x.size() != 3 || !AsU64(x[0], entry.term) ||
          !AsU64(x[1], entry.index) || !x[2].is_string()) {
        return bad();
      }
      entry.data = x[2].get<std::string>();
      m.entries.push_back(std::move(entry));
    }
  }
  if (auto s = j.find("s"); s != j.end()) {
    auto snap = std::make_shared<raft::Snapshot>();
    if (!s->is_array() || s->size() != 3 || !AsU64((*s)[0], snap->index) ||
        !AsU64((*s)[1], snap->term) || !(*s)[2].is_string()) {
      return bad();
    }
    snap->data = (*s)[2].get<std::string>();
    m.snapshot = std::move(snap);
  }
  if (m.type == raft::MessageType::kSnap && m.snapshot == nullptr) return bad();
  // Entries must be contiguous after index, as the core requires.
  for (size_t i = 0; i < m.entries.size(); ++i) {
    if (m.entries[i].index != m.index + 1 + i) return bad();
  }
  return m;
}

}  // namespace raftkv
