// RAFT_CHECK: an always-on assertion for programmer errors and protocol
// invariants of the Raft core (the core does not depend on the node runtime,
// so it carries its own). Survives NDEBUG; prints the condition and aborts.
#ifndef NODES_RAFTKV_RAFT_CHECK_H_
#define NODES_RAFTKV_RAFT_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define RAFT_CHECK(cond)                                                     \
  do {                                                                       \
    if (!(cond)) {                                                           \
      std::fprintf(stderr, "%s:%d: raft check failed: %s\n", __FILE__,       \
                   __LINE__, #cond);                                         \
      std::abort();                                                          \
    }                                                                        \
  } while (0)

#endif  // NODES_RAFTKV_RAFT_CHECK_H_
