#include "nodes/kafka/program.h"

#include "runtime/state_dir.h"

namespace kafka {
namespace {

runtime::Result<std::unique_ptr<runtime::Program>> Make(runtime::Node& node, runtime::Env& env,
                                                         const std::vector<std::string>& args) {
  absl::StatusOr<Options> options = ParseOptions(args);
  if (!options.ok()) return runtime::Error::Malformed(std::string(options.status().message()));
  if (options->mode == Options::Mode::kLinKv) return std::unique_ptr<runtime::Program>(new LinKvProgram(node));
  runtime::Result<std::string> dir = runtime::ResolveStateDir(env, options->dir, "kafka");
  if (!dir.ok()) return dir.error();
  options->dir = *dir;
  return std::unique_ptr<runtime::Program>(new OwnerProgram(node, *env.disk, std::move(*options)));
}

}  // namespace

const runtime::ProgramSpec kKafkaProgram{
    "kafka", &Make,
    "usage: node-kafka [--mode owner|linkv] [--dir D] [--sync-ms N] [--forward-timeout-ms N]\n"
    "                  [--suspect-ms N] [--segment-bytes N]\n"};

}  // namespace kafka
