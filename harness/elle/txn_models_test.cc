// Proves the model table (txn_models.h): the spec's rows, the list parser,
// and :not / :also-not.
#include "harness/elle/txn_models.h"

#include <catch2/catch.hpp>

namespace harness::elle {
namespace {

TEST_CASE("txn models: prohibited sets follow workloads.md section 8's table") {
  auto ru = ProhibitedAnomalies({"read-uncommitted"});
  CHECK(ru == std::set<std::string>{"G0", "duplicate-elements", "cyclic-versions"});
  auto rc = ProhibitedAnomalies({"read-committed"});
  CHECK(rc.contains("G1a"));
  CHECK(rc.contains("G1c"));
  CHECK_FALSE(rc.contains("G-single"));
  auto si = ProhibitedAnomalies({"snapshot-isolation"});
  CHECK(si.contains("G-single"));
  CHECK_FALSE(si.contains("G2-item"));
  auto ser = ProhibitedAnomalies({"serializable"});
  CHECK(ser.contains("G2-item"));
  CHECK(ser.contains("internal"));
  CHECK_FALSE(ser.contains("G0-realtime"));
  auto strict = ProhibitedAnomalies({"strict-serializable"});
  CHECK(strict.contains("G2-item-realtime"));
  CHECK(strict.contains("G-nonadjacent-process"));
  CHECK(ProhibitedAnomalies({"read-uncommitted", "snapshot-isolation"}) == si);
}

TEST_CASE("txn models: --consistency-models is a comma-separated list of known names") {
  auto ok = ParseTxnModels("read-committed,:serializable");
  REQUIRE(ok.ok());
  CHECK(*ok == std::vector<std::string>{"read-committed", "serializable"});
  CHECK_FALSE(ParseTxnModels("linearizable").ok());
  CHECK_FALSE(ParseTxnModels("").ok());
  CHECK_FALSE(ParseTxnModels("read-committed,").ok());
}

TEST_CASE("txn models: G-single rules out repeatable-read and snapshot-isolation first") {
  auto [weakest, stronger] = RuledOutModels({"G-single"});
  CHECK(weakest == std::set<std::string>{"repeatable-read", "snapshot-isolation"});
  CHECK(stronger == std::set<std::string>{"serializable", "strict-serializable"});
  auto [w2, s2] = RuledOutModels({"G0-realtime"});
  CHECK(w2 == std::set<std::string>{"strict-serializable"});
  CHECK(s2.empty());
}

}  // namespace
}  // namespace harness::elle
