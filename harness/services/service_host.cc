#include "harness/services/service_host.h"

#include "absl/strings/str_cat.h"
#include "harness/services/kv_services.h"

namespace harness {

const std::vector<std::string>& ServiceHost::ServiceIds() {
  static const std::vector<std::string> ids = {"lin-kv", "seq-kv", "lww-kv", "lin-tso"};
  return ids;
}

ServiceHost::ServiceHost(Network* net, uint64_t seed, std::function<void(const std::string&)> log)
    : net_(net), log_(std::move(log)) {
  services_.emplace_back("lin-kv", std::make_unique<LinKv>());
  services_.emplace_back("seq-kv", std::make_unique<SeqKv>(Rng::Derive(seed, "seq-kv")));
  services_.emplace_back("lww-kv", std::make_unique<LwwKv>(Rng::Derive(seed, "lww-kv")));
  services_.emplace_back("lin-tso", std::make_unique<LinTso>());
  for (auto& [id, service] : services_) {
    Service* s = service.get();
    std::string sid = id;
    net_->Register(id, [this, sid, s](const NetMessage& m) { OnRequest(sid, s, m); });
  }
}

ServiceHost::~ServiceHost() {
  for (auto& [id, service] : services_) net_->Unregister(id);
}

void ServiceHost::OnRequest(const std::string& id, Service* service, const NetMessage& m) {
  auto reply = service->Handle(m.src, m.body);
  if (!reply.ok()) {
    if (log_) {
      log_(absl::StrCat("Error in service worker! ", id, " could not process ", m.body.dump(),
                        " from ", m.src, ": ", reply.status().message()));
    }
    return;
  }
  nlohmann::json body = std::move(*reply);
  auto msg_id = m.body.is_object() ? m.body.find("msg_id") : m.body.end();
  body["in_reply_to"] = (m.body.is_object() && msg_id != m.body.end()) ? *msg_id : nullptr;
  auto sent = net_->Send(id, m.src, std::move(body));
  if (!sent.ok() && log_) {
    log_(absl::StrCat(id, " could not reply to ", m.src, ": ", sent.status().message()));
  }
}

}  // namespace harness
