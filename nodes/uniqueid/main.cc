// node-uniqueid: Gossip Glomers challenge 2 as a Maelstrom node.
// Usage: node-uniqueid [STATE_DIR]   (default: $KIT_STATE_DIR, else the working directory)
#include "nodes/uniqueid/program.h"

int main(int argc, char** argv) { return runtime::RunStdio(argc, argv, uniqueid::kUniqueIdProgram); }
