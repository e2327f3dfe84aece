// CheckNet: Maelstrom's network statistics, computed from the journal alone
// (init, topology and service traffic included, as in Maelstrom).
//
// A message is a client message when its src or dest is a client ('c...');
// every other message (node<->node, node<->service) is a server message.
// Per group: :send-count (send events), :recv-count (deliveries; a message a
// partition dropped has none) and :msg-count (distinct message ids). When the
// history has client invocations (all :invoke ops of numbered processes,
// final reads included), :all and :servers also get :msgs-per-op =
// msg-count / invocations. Output: {:all {..} :clients {..} :servers {..}
// :valid? true}; always valid. Pure, O(m log m) in the journal length.
#ifndef HARNESS_CHECKERS_NET_CHECKER_H_
#define HARNESS_CHECKERS_NET_CHECKER_H_

#include "harness/checkers/analysis.h"
#include "harness/history/journal.h"
#include "harness/history/op.h"

namespace harness {

CheckResult CheckNet(const History& history, const Journal& journal);

}  // namespace harness

#endif  // HARNESS_CHECKERS_NET_CHECKER_H_
