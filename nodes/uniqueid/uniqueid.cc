#include "nodes/uniqueid/uniqueid.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nodes/uniqueid/epoch_file.h"

namespace uniqueid {

UniqueIdNode::UniqueIdNode(runtime::Node& node, runtime::Disk& disk, std::string state_dir)
    : node_(node), disk_(disk), state_dir_(std::move(state_dir)) {
  node_.OnInit([this] { Start(); });
  node_.On("generate", [this](const runtime::Message& request) {
    node_.Reply(request, runtime::Json{{"type", "generate_ok"}, {"id", ids_->Next()}});
  });
}

void UniqueIdNode::Start() {
  std::string path = absl::StrCat(state_dir_, "/uniqueid-", node_.id(), ".epoch");
  runtime::Result<uint64_t> epoch = BumpEpoch(disk_, path);
  if (epoch.ok()) {
    ids_.emplace(node_.id(), absl::StrCat(*epoch));
    return;
  }
  // Availability first: a random epoch keeps ids unique with overwhelming
  // probability, where refusing to serve would fail every request.
  std::string random_epoch = absl::StrFormat("x%016x", node_.random()());
  node_.Log(absl::StrCat("epoch file unusable (", epoch.error().text, "); using random epoch ", random_epoch));
  ids_.emplace(node_.id(), random_epoch);
}

}  // namespace uniqueid
