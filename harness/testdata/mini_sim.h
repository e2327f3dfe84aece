// MiniSimProcess: a test node's mini::Program as a harness::SimProcess, so
// the simulator runs the same logic as the bench-<name> binary.
//
// The node's I/O maps onto the SimProcessContext: each line is written and
// flushed at once (a process flushes stdout per line), Log goes to
// context.log, Now and WallNow both read context.clock (a simulated node
// has one clock), and files live on context.env->disk under
// env->state_dir, synced on every write: a process's files sit in the page
// cache, which survives a kill, while the simulator's kill drops unsynced
// bytes, so syncing is what keeps a kill a process kill here (each sync
// costs the node simulated fsync time). Init is answered as the process
// answers it; a factory that refuses to start becomes the SimProcessFactory's
// error (a process exiting with status 2). A node that exits (Node::Exit)
// or throws on a line (a process would abort) is dead from then on: it
// reads nothing, writes nothing, sets no timer; its last words go to the
// log. Not thread-safe.
#ifndef HARNESS_TESTDATA_MINI_SIM_H_
#define HARNESS_TESTDATA_MINI_SIM_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "harness/host/sim_process.h"
#include "harness/testdata/mini_node.h"

namespace mini {

// REQUIRES: the context's clock, env (with its disk), write_line, flush
// and log are set.
harness::SimProcessFactory SimFactory(Factory make, Args args);

}  // namespace mini

#endif  // HARNESS_TESTDATA_MINI_SIM_H_
