// node-raftkv: Maelstrom lin-kv on Raft. Flags: see raftkv::ParseOptions.
#include "nodes/raftkv/program.h"

int main(int argc, char** argv) { return runtime::RunStdio(argc, argv, raftkv::kRaftKvProgram); }
