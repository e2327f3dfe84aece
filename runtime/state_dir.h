// ResolveStateDir: where a persisting node keeps its files.
//
// In order: the node's own flag (--dir, or uniqueid's positional argument)
// when given; else the host's Env::state_dir (the simulator always sets it;
// the bench sets $KIT_STATE_DIR, which RunStdio copies in); else a fresh
// private directory under the system temp dir, named <prefix>-XXXXXX. Why
// not the working directory: the real Maelstrom starts every node in /tmp,
// shared by all nodes and all earlier runs, and never restarts a node
// within a run, so files found there would belong to an earlier test and
// replay its state into this one. Only that last case touches the real
// file system, and only in a process (a host that gives a state dir never
// reaches it).
#ifndef RUNTIME_STATE_DIR_H_
#define RUNTIME_STATE_DIR_H_

#include <string>

#include "runtime/program.h"
#include "runtime/result.h"

namespace runtime {

// Error::Crash naming the directory if a fresh one cannot be made.
Result<std::string> ResolveStateDir(const Env& env, const std::string& flag_dir, const std::string& prefix);

}  // namespace runtime

#endif  // RUNTIME_STATE_DIR_H_
