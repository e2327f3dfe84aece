#include "harness/elle/txn_models.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace harness::elle {
namespace {

const std::vector<std::string> kCycles = {"G0", "G1c", "G-single", "G-nonadjacent", "G2-item"};

const std::map<std::string, std::set<std::string>>& Table() {
  static const auto* table = [] {
    auto* t = new std::map<std::string, std::set<std::string>>;
    std::set<std::string> ru = {"G0", "duplicate-elements", "cyclic-versions"};
    std::set<std::string> rc = ru;
    rc.insert({"G1a", "G1b", "G1c", "dirty-update", "incompatible-order", "future-read"});
    std::set<std::string> rr = rc;
    rr.insert({"G-single", "G-nonadjacent", "G2-item", "lost-update"});
    std::set<std::string> si = rc;
    si.insert({"internal", "lost-update", "G-single", "G-nonadjacent"});
    std::set<std::string> ser = rr;
    ser.insert(si.begin(), si.end());
    std::set<std::string> strict = ser;
    for (const std::string& c : kCycles) {
      strict.insert(c + "-process");
      strict.insert(c + "-realtime");
    }
    (*t)["read-uncommitted"] = ru;
    (*t)["read-committed"] = rc;
    (*t)["repeatable-read"] = rr;
    (*t)["snapshot-isolation"] = si;
    (*t)["serializable"] = ser;
    (*t)["strict-serializable"] = strict;
    return t;
  }();
  return *table;
}

// m is weaker than (implied by) n.
bool Weaker(const std::string& m, const std::string& n) {
  const auto& t = Table();
  const auto& a = t.at(m);
  const auto& b = t.at(n);
  return m != n && std::includes(b.begin(), b.end(), a.begin(), a.end());
}

}  // namespace

const std::vector<std::string>& TxnModelNames() {
  static const std::vector<std::string> names = {"read-uncommitted", "read-committed",
                                                 "repeatable-read",  "snapshot-isolation",
                                                 "serializable",     "strict-serializable"};
  return names;
}

absl::StatusOr<std::vector<std::string>> ParseTxnModels(const std::string& list) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(list, ',')) {
    std::string name(part);
    if (!name.empty() && name[0] == ':') name.erase(0, 1);  // Clojure keyword spelling
    if (!Table().contains(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown consistency model \"", name,
                       "\"; known: ", absl::StrJoin(TxnModelNames(), ", ")));
    }
    out.push_back(std::move(name));
  }
  return out;
}

std::set<std::string> ProhibitedAnomalies(const std::vector<std::string>& models) {
  std::set<std::string> out;
  for (const std::string& m : models) {
    const auto& p = Table().at(m);
    out.insert(p.begin(), p.end());
  }
  return out;
}

std::pair<std::set<std::string>, std::set<std::string>> RuledOutModels(
    const std::set<std::string>& anomalies) {
  std::set<std::string> out;
  for (const auto& [model, prohibited] : Table()) {
    for (const std::string& a : anomalies) {
      if (prohibited.contains(a)) out.insert(model);
    }
  }
  std::set<std::string> weakest, stronger;
  for (const std::string& m : out) {
    bool has_weaker = false;
    for (const std::string& n : out) has_weaker = has_weaker || Weaker(n, m);
    (has_weaker ? stronger : weakest).insert(m);
  }
  return {weakest, stronger};
}

}  // namespace harness::elle
