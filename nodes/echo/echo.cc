#include "nodes/echo/echo.h"

#include "runtime/fields.h"

namespace echo {

void Install(runtime::Node& node) {
  node.On("echo", [&node](const runtime::Message& request) {
    // Only the documented fields go back: Maelstrom checks replies against a
    // closed schema, so the request's other keys must not be echoed.
    runtime::Json reply = runtime::Json::object();
    reply["type"] = "echo_ok";
    reply["echo"] = runtime::Field(request.body, "echo");
    node.Reply(request, std::move(reply));
  });
}

}  // namespace echo
