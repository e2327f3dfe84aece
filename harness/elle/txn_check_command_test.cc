// Proves `harness check --model txn-*` (txn_check_command.h): exit 0 for a
// valid history, 1 for an anomaly (named in the output, its picture
// written with --svg-dir), 2 for unknown (a search out of budget, a file
// that cannot be read), 254 for usage errors; both EDN layouts (one op a
// line, one vector) are read.
#include "harness/elle/txn_check_command.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace harness::elle {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDirtyWrite =
    "{:process 0 :type :invoke :f :txn :value [[:append 1 1] [:append 2 1]] :time 0}\n"
    "{:process 1 :type :invoke :f :txn :value [[:append 1 2] [:append 2 2]] :time 1}\n"
    "{:process 0 :type :ok :f :txn :value [[:append 1 1] [:append 2 1]] :time 5}\n"
    "{:process 1 :type :ok :f :txn :value [[:append 1 2] [:append 2 2]] :time 6}\n"
    "{:process 2 :type :invoke :f :txn :value [[:r 1 nil] [:r 2 nil]] :time 10}\n"
    "{:process 2 :type :ok :f :txn :value [[:r 1 [1 2]] [:r 2 [2 1]]] :time 11}\n";
constexpr const char* kSerialVector =
    "[{:process 0, :type :invoke, :f :txn, :value [[:r 1 nil] [:w 1 2]], :time 0}\n"
    " {:process 0, :type :ok, :f :txn, :value [[:r 1 nil] [:w 1 2]], :time 1}\n"
    " {:process 1, :type :invoke, :f :txn, :value [[:r 1 nil]], :time 2}\n"
    " {:process 1, :type :ok, :f :txn, :value [[:r 1 2]], :time 3}]\n";

struct Dir {
  fs::path path =
      fs::temp_directory_path() / ("txn_check_command_test_" + std::to_string(getpid()));
  Dir() { fs::create_directories(path); }
  ~Dir() { fs::remove_all(path); }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

int Run(std::vector<std::string> args, std::string* out_text = nullptr) {
  std::ostringstream out, err;
  const int status = RunTxnCheckCommand(args, out, err);
  if (out_text) *out_text = out.str() + err.str();
  return status;
}

TEST_CASE("harness check --model txn-*: exit status and output") {
  Dir d;
  const std::string bad = d.Write("g0.edn", kDirtyWrite);
  const std::string good = d.Write("serial.edn", kSerialVector);
  std::string text;
  CHECK(Run({"--model", "txn-rw-register", good}, &text) == 0);
  CHECK(text.find(": valid (2 txns") != std::string::npos);
  CHECK(Run({"--model", "txn-list-append", "--consistency-models", "read-uncommitted", "--svg-dir",
             (d.path / "svg").string(), bad},
            &text) == 1);
  CHECK(text.find("anomaly types: [:G0]") != std::string::npos);
  CHECK(text.find("However,") != std::string::npos);
  CHECK(fs::exists(d.path / "svg" / "g0.edn-G0.svg"));
  CHECK(Run({"--model", "txn-list-append", "--max-steps", "0", bad}) == 2);
  CHECK(Run({"--model", "txn-list-append", (d.path / "missing.edn").string()}) == 2);
  CHECK(Run({"--model", "txn-list-append", good, bad}) == 1);  // worst over files
  CHECK(Run({"--model", "txn-list-append", "--consistency-models", "acid", bad}) == 254);
  CHECK(Run({"--model", "txn-list-append", "--frob", "1", bad}) == 254);
  CHECK(Run({"--model", "txn-list-append"}) == 254);
  CHECK(IsTxnCheck({"--model", "txn-rw-register", "f"}));
  CHECK_FALSE(IsTxnCheck({"--model", "cas-register", "f"}));
}

}  // namespace
}  // namespace harness::elle
