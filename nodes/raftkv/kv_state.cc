#include "nodes/raftkv/kv_state.h"

#include "absl/strings/str_cat.h"
#include "nodes/raftkv/raft/check.h"

namespace raftkv {

std::string KvState::MakeWrite(const Json& key, const Json& value) {
  return Json{{"op", "write"}, {"k", key}, {"v", value}}.dump();
}

std::string KvState::MakeCas(const Json& key, const Json& from, const Json& to) {
  return Json{{"op", "cas"}, {"k", key}, {"f", from}, {"t", to}}.dump();
}

runtime::Result<Json> KvState::Apply(const std::string& command) {
  Json c = Json::parse(command, nullptr, /*allow_exceptions=*/false);
  RAFT_CHECK(c.is_object());
  RAFT_CHECK(c.contains("op") && c.contains("k"));
  const std::string key = c["k"].dump();
  if (c["op"] == "write") {
    map_[key] = c["v"];
    return Json{{"type", "write_ok"}};
  }
  RAFT_CHECK(c["op"] == "cas");
  auto it = map_.find(key);
  if (it == map_.end()) return runtime::Error::KeyDoesNotExist();
  if (it->second != c["f"]) {
    return runtime::Error::PreconditionFailed(absl::StrCat(
        "current value ", it->second.dump(), " is not ", c["f"].dump()));
  }
  it->second = c["t"];
  return Json{{"type", "cas_ok"}};
}

runtime::Result<Json> KvState::Read(const Json& key) const {
  auto it = map_.find(key.dump());
  if (it == map_.end()) return runtime::Error::KeyDoesNotExist();
  return Json{{"type", "read_ok"}, {"value", it->second}};
}

std::string KvState::Serialize() const {
  Json pairs = Json::array();
  for (const auto& [k, v] : map_) pairs.push_back(Json::array({k, v}));
  return pairs.dump();
}

absl::Status KvState::Restore(const std::string& data) {
  Json pairs = Json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!pairs.is_array()) return absl::DataLossError("snapshot is not an array");
  std::map<std::string, Json> m;
  for (const Json& p : pairs) {
    if (!p.is_array() || p.size() != 2 || !p[0].is_string()) {
      return absl::DataLossError("bad snapshot pair");
    }
    m[p[0].get<std::string>()] = p[1];
  }
  map_ = std::move(m);
  return absl::OkStatus();
}

}  // namespace raftkv
