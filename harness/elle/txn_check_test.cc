// Proves the txn checker (txn_check.h) on hand-made histories: each anomaly
// it claims is caught, by name, in a history built to show exactly it, and
// the models that allow it let the same history pass. Histories are EDN,
// one op a line, as Jepsen writes them; :index is the position.
#include "harness/elle/txn_check.h"

#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "harness/elle/cycle_svg.h"

namespace harness::elle {
namespace {

// "p type t value" per line, e.g. "0 invoke 0 [[:w 1 1]]".
History Parse(const std::string& text) {
  std::string edn;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipWhitespace())) {
    std::vector<std::string> w = absl::StrSplit(line, absl::MaxSplits(' ', 3));
    REQUIRE(w.size() == 4);
    absl::StrAppend(&edn, "{:process ", w[0], " :type :", w[1], " :time ", w[2],
                    "000000 :f :txn :value ", w[3], "}\n");
  }
  auto h = HistoryFromEdn(edn);
  REQUIRE(h.ok());
  return *h;
}

bool Has(const TxnCheckOutput& out, const std::string& anomaly) {
  const Value* types = out.result.details.FindKeyword("anomaly-types");
  if (types == nullptr) return false;
  for (const Value& t : types->items()) {
    if (t.as_string() == anomaly) return true;
  }
  return false;
}

TxnCheckOutput Check(const std::string& text, bool list_append, std::vector<std::string> models,
                     int64_t max_steps = 5'000'000) {
  TxnCheckOptions o;
  o.list_append = list_append;
  o.models = std::move(models);
  o.max_steps = max_steps;
  return CheckTxn(Parse(text), o);
}

struct Case {
  const char* name;
  bool list_append;
  std::vector<std::string> models;
  const char* history;
  const char* anomaly;  // expected among :anomaly-types; "" = valid
  Validity valid;
};

// Two writers interleave on keys 1 and 2 (dirty write); a later reader sees
// the interleaving.
constexpr const char* kDirtyWriteAppend = R"(
0 invoke 0 [[:append 1 1] [:append 2 1]]
1 invoke 1 [[:append 1 2] [:append 2 2]]
0 ok 5 [[:append 1 1] [:append 2 1]]
1 ok 6 [[:append 1 2] [:append 2 2]]
2 invoke 10 [[:r 1 nil] [:r 2 nil]]
2 ok 11 [[:r 1 [1 2]] [:r 2 [2 1]]]
)";
constexpr const char* kDirtyWriteRw = R"(
0 invoke 0 [[:w 1 1] [:w 2 1]]
1 invoke 1 [[:w 1 2] [:w 2 2]]
0 ok 5 [[:w 1 1] [:w 2 1]]
1 ok 6 [[:w 1 2] [:w 2 2]]
2 invoke 10 [[:r 1 nil] [:r 2 nil]]
2 ok 11 [[:r 1 2] [:r 2 1]]
)";
// The same dirty write, exposed by writes-follow-reads alone.
constexpr const char* kDirtyWriteWfr = R"(
0 invoke 0 [[:w 1 1] [:r 2 nil] [:w 2 1]]
1 invoke 1 [[:r 1 nil] [:w 1 2] [:w 2 2]]
0 ok 5 [[:w 1 1] [:r 2 2] [:w 2 1]]
1 ok 6 [[:r 1 1] [:w 1 2] [:w 2 2]]
)";
constexpr const char* kAbortedRead = R"(
0 invoke 0 [[:w 1 1]]
0 fail 1 [[:w 1 1]]
1 invoke 2 [[:r 1 nil]]
1 ok 3 [[:r 1 1]]
)";
constexpr const char* kIntermediateRead = R"(
0 invoke 0 [[:append 1 1] [:append 1 2]]
0 ok 1 [[:append 1 1] [:append 1 2]]
1 invoke 2 [[:r 1 nil]]
1 ok 3 [[:r 1 [1]]]
)";
constexpr const char* kIntermediateReadRw = R"(
0 invoke 0 [[:w 1 1] [:w 1 2]]
0 ok 1 [[:w 1 1] [:w 1 2]]
1 invoke 2 [[:r 1 nil]]
1 ok 3 [[:r 1 1]]
)";
constexpr const char* kCircularFlow = R"(
0 invoke 0 [[:w 1 1] [:r 2 nil]]
1 invoke 0 [[:w 2 1] [:r 1 nil]]
0 ok 5 [[:w 1 1] [:r 2 1]]
1 ok 5 [[:w 2 1] [:r 1 1]]
)";
// T1 reads key 1 empty, then sees T2's append to key 2; T2 appended to key 1.
constexpr const char* kGSingle = R"(
0 invoke 0 [[:r 1 nil] [:r 2 nil]]
1 invoke 0 [[:append 1 1] [:append 2 1]]
1 ok 1 [[:append 1 1] [:append 2 1]]
0 ok 2 [[:r 1 []] [:r 2 [1]]]
2 invoke 3 [[:r 1 nil]]
2 ok 4 [[:r 1 [1]]]
)";
// T1 -rw-> T2 -wr-> T3 -rw-> T4 -wr-> T1.
constexpr const char* kGNonadjacent = R"(
0 invoke 0 [[:r 1 nil] [:r 4 nil]]
1 invoke 0 [[:append 1 1] [:append 2 1]]
2 invoke 0 [[:r 2 nil] [:r 3 nil]]
3 invoke 0 [[:append 3 1] [:append 4 1]]
1 ok 1 [[:append 1 1] [:append 2 1]]
3 ok 1 [[:append 3 1] [:append 4 1]]
0 ok 2 [[:r 1 []] [:r 4 [1]]]
2 ok 2 [[:r 2 [1]] [:r 3 []]]
4 invoke 3 [[:r 1 nil] [:r 3 nil]]
4 ok 4 [[:r 1 [1]] [:r 3 [1]]]
)";
// Write skew: each reads the key the other appends to.
constexpr const char* kWriteSkew = R"(
0 invoke 0 [[:r 1 nil] [:append 2 1]]
1 invoke 0 [[:r 2 nil] [:append 1 1]]
0 ok 1 [[:r 1 []] [:append 2 1]]
1 ok 1 [[:r 2 []] [:append 1 1]]
2 invoke 3 [[:r 1 nil] [:r 2 nil]]
2 ok 4 [[:r 1 [1]] [:r 2 [1]]]
)";
// One process appends, then reads the key empty: a stale read.
constexpr const char* kStaleSameProcess = R"(
0 invoke 0 [[:append 1 1]]
0 ok 1 [[:append 1 1]]
0 invoke 2 [[:r 1 nil]]
0 ok 3 [[:r 1 []]]
1 invoke 4 [[:r 1 nil]]
1 ok 5 [[:r 1 [1]]]
)";
constexpr const char* kStaleOtherProcess = R"(
0 invoke 0 [[:append 1 1]]
0 ok 1 [[:append 1 1]]
1 invoke 2 [[:r 1 nil]]
1 ok 3 [[:r 1 []]]
2 invoke 4 [[:r 1 nil]]
2 ok 5 [[:r 1 [1]]]
)";
constexpr const char* kInternalRw = R"(
0 invoke 0 [[:w 1 5] [:r 1 nil]]
0 ok 1 [[:w 1 5] [:r 1 6]]
)";
constexpr const char* kInternalAppend = R"(
0 invoke 0 [[:r 1 nil] [:append 1 5] [:r 1 nil]]
0 ok 1 [[:r 1 [1]] [:append 1 5] [:r 1 [1]]]
)";
constexpr const char* kLostUpdate = R"(
0 invoke 0 [[:r 1 nil] [:w 1 1]]
1 invoke 0 [[:r 1 nil] [:w 1 2]]
0 ok 1 [[:r 1 nil] [:w 1 1]]
1 ok 1 [[:r 1 nil] [:w 1 2]]
)";
constexpr const char* kCyclicVersions = R"(
0 invoke 0 [[:w 1 1]]
0 ok 1 [[:w 1 1]]
1 invoke 2 [[:r 1 nil] [:w 1 2]]
2 invoke 2 [[:r 1 nil] [:w 1 3]]
1 ok 3 [[:r 1 3] [:w 1 2]]
2 ok 3 [[:r 1 2] [:w 1 3]]
)";
constexpr const char* kDuplicates = R"(
0 invoke 0 [[:append 1 1]]
0 ok 1 [[:append 1 1]]
1 invoke 2 [[:r 1 nil]]
1 ok 3 [[:r 1 [1 1]]]
)";
constexpr const char* kIncompatible = R"(
0 invoke 0 [[:append 1 1] [:append 2 1]]
0 ok 1 [[:append 1 1] [:append 2 1]]
1 invoke 0 [[:append 1 2]]
1 ok 1 [[:append 1 2]]
2 invoke 2 [[:r 1 nil]]
2 ok 3 [[:r 1 [1 2]]]
3 invoke 2 [[:r 1 nil]]
3 ok 3 [[:r 1 [2 1]]]
)";
constexpr const char* kDirtyUpdate = R"(
0 invoke 0 [[:append 1 1]]
0 fail 1 [[:append 1 1]]
1 invoke 2 [[:append 1 2]]
1 ok 3 [[:append 1 2]]
2 invoke 4 [[:r 1 nil]]
2 ok 5 [[:r 1 [1 2]]]
)";
constexpr const char* kFutureRead = R"(
0 invoke 0 [[:r 1 nil] [:append 1 5]]
0 ok 1 [[:r 1 [5]] [:append 1 5]]
)";
constexpr const char* kSerialRw = R"(
0 invoke 0 [[:r 1 nil] [:w 1 1] [:w 2 1]]
0 ok 1 [[:r 1 nil] [:w 1 1] [:w 2 1]]
1 invoke 2 [[:r 1 nil] [:w 1 2] [:r 2 nil]]
1 ok 3 [[:r 1 1] [:w 1 2] [:r 2 1]]
0 invoke 4 [[:r 1 nil] [:r 2 nil]]
0 ok 5 [[:r 1 2] [:r 2 1]]
)";
constexpr const char* kSerialAppend = R"(
0 invoke 0 [[:append 1 1] [:append 2 1]]
0 ok 1 [[:append 1 1] [:append 2 1]]
1 invoke 2 [[:r 1 nil] [:append 1 2] [:r 1 nil]]
1 ok 3 [[:r 1 [1]] [:append 1 2] [:r 1 [1 2]]]
0 invoke 4 [[:r 1 nil] [:r 2 nil]]
0 ok 5 [[:r 1 [1 2]] [:r 2 [1]]]
)";
// An :info txn's write may have committed: reading it is no G1a.
constexpr const char* kInfoWriteRead = R"(
0 invoke 0 [[:w 1 1]]
0 info 1 [[:w 1 1]]
1 invoke 2 [[:r 1 nil] [:w 1 2]]
1 ok 3 [[:r 1 1] [:w 1 2]]
)";
constexpr const char* kAllFailed = R"(
0 invoke 0 [[:w 1 1]]
0 fail 1 [[:w 1 1]]
)";

const std::vector<std::string> kRU = {"read-uncommitted"};
const std::vector<std::string> kRC = {"read-committed"};
const std::vector<std::string> kSI = {"snapshot-isolation"};
const std::vector<std::string> kSer = {"serializable"};
const std::vector<std::string> kStrict = {"strict-serializable"};

TEST_CASE("txn checker: each anomaly by name, and the models that allow it pass") {
  const std::vector<Case> cases = {
      {"G0 list-append", true, kRU, kDirtyWriteAppend, "G0", Validity::kFalse},
      {"G0 rw-register, writes follow reads", false, kRU, kDirtyWriteWfr, "G0", Validity::kFalse},
      {"G0 rw-register invisible under read-uncommitted", false, kRU, kDirtyWriteRw, "",
       Validity::kTrue},
      {"G0 rw-register via real time", false, kStrict, kDirtyWriteRw, "G0-realtime",
       Validity::kFalse},
      {"G1a", false, kRC, kAbortedRead, "G1a", Validity::kFalse},
      {"G1a allowed by read-uncommitted", false, kRU, kAbortedRead, "", Validity::kTrue},
      {"G1b list-append", true, kRC, kIntermediateRead, "G1b", Validity::kFalse},
      {"G1b rw-register", false, kRC, kIntermediateReadRw, "G1b", Validity::kFalse},
      {"G1c", false, kRC, kCircularFlow, "G1c", Validity::kFalse},
      {"G1c allowed by read-uncommitted", false, kRU, kCircularFlow, "", Validity::kTrue},
      {"G-single", true, kSI, kGSingle, "G-single", Validity::kFalse},
      {"G-single allowed by read-committed", true, kRC, kGSingle, "", Validity::kTrue},
      {"G-nonadjacent", true, kSI, kGNonadjacent, "G-nonadjacent", Validity::kFalse},
      {"G2-item", true, kSer, kWriteSkew, "G2-item", Validity::kFalse},
      {"write skew allowed by snapshot isolation", true, kSI, kWriteSkew, "", Validity::kTrue},
      {"G-single-process", true, kStrict, kStaleSameProcess, "G-single-process", Validity::kFalse},
      {"stale read allowed by serializable", true, kSer, kStaleSameProcess, "", Validity::kTrue},
      {"G-single-realtime", true, kStrict, kStaleOtherProcess, "G-single-realtime",
       Validity::kFalse},
      {"internal rw-register", false, kSI, kInternalRw, "internal", Validity::kFalse},
      {"internal list-append", true, kSI, kInternalAppend, "internal", Validity::kFalse},
      {"lost-update", false, kSer, kLostUpdate, "lost-update", Validity::kFalse},
      {"cyclic-versions", false, kRU, kCyclicVersions, "cyclic-versions", Validity::kFalse},
      {"duplicate-elements", true, kRU, kDuplicates, "duplicate-elements", Validity::kFalse},
      {"incompatible-order", true, kRC, kIncompatible, "incompatible-order", Validity::kFalse},
      {"dirty-update", true, kRC, kDirtyUpdate, "dirty-update", Validity::kFalse},
      {"future-read", true, kRC, kFutureRead, "future-read", Validity::kFalse},
      {"serial rw-register", false, kStrict, kSerialRw, "", Validity::kTrue},
      {"serial list-append", true, kStrict, kSerialAppend, "", Validity::kTrue},
      {"a read of an :info write is fine", false, kStrict, kInfoWriteRead, "", Validity::kTrue},
      {"empty graph rw-register is false", false, kRU, kAllFailed, "empty-transaction-graph",
       Validity::kFalse},
      {"empty graph list-append is unknown", true, kRU, kAllFailed, "empty-transaction-graph",
       Validity::kUnknown},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      TxnCheckOutput out = Check(c.history, c.list_append, c.models);
      INFO(out.result.details.ToEdn());
      CHECK(out.result.valid == c.valid);
      if (*c.anomaly != '\0') CHECK(Has(out, c.anomaly));
      const Value* types = out.result.details.FindKeyword("anomaly-types");
      REQUIRE(types != nullptr);
      if (*c.anomaly == '\0') CHECK(types->items().empty());
    }
  }
}

TEST_CASE("txn checker: a cycle comes with its txns, steps and Elle's explanation") {
  TxnCheckOutput out = Check(kDirtyWriteAppend, true, kRU);
  const Value* g0 = out.result.details.FindKeyword("anomalies")->FindKeyword("G0");
  REQUIRE(g0 != nullptr);
  const Value& c = g0->items()[0];
  CHECK(c.FindKeyword("cycle")->items().size() == 2);
  CHECK(c.FindKeyword("steps")->ToEdn() == "[:ww :ww]");
  const std::string text = c.FindKeyword("explanation")->ToEdn();
  CHECK(text.find("Let:") != std::string::npos);
  CHECK(text.find("However, T2 < T1") != std::string::npos);
  CHECK(text.find("came later in the version order") != std::string::npos);
  REQUIRE(out.cycles.size() == 1);
  const std::string svg = CycleSvg(out.cycles[0]);
  CHECK(svg.find("<svg") == 0);
  CHECK(svg.find(">ww<") != std::string::npos);
  CHECK(svg.find(">G0: a cycle of 2 txns<") != std::string::npos);
}

// A -wr-> B (B reads A's append to 1), B -rw-> A (B reads 4 before A's
// append), B -wr-> C (key 5), C -rw-> A (C reads 6 before A's append). The
// only walk with two rw edges is C A B A B C, which passes A, B twice: no
// G-nonadjacent nor G2-item cycle of txns, only G-single ones.
constexpr const char* kWalkTwice = R"(
3 invoke 0 [[:append 4 0] [:append 6 0]]
3 ok 1 [[:append 4 0] [:append 6 0]]
0 invoke 2 [[:append 1 1] [:append 4 1] [:append 6 1]]
1 invoke 3 [[:r 1 nil] [:r 4 nil] [:append 5 1]]
2 invoke 3 [[:r 5 nil] [:r 6 nil]]
0 ok 5 [[:append 1 1] [:append 4 1] [:append 6 1]]
1 ok 6 [[:r 1 [1]] [:r 4 [0]] [:append 5 1]]
2 ok 7 [[:r 5 [1]] [:r 6 [0]]]
3 invoke 8 [[:r 4 nil] [:r 6 nil]]
3 ok 9 [[:r 4 [0 1]] [:r 6 [0 1]]]
)";

TEST_CASE("txn checker: each cycle is simple and each line explains its own edge") {
  const std::regex line(R"re(T(\d+) < T(\d+), because ([^"]*?)(\.|: a contradiction!)")re");
  for (const char* history : {kWalkTwice, kGNonadjacent, kWriteSkew, kGSingle, kDirtyWriteAppend}) {
    TxnCheckOutput out = Check(history, true, kSer);
    INFO(out.result.details.ToEdn());
    const Value* anomalies = out.result.details.FindKeyword("anomalies");
    REQUIRE(anomalies != nullptr);
    for (size_t k = 0; k < anomalies->map_size(); ++k) {
      for (const Value& c : anomalies->map_value(k).items()) {
        const Value* cycle = c.FindKeyword("cycle");
        if (cycle == nullptr) continue;
        std::set<std::string> ops;
        for (const Value& op : cycle->items()) CHECK(ops.insert(op.ToEdn()).second);
        const std::string text = c.FindKeyword("explanation")->ToEdn();
        int lines = 0;
        for (auto m = std::sregex_iterator(text.begin(), text.end(), line);
             m != std::sregex_iterator(); ++m) {
          ++lines;
          const std::string why = (*m)[3];
          INFO(why);
          CHECK(why.find(absl::StrCat("T", (*m)[1].str())) != std::string::npos);
          CHECK(why.find(absl::StrCat("T", (*m)[2].str())) != std::string::npos);
        }
        CHECK(lines == static_cast<int>(cycle->items().size()));
      }
    }
  }
  TxnCheckOutput twice = Check(kWalkTwice, true, kSer);
  CHECK(Has(twice, "G-single"));
  CHECK_FALSE(Has(twice, "G-nonadjacent"));
  CHECK_FALSE(Has(twice, "G2-item"));
}

TEST_CASE("txn checker: an edge inferred from real time says so, and names the witness") {
  TxnCheckOutput out = Check(kDirtyWriteRw, false, kStrict);
  const Value* g0 = out.result.details.FindKeyword("anomalies")->FindKeyword("G0-realtime");
  REQUIRE(g0 != nullptr);
  const std::string text = g0->items()[0].FindKeyword("explanation")->ToEdn();
  CHECK(text.find("inferred from real time: op 5 began after") != std::string::npos);
  REQUIRE(!out.cycles.empty());
  CHECK(out.cycles[0].edges == std::vector<std::string>{"ww (rt)", "ww (rt)"});
}

TEST_CASE("txn checker: :not names the weakest models ruled out, :also-not the stronger") {
  TxnCheckOutput out = Check(kCircularFlow, false, kStrict);
  CHECK(out.result.details.FindKeyword("not")->ToEdn() == "#{:read-committed}");
  const std::string also = out.result.details.FindKeyword("also-not")->ToEdn();
  CHECK(also.find(":serializable") != std::string::npos);
  CHECK(also.find(":read-uncommitted") == std::string::npos);
}

TEST_CASE("txn checker: an exhausted step budget is :cycle-search-timeout, unknown") {
  for (bool la : {false, true}) {
    TxnCheckOutput out = Check(la ? kDirtyWriteAppend : kDirtyWriteWfr, la, kRU, /*max_steps=*/0);
    CHECK(Has(out, "cycle-search-timeout"));
    CHECK(out.result.valid == Validity::kUnknown);
  }
}

TEST_CASE("txn checker: malformed ops are counted, never fatal") {
  History h = Parse(R"(
0 invoke 0 [[:w 1 1]]
0 ok 1 "garbage"
1 invoke 2 [[:frob 1 1]]
1 ok 3 [[:frob 1 1]]
2 invoke 4 [[:r "k" 1]]
2 ok 5 [[:r 1 [1 :x]]]
3 invoke 6 [[:r 1 nil]]
3 ok 7 [[:r 1 nil]]
)");
  for (bool la : {false, true}) {
    TxnCheckOptions o;
    o.list_append = la;
    TxnCheckOutput out = CheckTxn(h, o);
    CHECK(out.result.details.FindKeyword("malformed-ops")->as_int() == 3);
    CHECK(out.result.valid == Validity::kTrue);
  }
}

}  // namespace
}  // namespace harness::elle
