// Proves ProcessHost on real child processes (/bin/sh): the node runs in
// its directory with KIT_STATE_DIR naming it, lines go in and out whole,
// an exit on its own is reported once with its status, Kill ends the
// incarnation without reporting an exit and a restart appends to the same
// log, and SetClock writes the libfaketime spec text (ClockSkew::ToString)
// whole into <dir>/faketime.rc, refusing without libfaketime and logging a
// write it cannot make.
#include "harness/host/process_host.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace harness {
namespace {

constexpr int64_t kS = 1'000'000'000;

std::string TempDir() {
  char name[] = "/tmp/process_host_testXXXXXX";
  REQUIRE(mkdtemp(name) != nullptr);
  return name;
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Seen {
  std::vector<std::string> lines;
  std::vector<std::string> exits;
  NodeHost::Callbacks Callbacks() {
    NodeHost::Callbacks cb;
    cb.on_line = [this](std::string_view l) { lines.emplace_back(l); };
    cb.on_exit = [this](const std::string& s) { exits.push_back(s); };
    return cb;
  }
};

TEST_CASE("process host: cwd and KIT_STATE_DIR are the node's dir; kill and restart") {
  EventLoop loop;
  std::string dir = TempDir();
  Seen seen;
  ProcessHostOptions opts;
  opts.bin = "/bin/sh";
  opts.args = {"-c", "pwd; echo \"$KIT_STATE_DIR\"; echo started >&2; exec cat"};
  NodeHostFactory factory = MakeProcessHostFactory(&loop, opts);
  std::unique_ptr<NodeHost> host = factory({"n1", dir, dir + "/n1.log"}, seen.Callbacks());
  CHECK(host->describe() == "not running");
  REQUIRE(host->Start(/*restart=*/false).ok());
  CHECK(host->describe().rfind("pid ", 0) == 0);
  CHECK_FALSE(host->Start(false).ok());  // already running
  REQUIRE(host->Deliver("hello"));
  REQUIRE(loop.RunUntil([&] { return seen.lines.size() == 3; }, loop.NowNs() + 5 * kS));
  CHECK(seen.lines == std::vector<std::string>{dir, dir, "hello"});

  host->Pause();
  host->Kill();  // a paused node dies too
  loop.RunUntil([] { return false; }, loop.NowNs() + kS / 10);
  CHECK(seen.exits.empty());  // a kill is not an exit of its own
  CHECK_FALSE(host->Poll());
  CHECK(host->describe() == "not running");
  CHECK_FALSE(host->Deliver("lost"));

  REQUIRE(host->Start(/*restart=*/true).ok());
  REQUIRE(host->Deliver("again"));
  REQUIRE(loop.RunUntil([&] { return seen.lines.size() == 6; }, loop.NowNs() + 5 * kS));
  CHECK(seen.lines.back() == "again");
  host.reset();  // kills it, closes the log
  CHECK(Read(dir + "/n1.log") == "started\nstarted\n");
  std::filesystem::remove_all(dir);
}

TEST_CASE("process host: an exit of its own is reported once, with its status") {
  EventLoop loop;
  std::string dir = TempDir();
  Seen seen;
  ProcessHostOptions opts;
  opts.bin = "/bin/sh";
  opts.args = {"-c", "echo bye >&2; exit 3"};
  ProcessHost host(&loop, opts, {"n1", dir, dir + "/n1.log"}, seen.Callbacks());
  REQUIRE(host.Start(false).ok());
  REQUIRE(loop.RunUntil([&] { return !seen.exits.empty(); }, loop.NowNs() + 5 * kS));
  loop.RunUntil([] { return false; }, loop.NowNs() + kS / 10);
  CHECK(seen.exits == std::vector<std::string>{"exit status 3"});
  CHECK(host.Poll());
  CHECK(host.exit_status() == "exit status 3");
  CHECK(host.stderr_tail() == std::vector<std::string>{"bye"});
  std::filesystem::remove_all(dir);
}

TEST_CASE("process host: a binary that cannot run is an error, not a crash") {
  EventLoop loop;
  std::string dir = TempDir();
  Seen seen;
  ProcessHostOptions opts;
  opts.bin = dir + "/no-such-node";
  ProcessHost host(&loop, opts, {"n1", dir, dir + "/n1.log"}, seen.Callbacks());
  CHECK_FALSE(host.Start(false).ok());
  CHECK(host.describe() == "not running");
  std::filesystem::remove_all(dir);
}

TEST_CASE("process host: SetClock writes libfaketime's spec into faketime.rc") {
  EventLoop loop;
  std::string dir = TempDir();
  Seen seen;
  std::vector<std::string> logged;
  ProcessHostOptions opts;
  opts.bin = "/bin/true";
  opts.log = [&](const std::string& l) { logged.push_back(l); };

  SECTION("without libfaketime the host cannot skew clocks") {
    ProcessHost host(&loop, opts, {"n1", dir, dir + "/n1.log"}, seen.Callbacks());
    CHECK_FALSE(host.SetClock(ClockSkew{7 * kS, 1.0}));
    CHECK_FALSE(std::filesystem::exists(dir + "/faketime.rc"));
  }
  SECTION("with it, each skew replaces the file whole, also while the node is down") {
    opts.libfaketime = "/unused/libfaketime.so";  // never started here
    ProcessHost host(&loop, opts, {"n1", dir, dir + "/n1.log"}, seen.Callbacks());
    struct Case {
      ClockSkew skew;
      const char* text;
    } cases[] = {{{7 * kS, 1.0}, "+7s x1\n"},
                 {{-3 * kS, 1.0}, "-3s x1\n"},
                 {{0, 0.25}, "+0 x0.25\n"},
                 {{}, "+0 x1\n"}};
    for (const auto& c : cases) {
      REQUIRE(host.SetClock(c.skew));
      CHECK(Read(dir + "/faketime.rc") == c.text);
    }
    CHECK_FALSE(std::filesystem::exists(dir + "/faketime.rc.tmp"));
    CHECK(logged.empty());
  }
  SECTION("an unwritable directory is logged and refused") {
    opts.libfaketime = "/unused/libfaketime.so";
    ProcessHost host(&loop, opts, {"n1", dir + "/missing", dir + "/n1.log"}, seen.Callbacks());
    CHECK_FALSE(host.SetClock(ClockSkew{kS, 1.0}));
    CHECK(logged.size() == 1);
    CHECK_FALSE(host.Start(false).ok());  // a first start must write true time
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace harness
