// Program: a node's logic behind one entry point, for every host.
//
// Each node exposes a ProgramSpec whose `make` builds its logic on a
// runtime::Node and an Env. Its main.cc is `return runtime::RunStdio(argc,
// argv, kSpec);` (a process under Maelstrom or `harness test`), and the
// simulator (`harness sim`) calls the same `make` for each in-process
// instance, so no node keeps two copies of its logic. The returned Program
// owns whatever the node needs beyond the Node (handlers hold pointers into
// it); it lives until the node is killed or the run ends.
//
// Durable state goes through env.disk only (disk.h), never through files
// opened directly, so the simulator can lose unsynced writes on a kill.
//
// Example (a whole program.cc):
//   runtime::Result<std::unique_ptr<runtime::Program>> Make(
//       runtime::Node& node, runtime::Env& env, const std::vector<std::string>& args) {
//     if (!args.empty()) return runtime::Error::Malformed("echo takes no arguments");
//     return std::unique_ptr<runtime::Program>(new EchoProgram(node));
//   }
//   const runtime::ProgramSpec kEchoSpec{"echo", &Make, "usage: node-echo"};
#ifndef RUNTIME_PROGRAM_H_
#define RUNTIME_PROGRAM_H_

#include <memory>
#include <string>
#include <vector>

#include "runtime/disk.h"
#include "runtime/node.h"
#include "runtime/result.h"

namespace runtime {

// What a node may use beyond its Node.
struct Env {
  Disk* disk = nullptr;   // never null
  // The directory on `disk` for this node's durable state, when the host
  // gives one (the simulator always does; a process gets $KIT_STATE_DIR).
  // Empty: a node that persists picks its own (its --dir flag, or a fresh
  // private directory), as it would under the real Maelstrom.
  std::string state_dir;
};

class Program {
 public:
  virtual ~Program() = default;
};

using MakeProgram = Result<std::unique_ptr<Program>> (*)(Node& node, Env& env,
                                                          const std::vector<std::string>& args);

struct ProgramSpec {
  const char* name;   // "raftkv": the simulator's --node NAME, binary node-<name>
  MakeProgram make;
  const char* usage;  // printed with a bad-arguments error
};

// Runs `spec` as a Maelstrom process: real clock, stdin/stdout, a PosixDisk,
// state_dir from $KIT_STATE_DIR. Returns the exit status: 2 when `make`
// refuses the arguments (its error and spec.usage go to stderr).
int RunStdio(int argc, char** argv, const ProgramSpec& spec);

}  // namespace runtime

#endif  // RUNTIME_PROGRAM_H_
