#include "harness/store/store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace harness {

namespace fs = std::filesystem;

std::string StoreTimestamp(int64_t unix_ms) {
  time_t secs = static_cast<time_t>(unix_ms / 1000);
  struct tm tm;
  gmtime_r(&secs, &tm);
  return absl::StrFormat("%04d%02d%02dT%02d%02d%02d.%03d+0000", tm.tm_year + 1900, tm.tm_mon + 1,
                         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                         static_cast<int>(unix_ms % 1000));
}

absl::StatusOr<std::string> CreateRunDir(const std::string& root, const std::string& workload) {
  std::error_code ec;
  fs::create_directories(fs::path(root) / workload, ec);
  if (ec) return absl::FailedPreconditionError(absl::StrCat("cannot create ", root, ": ", ec.message()));
  int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  // mkdir fails on an existing directory, so two runs in the same
  // millisecond (parallel tests) take distinct names.
  for (int attempt = 0; attempt < 1000; ++attempt, ++ms) {
    fs::path dir = fs::path(root) / workload / StoreTimestamp(ms);
    if (mkdir(dir.c_str(), 0755) == 0) {
      fs::create_directories(dir / "node-logs", ec);
      if (ec) return absl::FailedPreconditionError(absl::StrCat("cannot create ", dir.string()));
      return dir.string();
    }
    if (errno != EEXIST) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot create ", dir.string(), ": ", strerror(errno)));
    }
  }
  return absl::FailedPreconditionError("no free run directory name");
}

namespace {
absl::Status Relink(const fs::path& link, const fs::path& target) {
  fs::path tmp = link;
  tmp += absl::StrCat(".tmp", getpid());
  std::error_code ec;
  fs::remove(tmp, ec);
  fs::create_symlink(target, tmp, ec);
  if (ec) return absl::FailedPreconditionError(absl::StrCat("cannot link ", link.string()));
  fs::rename(tmp, link, ec);  // atomic replacement of the old link
  if (ec) return absl::FailedPreconditionError(absl::StrCat("cannot link ", link.string()));
  return absl::OkStatus();
}
}  // namespace

absl::Status UpdateLatestLinks(const std::string& root, const std::string& workload,
                               const std::string& run_dir) {
  fs::path name = fs::path(run_dir).filename();
  if (auto s = Relink(fs::path(root) / workload / "latest", name); !s.ok()) return s;
  if (auto s = Relink(fs::path(root) / "latest", fs::path(workload) / name); !s.ok()) return s;
  return Relink(fs::path(root) / "current", fs::path(workload) / name);
}

absl::Status WriteTextFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) return absl::FailedPreconditionError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

absl::Status WriteHistory(const std::string& dir, const History& history) {
  std::string edn, txt;
  for (const Op& op : history) {
    absl::StrAppend(&edn, OpToEdn(op), "\n");
    absl::StrAppend(&txt, OpToText(op), "\n");
  }
  if (auto s = WriteTextFile(absl::StrCat(dir, "/history.edn"), edn); !s.ok()) return s;
  return WriteTextFile(absl::StrCat(dir, "/history.txt"), txt);
}

absl::Status WriteJournal(const std::string& path, const Journal& journal) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (const JournalEvent& e : journal) {
    out << e.time_ns << (e.kind == JournalEvent::Kind::kSend ? " send " : " recv ") << e.message_id
        << ' ' << e.src << ' ' << e.dest << '\n';
  }
  out.close();
  if (!out) return absl::FailedPreconditionError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::StatusOr<Journal> ReadJournal(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  Journal journal;
  std::string line;
  int64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::istringstream fields(line);
    JournalEvent e;
    std::string kind;
    if (!(fields >> e.time_ns >> kind >> e.message_id >> e.src >> e.dest) ||
        (kind != "send" && kind != "recv")) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", line_no, ": bad journal line"));
    }
    e.kind = kind == "send" ? JournalEvent::Kind::kSend : JournalEvent::Kind::kRecv;
    journal.push_back(std::move(e));
  }
  return journal;
}

nlohmann::json RunJson(const TestOptions& o, const RunFacts& facts) {
  nlohmann::json j;
  j["workload"] = o.workload;
  j["bin"] = o.bin;
  j["node_args"] = o.node_args;
  j["nodes"] = o.nodes;
  j["concurrency"] = o.concurrency;
  j["time_limit_s"] = o.time_limit_s;
  j["rate"] = o.rate;
  j["latency_ms"] = o.latency.mean_ms;
  j["latency_dist"] = std::string(LatencyDistName(o.latency.dist));
  j["nemesis"] = o.nemesis;
  j["nemesis_interval_s"] = o.nemesis_interval_s;
  if (!o.nemesis_targets.empty()) j["nemesis_targets"] = o.nemesis_targets;
  j["topology"] = o.topology;
  j["seed"] = o.seed;
  j["consistency_models"] = o.consistency_models;
  if (o.key_count) j["key_count"] = *o.key_count;
  j["max_txn_length"] = o.max_txn_length;
  j["max_writes_per_key"] = o.max_writes_per_key;
  j["test_count"] = o.test_count;
  j["log_stderr"] = o.log_stderr;
  j["log_net_send"] = o.log_net_send;
  j["log_net_recv"] = o.log_net_recv;
  if (o.availability) j["availability"] = *o.availability;
  j["availability_total"] = o.availability_total;
  j["late_replies"] = facts.late_replies;
  j["protocol_violations"] = facts.protocol_violations;
  return j;
}

absl::StatusOr<RunFacts> RunFactsFromJson(const nlohmann::json& j) {
  try {
    RunFacts f;
    f.workload = j.at("workload").get<std::string>();
    f.consistency_models = j.value("consistency_models", f.consistency_models);
    if (j.contains("availability")) f.availability = j.at("availability").get<double>();
    f.availability_total = j.value("availability_total", false);
    f.late_replies = j.value("late_replies", int64_t{0});
    f.protocol_violations = j.value("protocol_violations", std::vector<std::string>{});
    return f;
  } catch (const nlohmann::json::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("run.json: ", e.what()));
  }
}

namespace {

// Moves every :linear-svg string under results[:workload][:results][key]
// out of the value; returns (key text, svg) pairs.
std::vector<std::pair<std::string, std::string>> TakeSvgs(Value& results) {
  std::vector<std::pair<std::string, std::string>> svgs;
  if (!results.is_map()) return svgs;
  const Value* workload = results.FindKeyword("workload");
  if (workload == nullptr || !workload->is_map()) return svgs;
  const Value* per_key = workload->FindKeyword("results");
  if (per_key == nullptr || !per_key->is_map()) return svgs;
  std::vector<std::pair<Value, Value>> new_per_key;
  for (size_t i = 0; i < per_key->map_size(); ++i) {
    const Value& key_result = per_key->map_value(i);
    if (!key_result.is_map()) {
      new_per_key.emplace_back(per_key->map_key(i), key_result);
      continue;
    }
    std::vector<std::pair<Value, Value>> kept;
    for (size_t k = 0; k < key_result.map_size(); ++k) {
      const Value& name = key_result.map_key(k);
      const Value& v = key_result.map_value(k);
      if (name.is_keyword() && name.as_string() == "linear-svg" && v.is_string()) {
        const Value& key = per_key->map_key(i);
        svgs.emplace_back(key.is_string() ? key.as_string() : key.ToEdn(), v.as_string());
      } else {
        kept.emplace_back(name, v);
      }
    }
    new_per_key.emplace_back(per_key->map_key(i), Value::Map(std::move(kept)));
  }
  auto rebuild = [](const Value& map, const char* keyword, Value replacement) {
    std::vector<std::pair<Value, Value>> entries;
    for (size_t i = 0; i < map.map_size(); ++i) {
      const Value& k = map.map_key(i);
      if (k.is_keyword() && k.as_string() == keyword) {
        entries.emplace_back(k, replacement);
      } else {
        entries.emplace_back(k, map.map_value(i));
      }
    }
    return Value::Map(std::move(entries));
  };
  Value new_workload = rebuild(*workload, "results", Value::Map(std::move(new_per_key)));
  results = rebuild(results, "workload", std::move(new_workload));
  return svgs;
}

std::string SafeDirName(std::string s) {
  for (char& c : s) {
    if (c == '/' || c == '\0') c = '_';
  }
  if (s.empty() || s == "." || s == "..") s = "_" + s;
  return s;
}

}  // namespace

absl::Status WriteResults(const std::string& dir, Analysis& analysis) {
  for (auto& [key, svg] : TakeSvgs(analysis.results)) {
    fs::path key_dir = fs::path(dir) / "independent" / SafeDirName(key);
    std::error_code ec;
    fs::create_directories(key_dir, ec);
    if (ec) return absl::FailedPreconditionError(absl::StrCat("cannot create ", key_dir.string()));
    if (auto s = WriteTextFile((key_dir / "linear.svg").string(), svg); !s.ok()) return s;
  }
  if (auto s = WriteTextFile(absl::StrCat(dir, "/results.edn"), analysis.results.ToEdn() + "\n");
      !s.ok()) {
    return s;
  }
  return WriteTextFile(absl::StrCat(dir, "/results.json"),
                       analysis.results.ToJson().dump(2, ' ', false,
                                                      nlohmann::json::error_handler_t::replace) +
                           "\n");
}

}  // namespace harness
