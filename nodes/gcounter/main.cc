// node-gcounter: Gossip Glomers challenge 4 as a Maelstrom node (no arguments).
#include "nodes/gcounter/program.h"

int main(int argc, char** argv) { return runtime::RunStdio(argc, argv, gcounter::kGCounterProgram); }
