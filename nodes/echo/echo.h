// Echo (Gossip Glomers challenge 1): answers every `echo` with `echo_ok`
// carrying the same `echo` payload, whatever its JSON type.
#ifndef NODES_ECHO_ECHO_H_
#define NODES_ECHO_ECHO_H_

#include "runtime/node.h"

namespace echo {

// Registers the echo handler on `node`.
void Install(runtime::Node& node);

}  // namespace echo

#endif  // NODES_ECHO_ECHO_H_
