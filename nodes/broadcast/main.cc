// node-broadcast: Gossip Glomers challenges 3a-3e as a Maelstrom node.
// Usage: node-broadcast [--mode fanout|tree] [--flush-ms N] [--ack-delay-ms N] [--resend-ms N]
// (see options.h for what each setting trades).
#include "nodes/broadcast/program.h"

int main(int argc, char** argv) { return runtime::RunStdio(argc, argv, broadcast::kBroadcastProgram); }
