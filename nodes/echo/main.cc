// node-echo: Gossip Glomers challenge 1 as a Maelstrom node.
#include "nodes/echo/program.h"

int main(int argc, char** argv) { return runtime::RunStdio(argc, argv, echo::kEchoProgram); }
