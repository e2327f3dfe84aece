// Proves the readers accept the shapes of the shared data (tab- and
// space-separated Jepsen logs, EDN op maps with :key) and skip and count
// junk lines instead of failing, and that `harness check` maps verdicts and
// bad flags to the documented exit codes (a history with no op the chosen
// model reads is unknown, never "linearizable (0 keys)").
#include "harness/linearizability/history_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "harness/linearizability/check_command.h"

namespace harness::lin {
namespace {

TEST_CASE("Jepsen log lines, tabs or spaces, junk counted", "[files]") {
  const ParsedHistory p = ParseJepsenLog(
      "INFO  jepsen.util - 0\t:invoke\t:cas\t[1 2]\n"
      "INFO  jepsen.util - 0   :fail   :cas    [1 2]\n"
      "\n"
      "INFO  jepsen.core - Worker 3 starting\n"
      "INFO  jepsen.util - 4\t:info\t:write\t:timed-out\n"
      "INFO  jepsen.util - x\t:ok\t:read\t1\n"
      "INFO  jepsen.util - :nemesis\t:info\t:start\tnil\n");
  REQUIRE(p.history.size() == 4);
  CHECK(p.skipped_lines == 2);
  CHECK(p.warnings.size() == 2);
  CHECK(p.history[0].f == "cas");
  CHECK(p.history[0].value == Value::Vec({Value::Int(1), Value::Int(2)}));
  CHECK(p.history[1].type == OpType::kFail);
  CHECK(p.history[2].value == Value::Keyword("timed-out"));
  CHECK(p.history[3].process == kNemesisProcess);
  CHECK(p.history[3].index == 3);
}

TEST_CASE("EDN op maps: :key folds into [key value], extra keys ignored", "[files]") {
  const ParsedHistory p = ParseEdnHistory(
      "{:process 1, :type :invoke, :f :append, :key \"3\", :value \"x\"}\n"
      "{:index 7, :type :ok, :f :write, :process 2, :value [0 4], :time 99, :error nil}\n");
  REQUIRE(!p.error);
  REQUIRE(p.history.size() == 2);
  CHECK(p.skipped_lines == 0);
  CHECK(p.history[0].value == Value::Vec({Value::String("3"), Value::String("x")}));
  CHECK(p.history[0].index == 0);
  CHECK(p.history[1].index == 7);
}

// Knossos's test data and many Jepsen tools write one vector (or list) of
// ops, maps spanning lines. A line reader skips it line by line and then
// finds completions without invocations, or judges half the history.
TEST_CASE("EDN read as a stream: every shape of a whole history", "[files]") {
  const std::string ops_one_a_line =
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 0, :type :ok, :f :write, :value 1}\n"
      "{:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value 1}\n";
  const std::string knossos_vector =
      "[{:process 0, :type :invoke, :f :write, :value 1}\n"
      " {:process 0, :type :ok, :f :write, :value 1}\n"
      " {:process 1, :type :invoke, :f :read, :value nil}\n"
      " {:process 1, :type :ok, :f :read, :value 1}]\n";
  const std::string list_spanning_lines =
      "; a comment\n(\n{:process 0,\n :type :invoke,\n :f :write,\n :value 1\n :time 5}\n"
      "{:process 0 :type :ok\n :f :write :value 1, :index 1}\n"
      "#jepsen.history.Op{:process 1, :type :invoke, :f :read, :value nil, :index 2}\n"
      "{:process 1, :type :ok, :f :read,\n :value 1, :index 3}\n)";
  const std::string maps_spanning_lines =
      "{:process 0,\n :type :invoke, :f :write, :value 1}\n{:process 0, :type :ok,\n"
      " :f :write, :value 1} {:process 1, :type :invoke, :f :read, :value nil}\n"
      "{:process 1, :type :ok, :f :read, :value 1}";
  for (const std::string& text : {ops_one_a_line, knossos_vector, list_spanning_lines, maps_spanning_lines}) {
    INFO(text);
    const ParsedHistory p = ParseEdnHistory(text);
    REQUIRE(!p.error);
    REQUIRE(p.history.size() == 4);
    CHECK(p.history[1].type == OpType::kOk);
    CHECK(p.history[3].value == Value::Int(1));
    CHECK(p.history[3].process == 1);
  }
}

TEST_CASE("EDN that cannot be read whole gives an error, never part of a history", "[files]") {
  struct Bad {
    const char* name;
    const char* text;
    const char* says;
  };
  const std::vector<Bad> cases = {
      {"unterminated vector", "[{:process 0, :type :invoke, :f :write, :value 1}\n", "unterminated"},
      {"a broken op in the middle",
       "{:process 0, :type :invoke, :f :write, :value 1}\nnot edn {\n"
       "{:process 0, :type :ok, :f :write, :value 1}\n", "unreadable EDN"},
      {"a value that is not an op map",
       "{:process 0, :type :invoke, :f :write, :value 1}\n[1 2]\n", "not an op map"},
      {"a map that is not an op", "[{:process 0, :type :invoke, :f :write} {:foo 1}]", "not an op"},
      {"an unknown :type", "{:process 0, :type :maybe, :f :write, :value 1}", "not an op"},
  };
  for (const Bad& c : cases) {
    SECTION(c.name) {
      const ParsedHistory p = ParseEdnHistory(c.text);
      REQUIRE(p.error);
      CHECK(p.error->find(c.says) != std::string::npos);
      CHECK(p.history.empty());
    }
  }
}

TEST_CASE("a missing file is an error, not a crash", "[files]") {
  CHECK(!LoadHistoryFile("/nonexistent/history.edn").ok());
}

struct CommandCase {
  const char* name;
  std::vector<std::string> args;
  int exit_code;
  const char* says;  // expected in stdout or stderr
};

TEST_CASE("harness check exit codes", "[command]") {
  const auto dir = std::filesystem::temp_directory_path() / "linearizability_command_test";
  std::filesystem::create_directories(dir / "store");
  const std::string good = (dir / "good.log").string();
  const std::string bad = (dir / "bad.log").string();
  std::ofstream(good) << "INFO  jepsen.util - 0\t:invoke\t:write\t1\n"
                         "INFO  jepsen.util - 0\t:ok\t:write\t1\n"
                         "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
                         "INFO  jepsen.util - 1\t:ok\t:read\t1\n";
  std::ofstream(bad) << "INFO  jepsen.util - 0\t:invoke\t:write\t1\n"
                        "INFO  jepsen.util - 0\t:ok\t:write\t1\n"
                        "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
                        "INFO  jepsen.util - 1\t:ok\t:read\t2\n";
  // A run's store: its history.edn, lin-kv shaped.
  std::ofstream((dir / "store" / "history.edn").string())
      << "{:index 0, :time 1, :type :invoke, :process 0, :f :write, :value [0 3]}\n"
         "{:index 1, :time 2, :type :ok, :process 0, :f :write, :value [0 3]}\n";
  const std::string store = (dir / "store").string();
  const std::string knossos_bad = (dir / "knossos-bad.edn").string();
  std::ofstream(knossos_bad) << "[{:process 0, :type :invoke, :f :write, :value 1}\n"
                                " {:process 0, :type :ok, :f :write, :value 1}\n"
                                " {:process 1, :type :invoke, :f :read, :value nil}\n"
                                " {:process 1, :type :ok, :f :read, :value 2}]\n";
  const std::string truncated = (dir / "truncated.edn").string();
  std::ofstream(truncated) << "[{:process 0, :type :invoke, :f :write, :value 1}\n"
                              " {:process 0, :type :ok, :f :write, :value 1}\n"
                              " {:process 1, :type :invoke, :f :read, :value nil}\n";
  const std::vector<CommandCase> cases = {
      {"linearizable", {"--model", "cas-register", good}, 0, ": linearizable"},
      {"not linearizable", {"--model", "cas-register", bad}, 1, "NOT linearizable"},
      {"worst over files", {"--model", "cas-register", good, bad}, 1, "NOT linearizable"},
      {"a store directory", {"--model", "cas-register", store}, 0, ": linearizable"},
      {"a Knossos-style vector over lines is read whole", {"--model", "cas-register", knossos_bad},
       1, "NOT linearizable"},
      {"a truncated EDN history is unknown, not half-judged",
       {"--model", "cas-register", truncated}, 2, "unterminated"},
      {"unreadable file is unknown", {"--model", "kv", "/nonexistent"}, 2, "unknown"},
      {"no op the model reads is unknown, not linearizable (0 keys)",
       {"--model", "kv", store}, 2, "no operation the kv model understands"},
      {"and names the model that fits", {"--model", "kv", store}, 2, "try --model cas-register"},
      {"unknown flag", {"--modle", "kv", good}, 254, "--modle"},
      {"bad model", {"--model", "queue", good}, 254, "--model"},
      {"missing model", {good}, 254, "--model"},
      {"bad time limit", {"--model", "kv", "--time-limit-s", "soon", good}, 254, "--time-limit-s"},
      {"flag without value", {"--model"}, 254, "--model"},
      {"no files", {"--model", "kv"}, 254, "no FILE"},
  };
  for (const CommandCase& c : cases) {
    SECTION(c.name) {
      std::ostringstream out, err;
      CHECK(RunCheckCommand(c.args, out, err) == c.exit_code);
      CHECK((out.str() + err.str()).find(c.says) != std::string::npos);
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace harness::lin
