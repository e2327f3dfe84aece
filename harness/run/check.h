// HARNESS_CHECK: an always-on assertion for programmer errors.
//
// Unlike assert(), it survives NDEBUG: a broken invariant in the bench stops
// the process with the file, line and condition instead of producing a
// wrong verdict. Never use it for bad input from nodes or flags; those are
// operating errors and become values (absl::Status, a violation record).
#ifndef HARNESS_RUN_CHECK_H_
#define HARNESS_RUN_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define HARNESS_CHECK(cond)                                                     \
  do {                                                                          \
    if (!(cond)) {                                                              \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                             \
    }                                                                           \
  } while (0)

#endif  // HARNESS_RUN_CHECK_H_
