// KIT_CHECK: an always-on assertion for programmer errors and invariants.
// Unlike assert() it survives NDEBUG; on failure it prints the condition and
// its place to stderr and aborts, because continuing would act on a broken
// invariant (a node that lies is worse than a node that stops). It stops
// through CrashNode (crash.h), so an in-process host ends only that node.
#ifndef RUNTIME_CHECK_H_
#define RUNTIME_CHECK_H_

#include <string>

#include "runtime/crash.h"

#include <cstdio>
#include <cstdlib>

#define KIT_CHECK(cond)                                                       \
  do {                                                                        \
    if (!(cond)) {                                                            \
      ::runtime::CrashNode(std::string(__FILE__) + ":" +                      \
                           std::to_string(__LINE__) + ": check failed: " #cond); \
    }                                                                         \
  } while (0)

#endif  // RUNTIME_CHECK_H_
