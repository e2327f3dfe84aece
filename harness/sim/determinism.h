// CompareRunDirs: did two runs of one seed store the same thing?
//
// Compares, byte for byte, the files that must not depend on anything but
// the seed: the history (EDN and text), the network journal and the
// results. jepsen.log (wall-clock stamps), run.json (the store path) and
// the pictures derived from the compared files are left out.
#ifndef HARNESS_SIM_DETERMINISM_H_
#define HARNESS_SIM_DETERMINISM_H_

#include <string>
#include <vector>

namespace harness {

struct DeterminismReport {
  bool identical = false;
  std::string compared;    // "history.edn, history.txt, journal, results.edn"
  std::string difference;  // the first difference, when not identical
};

inline const std::vector<std::string>& DeterministicRunFiles() {
  static const std::vector<std::string> kFiles = {"history.edn", "history.txt", "journal",
                                                  "results.edn"};
  return kFiles;
}

DeterminismReport CompareRunDirs(const std::string& a, const std::string& b);

}  // namespace harness

#endif  // HARNESS_SIM_DETERMINISM_H_
