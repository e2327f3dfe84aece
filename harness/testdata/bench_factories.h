// The factories of the bench's test nodes (harness/testdata/<stem>.cc), one
// per node, each defined in its node's file: the process main (mini_main.h)
// and the in-process registry (bench_programs.h) build the same logic.
#ifndef HARNESS_TESTDATA_BENCH_FACTORIES_H_
#define HARNESS_TESTDATA_BENCH_FACTORIES_H_

#include <memory>

#include "harness/testdata/mini_node.h"

namespace bench {

std::unique_ptr<mini::Program> MakeBroadcastNode(mini::Node& node, const mini::Args& args);
std::unique_ptr<mini::Program> MakeCacheKvNode(mini::Node& node, const mini::Args& args);
std::unique_ptr<mini::Program> MakeClockNode(mini::Node& node, const mini::Args& args);
std::unique_ptr<mini::Program> MakeCounterNode(mini::Node& node, const mini::Args& args);
std::unique_ptr<mini::Program> MakeDiskCounterNode(mini::Node& node, const mini::Args& args);
std::unique_ptr<mini::Program> MakeEchoNode(mini::Node& node, const mini::Args& args);
std::unique_ptr<mini::Program> MakeIdsNode(mini::Node& node, const mini::Args& args);
std::unique_ptr<mini::Program> MakeKafkaNode(mini::Node& node, const mini::Args& args);
std::unique_ptr<mini::Program> MakeKvProxyNode(mini::Node& node, const mini::Args& args);
std::unique_ptr<mini::Program> MakeLeaseKvNode(mini::Node& node, const mini::Args& args);
std::unique_ptr<mini::Program> MakeTxnNode(mini::Node& node, const mini::Args& args);

}  // namespace bench

#endif  // HARNESS_TESTDATA_BENCH_FACTORIES_H_
