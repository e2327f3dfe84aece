#include "runtime/crash.h"

#include <cstdio>
#include <cstdlib>

namespace runtime {
namespace {

CrashHandler& Installed() {
  static CrashHandler handler;
  return handler;
}

}  // namespace

void CrashNode(const std::string& reason) {
  if (const CrashHandler& handler = Installed()) handler(reason);
  std::fprintf(stderr, "%s\n", reason.c_str());
  std::abort();
}

ScopedCrashHandler::ScopedCrashHandler(CrashHandler handler)
    : previous_(std::exchange(Installed(), std::move(handler))) {}

ScopedCrashHandler::~ScopedCrashHandler() { Installed() = std::move(previous_); }

}  // namespace runtime
