// RAFT_CHECK: an always-on assertion for programmer errors and protocol
// invariants of the Raft core (the core does not depend on the node runtime,
// so it carries its own). Survives NDEBUG; stops the node with the condition
// through runtime::CrashNode (an abort as a process).
#ifndef NODES_RAFTKV_RAFT_CHECK_H_
#define NODES_RAFTKV_RAFT_CHECK_H_

#include <string>

#include "runtime/crash.h"

#include <cstdio>
#include <cstdlib>

#define RAFT_CHECK(cond)                                                     \
  do {                                                                       \
    if (!(cond)) {                                                           \
      ::runtime::CrashNode(std::string(__FILE__) + ":" +                     \
                           std::to_string(__LINE__) +                        \
                           ": raft check failed: " #cond);                   \
    }                                                                        \
  } while (0)

#endif  // NODES_RAFTKV_RAFT_CHECK_H_
