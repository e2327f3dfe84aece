// MiniNode: the smallest Maelstrom node, for the bench's own test nodes
// (correct ones and deliberately broken ones). Standalone on purpose: the
// bench must be testable without the kit's runtime, and a broken node must
// be free to break the protocol in ways the runtime would not allow.
//
// A test node's logic is a Program built by a Factory on a Node, and is
// written once for two hosts: a process (mini_main.h: stdin/stdout,
// stderr, the real clocks, files in the working directory) and the
// simulator (mini_sim.h: a harness::SimProcess on the node's virtual clock
// and simulated disk). The logic reaches the outside only through the
// Node: Send/Reply/RawLine for output, Log for stderr, Now/WallNow for
// time, ReadFile/WriteFileAtomic/AppendFile for what must survive a kill,
// Exit to die, `seed` for randomness. Both hosts answer init themselves,
// hand every other message to Program::Handle, and call Program::Tick
// every tick_ms on the node's monotonic clock (mini::Ticker).
// Single-threaded.
#ifndef HARNESS_TESTDATA_MINI_NODE_H_
#define HARNESS_TESTDATA_MINI_NODE_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"

namespace mini {

using nlohmann::json;
using Time = std::chrono::nanoseconds;  // since the clock's epoch
using Args = std::vector<std::string>;  // argv[1..]

// Where a node's effects land; each host implements it.
class Io {
 public:
  virtual ~Io() = default;
  // One output line (no newline), handed to the wire at once.
  virtual void WriteLine(const std::string& line) = 0;
  // One stderr line (no newline).
  virtual void Log(const std::string& line) = 0;
  // The node's monotonic clock (as a process: steady_clock, unfiltered, so
  // the clock nemesis's steps back show) and its wall clock (as a process:
  // system_clock; in-process both read the node's one virtual clock).
  virtual Time Now() = 0;
  virtual Time WallNow() = 0;
  // Files by plain name, in the node's own directory (as a process: the
  // working directory). Each write survives a kill of the node once the
  // call returns. nullopt: no such file.
  virtual std::optional<std::string> ReadFile(const std::string& name) = 0;
  // Replaces `name` by `text` as a whole (via name.tmp and a rename).
  virtual void WriteFileAtomic(const std::string& name, const std::string& text) = 0;
  // Appends `text` to `name`, creating it.
  virtual void AppendFile(const std::string& name, const std::string& text) = 0;
  // Dies with `status`. As a process it never returns; in-process it
  // returns and the node is dead from then on (no output, no timers).
  virtual void Exit(int status) = 0;
};

struct Node {
  Node(Io* io_in, uint64_t seed_in) : io(io_in), seed(seed_in) {}

  Io* io;
  uint64_t seed;  // the host's, for any random draw the logic makes
  std::string id;
  std::vector<std::string> ids;
  int64_t next_msg_id = 1;

  void Send(const std::string& dest, json body) {
    json m = {{"src", id}, {"dest", dest}, {"body", std::move(body)}};
    io->WriteLine(m.dump());
  }
  void Reply(const json& req, json body) {
    body["in_reply_to"] = req["body"]["msg_id"];
    Send(req["src"].get<std::string>(), std::move(body));
  }
  void RawLine(const std::string& line) { io->WriteLine(line); }
  void Log(const std::string& line) { io->Log(line); }
  Time Now() { return io->Now(); }
  Time WallNow() { return io->WallNow(); }
  int64_t NowMs() { return std::chrono::duration_cast<std::chrono::milliseconds>(Now()).count(); }
  // As a process never returns; in-process the node is dead after it.
  void Exit(int status) { io->Exit(status); }
  int64_t WallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(WallNow()).count();
  }
};

// A test node's logic. Handlers hold a Node& that outlives the Program.
class Program {
 public:
  virtual ~Program() = default;
  // Every parsed message except init (the host answers init).
  virtual void Handle(const json& msg) = 0;
  virtual void Tick() {}
  // How often Tick runs, in ms; 0: never.
  virtual int tick_ms() const { return 0; }
  // True: every input line is dropped unread, init included (a node that
  // never answers init).
  virtual bool ignores_input() const { return false; }
};

// Builds a node's logic from its arguments. nullptr: the node refuses to
// start (a process exits with status 2); the factory has logged why.
using Factory = std::unique_ptr<Program> (*)(Node& node, const Args& args);

// One input line, as both hosts handle it: init is answered here, every
// other message goes to `program`. A malformed line throws
// (nlohmann::json::exception): a process dies of it (abort), as it always
// has; the in-process host catches it and counts the node dead.
inline void Dispatch(Node& node, Program& program, const std::string& line) {
  if (program.ignores_input()) return;
  json msg = json::parse(line);
  const json& body = msg["body"];
  if (body["type"] == "init") {
    node.id = body["node_id"].get<std::string>();
    node.ids = body["node_ids"].get<std::vector<std::string>>();
    node.Reply(msg, {{"type", "init_ok"}});
  } else {
    program.Handle(msg);
  }
}

// When Tick is due: tick_ms after the host starts, then tick_ms after each
// tick ran (late ticks are not made up).
class Ticker {
 public:
  Ticker(const Program& program, Time now)
      : every_(std::chrono::milliseconds(program.tick_ms())), next_(now + every_) {}
  bool enabled() const { return every_.count() > 0; }
  // REQUIRES: enabled().
  Time next() const { return next_; }
  // Runs Tick if due at `now`.
  void RunIfDue(Program& program, Time now) {
    if (!enabled() || now < next_) return;
    program.Tick();
    next_ = now + every_;
  }

 private:
  Time every_;
  Time next_;
};

}  // namespace mini

#endif  // HARNESS_TESTDATA_MINI_NODE_H_
