// KIT_CHECK: an always-on assertion for programmer errors and invariants.
// Unlike assert() it survives NDEBUG; on failure it prints the condition and
// its place to stderr and aborts, because continuing would act on a broken
// invariant (a node that lies is worse than a node that stops).
#ifndef RUNTIME_CHECK_H_
#define RUNTIME_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define KIT_CHECK(cond)                                                       \
  do {                                                                        \
    if (!(cond)) {                                                            \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,   \
                   #cond);                                                    \
      std::abort();                                                           \
    }                                                                         \
  } while (0)

#endif  // RUNTIME_CHECK_H_
