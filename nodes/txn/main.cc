// node-txn: Gossip Glomers challenge 6a-6c (txn-rw-register and
// txn-list-append, totally available). Flags: options.h.
#include "nodes/txn/program.h"

int main(int argc, char** argv) { return runtime::RunStdio(argc, argv, txn::kTxnProgram); }
