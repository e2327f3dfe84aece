#include "nodes/raftkv/program.h"

#include "nodes/raftkv/raftkv.h"
#include "runtime/state_dir.h"

namespace raftkv {
namespace {

struct RaftKvProgram final : runtime::Program {
  RaftKvProgram(runtime::Node& node, runtime::Disk& disk, Options options) : kv(node, disk, std::move(options)) {}
  RaftKv kv;
};

runtime::Result<std::unique_ptr<runtime::Program>> Make(runtime::Node& node, runtime::Env& env,
                                                         const std::vector<std::string>& args) {
  absl::StatusOr<Options> options = ParseOptions(args);
  if (!options.ok()) return runtime::Error::Malformed(std::string(options.status().message()));
  runtime::Result<std::string> dir = runtime::ResolveStateDir(env, options->dir, "raftkv");
  if (!dir.ok()) return dir.error();
  options->dir = *dir;
  return std::unique_ptr<runtime::Program>(new RaftKvProgram(node, *env.disk, std::move(*options)));
}

}  // namespace

const runtime::ProgramSpec kRaftKvProgram{
    "raftkv", &Make,
    "usage: node-raftkv [--tick-ms N] [--election-ticks N] [--heartbeat-ticks N] [--snapshot-every N]\n"
    "                   [--no-sync] [--dir D] [--naive-commit] [--no-persist] [--stale-reads] [--unsafe-lease]\n"};

}  // namespace raftkv
