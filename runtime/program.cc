#include "runtime/program.h"

#include <cstdio>
#include <cstdlib>

#include "runtime/stdio_runtime.h"

namespace runtime {

int RunStdio(int argc, char** argv, const ProgramSpec& spec) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::unique_ptr<Disk> disk = NewPosixDisk();
  Env env;
  env.disk = disk.get();
  // The bench gives each node a directory that survives its kill and
  // restart; under the real Maelstrom it is unset and the node picks one.
  if (const char* dir = std::getenv("KIT_STATE_DIR"); dir != nullptr) env.state_dir = dir;
  StdioRuntime rt;
  Result<std::unique_ptr<Program>> program = spec.make(rt.node(), env, args);
  if (!program.ok()) {
    std::string usage = spec.usage;
    if (!usage.empty() && usage.back() != '\n') usage += '\n';
    std::fprintf(stderr, "node-%s: %s\n%s", spec.name, program.error().text.c_str(), usage.c_str());
    return 2;
  }
  return rt.Run();
}

}  // namespace runtime
