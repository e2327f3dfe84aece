// node-kafka: Gossip Glomers challenge 5 (kafka workload). Flags: options.h.
#include "nodes/kafka/program.h"

int main(int argc, char** argv) { return runtime::RunStdio(argc, argv, kafka::kKafkaProgram); }
