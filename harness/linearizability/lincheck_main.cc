// lincheck: `harness check` on its own, for trying the checker without the
// bench. Same flags and exit codes as RunCheckCommand.
#include <string>
#include <vector>

#include "harness/linearizability/check_command.h"

int main(int argc, char** argv) {
  return harness::RunCheckCommand(std::vector<std::string>(argv + 1, argv + argc));
}
