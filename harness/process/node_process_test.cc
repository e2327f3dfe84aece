// Proves NodeProcess on real child processes: lines written to stdin come
// back through stdout line by line (cat), a last line without a newline is
// still delivered at end of file, an exit is reported with its status,
// stderr lands in the log file, a child that never reads its stdin makes
// Send refuse at the bound instead of growing the buffer or blocking, a
// missing binary is an error value, spawn options set the cwd, environment
// and log appending, and a paused child answers only after Resume.
#include "harness/process/node_process.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace harness {
namespace {

constexpr int64_t kS = 1'000'000'000;

std::string TempLog() {
  char name[] = "/tmp/node_process_testXXXXXX";
  int fd = mkstemp(name);
  close(fd);
  return name;
}

TEST_CASE("cat round-trips lines and the exit is reported") {
  EventLoop loop;
  std::vector<std::string> lines;
  std::string exit_status;
  NodeProcess::Callbacks cb;
  cb.on_line = [&](std::string_view l) { lines.emplace_back(l); };
  cb.on_exit = [&](const std::string& s) { exit_status = s; };
  std::string log = TempLog();
  auto p = NodeProcess::Spawn(&loop, "n1", "/bin/cat", {}, log, cb);
  REQUIRE(p.ok());
  for (int i = 0; i < 1000; ++i) REQUIRE((*p)->Send("line " + std::to_string(i)));
  REQUIRE(loop.RunUntil([&] { return lines.size() == 1000; }, loop.NowNs() + 5 * kS));
  CHECK(lines[999] == "line 999");
  (*p)->Kill();
  CHECK((*p)->exited());
  std::remove(log.c_str());
}

TEST_CASE("partial last line, exit status and stderr log") {
  EventLoop loop;
  std::vector<std::string> lines;
  std::string exit_status;
  NodeProcess::Callbacks cb;
  cb.on_line = [&](std::string_view l) { lines.emplace_back(l); };
  cb.on_exit = [&](const std::string& s) { exit_status = s; };
  std::string log = TempLog();
  auto p = NodeProcess::Spawn(&loop, "n1", "/bin/sh",
                              {"-c", "printf 'a\\nb'; echo oops >&2; exit 3"}, log, cb);
  REQUIRE(p.ok());
  REQUIRE(loop.RunUntil([&] { return !exit_status.empty(); }, loop.NowNs() + 5 * kS));
  CHECK(lines == std::vector<std::string>{"a", "b"});
  CHECK(exit_status == "exit status 3");
  loop.RunUntil([] { return false; }, loop.NowNs() + kS / 10);  // drain stderr
  p->reset();  // closes the log file
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == "oops\n");
  std::remove(log.c_str());
}

TEST_CASE("a child that never reads stdin makes Send refuse at the bound") {
  EventLoop loop;
  NodeProcess::Callbacks cb;
  cb.on_line = [](std::string_view) {};
  std::string log = TempLog();
  auto p = NodeProcess::Spawn(&loop, "n1", "/bin/sleep", {"30"}, log, cb);
  REQUIRE(p.ok());
  std::string line(1 << 20, 'x');
  int accepted = 0;
  while ((*p)->Send(line) && accepted < 1000) {
    ++accepted;
    loop.RunUntil([] { return false; }, loop.NowNs() + 1'000'000);
  }
  CHECK(accepted < 70);  // about 64 MiB, then refused
  CHECK((*p)->pending_bytes() <= NodeProcess::kMaxPendingBytes);
  (*p)->Kill();
  CHECK((*p)->exited());
  std::remove(log.c_str());
}

TEST_CASE("spawn options: cwd, an overriding env entry, an appended log") {
  EventLoop loop;
  std::vector<std::string> lines;
  std::string exit_status;
  NodeProcess::Callbacks cb;
  cb.on_line = [&](std::string_view l) { lines.emplace_back(l); };
  cb.on_exit = [&](const std::string& s) { exit_status = s; };
  std::string log = TempLog();
  {
    std::ofstream(log) << "before restart\n";
  }
  setenv("NODE_PROCESS_TEST_VAR", "harness", 1);
  NodeProcess::SpawnOptions opts{"/tmp", {"NODE_PROCESS_TEST_VAR=node"}, true};
  auto p = NodeProcess::Spawn(&loop, "n1", "/bin/sh",
                              {"-c", "pwd; echo $NODE_PROCESS_TEST_VAR; echo again >&2"}, log, cb,
                              opts);
  REQUIRE(p.ok());
  REQUIRE(loop.RunUntil([&] { return !exit_status.empty(); }, loop.NowNs() + 5 * kS));
  CHECK(lines == std::vector<std::string>{"/tmp", "node"});
  loop.RunUntil([] { return false; }, loop.NowNs() + kS / 10);
  p->reset();
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == "before restart\nagain\n");
  std::remove(log.c_str());
}

TEST_CASE("a paused child reads nothing until resumed") {
  EventLoop loop;
  std::vector<std::string> lines;
  NodeProcess::Callbacks cb;
  cb.on_line = [&](std::string_view l) { lines.emplace_back(l); };
  std::string log = TempLog();
  auto p = NodeProcess::Spawn(&loop, "n1", "/bin/cat", {}, log, cb);
  REQUIRE(p.ok());
  (*p)->Pause();
  REQUIRE((*p)->Send("while paused"));
  CHECK_FALSE(loop.RunUntil([&] { return !lines.empty(); }, loop.NowNs() + kS / 5));
  (*p)->Resume();
  CHECK(loop.RunUntil([&] { return !lines.empty(); }, loop.NowNs() + 5 * kS));
  (*p)->Pause();  // teardown kills a stopped child too
  (*p)->Kill();
  CHECK((*p)->exited());
  std::remove(log.c_str());
}

TEST_CASE("a missing binary is an error value") {
  EventLoop loop;
  std::string log = TempLog();
  auto p = NodeProcess::Spawn(&loop, "n1", "/no/such/node", {}, log, {});
  CHECK(p.status().code() == absl::StatusCode::kFailedPrecondition);
  std::remove(log.c_str());
}

}  // namespace
}  // namespace harness
