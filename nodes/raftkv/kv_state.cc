#include "nodes/raftkv/kv_state.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "nodes/raftkv/raft/check.h"

namespace raftkv {

namespace {

// "<origin>/<seq>" -> (origin, seq); false if malformed.
bool SplitRequestId(const std::string& id, std::string* origin, uint64_t* seq) {
  size_t slash = id.rfind('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 >= id.size()) return false;
  *origin = id.substr(0, slash);
  return absl::SimpleAtoi(id.substr(slash + 1), seq);
}

Json ResultJson(const runtime::Result<Json>& r) {
  if (r.ok()) return *r;
  return Json{{"error", r.error().code}, {"text", r.error().text}};
}

runtime::Result<Json> FromResultJson(const Json& j) {
  if (j.contains("error")) return runtime::Error{j["error"].get<int>(), j.value("text", "")};
  return j;
}

}  // namespace

std::string KvState::MakeWrite(const Json& key, const Json& value, const std::string& request_id) {
  Json c{{"op", "write"}, {"k", key}, {"v", value}};
  if (!request_id.empty()) c["r"] = request_id;
  return c.dump();
}

std::string KvState::MakeCas(const Json& key, const Json& from, const Json& to,
                             const std::string& request_id) {
  Json c{{"op", "cas"}, {"k", key}, {"f", from}, {"t", to}};
  if (!request_id.empty()) c["r"] = request_id;
  return c.dump();
}

runtime::Result<Json> KvState::Apply(const std::string& command) {
  Json c = Json::parse(command, nullptr, /*allow_exceptions=*/false);
  RAFT_CHECK(c.is_object());
  RAFT_CHECK(c.contains("op") && c.contains("k"));
  ++applies_;
  std::string origin_id;
  uint64_t seq = 0;
  if (!c.contains("r") || !c["r"].is_string() ||
      !SplitRequestId(c["r"].get<std::string>(), &origin_id, &seq)) {
    return ApplyOnce(c);
  }
  Origin& origin = origins_[origin_id];
  origin.last_applied = applies_;
  if (auto it = origin.results.find(seq); it != origin.results.end()) return FromResultJson(it->second);
  runtime::Result<Json> r = ApplyOnce(c);
  origin.results[seq] = ResultJson(r);
  if (origin.results.size() > kDedupWindow) origin.results.erase(origin.results.begin());
  if (origins_.size() > kMaxOrigins) {
    auto oldest = origins_.begin();
    for (auto it = origins_.begin(); it != origins_.end(); ++it) {
      if (it->second.last_applied < oldest->second.last_applied) oldest = it;
    }
    origins_.erase(oldest);
  }
  return r;
}

runtime::Result<Json> KvState::ApplyOnce(const Json& c) {
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

// {"kv": [[k, v], ...], "origins": {origin: [last_applied, [[seq, result], ...]]},
// "applies": n}; an older snapshot is the bare [[k, v], ...] array.
std::string KvState::Serialize() const {
  Json pairs = Json::array();
  for (const auto& [k, v] : map_) pairs.push_back(Json::array({k, v}));
  Json origins = Json::object();
  for (const auto& [id, o] : origins_) {
    Json results = Json::array();
    for (const auto& [seq, r] : o.results) results.push_back(Json::array({seq, r}));
    origins[id] = Json::array({o.last_applied, std::move(results)});
  }
  return Json{{"kv", std::move(pairs)}, {"origins", std::move(origins)}, {"applies", applies_}}.dump();
}

absl::Status KvState::Restore(const std::string& data) {
  Json whole = Json::parse(data, nullptr, /*allow_exceptions=*/false);
  std::map<std::string, Origin> origins;
  uint64_t applies = 0;
  Json pairs = whole;
  if (whole.is_object()) {
    if (!whole.contains("kv") || !whole["kv"].is_array()) return absl::DataLossError("snapshot has no kv");
    pairs = whole["kv"];
    applies = whole.value("applies", uint64_t{0});
    if (whole.contains("origins") && whole["origins"].is_object()) {
      for (const auto& [id, o] : whole["origins"].items()) {
        if (!o.is_array() || o.size() != 2 || !o[0].is_number_unsigned() || !o[1].is_array()) {
          return absl::DataLossError("bad snapshot origin");
        }
        Origin& origin = origins[id];
        origin.last_applied = o[0].get<uint64_t>();
        for (const Json& r : o[1]) {
          if (!r.is_array() || r.size() != 2 || !r[0].is_number_unsigned()) {
            return absl::DataLossError("bad snapshot result");
          }
          origin.results[r[0].get<uint64_t>()] = r[1];
        }
      }
    }
  }
  if (!pairs.is_array()) return absl::DataLossError("snapshot is not an array");
  std::map<std::string, Json> m;
  for (const Json& p : pairs) {
    if (!p.is_array() || p.size() != 2 || !p[0].is_string()) {
      return absl::DataLossError("bad snapshot pair");
    }
    m[p[0].get<std::string>()] = p[1];
  }
  map_ = std::move(m);
  origins_ = std::move(origins);
  applies_ = applies;
  return absl::OkStatus();
}

}  // namespace raftkv
