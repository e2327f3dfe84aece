// ServiceHost: puts the four built-in services on the network under their
// ids ("lin-kv", "seq-kv", "lww-kv", "lin-tso") and answers their requests.
//
// Each delivered request is handed to its service; a reply is sent back to
// the request's src with in_reply_to = the request's msg_id (null when
// absent), through the network, so it gets the configured latency. A
// request the service cannot process gets no reply and one line to `log`
// ("Error in service worker!"), as in Maelstrom. Owns the services; must
// outlive its registration (Unregister in the destructor).
#ifndef HARNESS_SERVICES_SERVICE_HOST_H_
#define HARNESS_SERVICES_SERVICE_HOST_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "harness/net/network.h"
#include "harness/services/service.h"

namespace harness {

class ServiceHost {
 public:
  ServiceHost(Network* net, uint64_t seed, std::function<void(const std::string&)> log);
  ~ServiceHost();
  ServiceHost(const ServiceHost&) = delete;
  ServiceHost& operator=(const ServiceHost&) = delete;

  static const std::vector<std::string>& ServiceIds();

 private:
  void OnRequest(const std::string& id, Service* service, const NetMessage& m);

  Network* net_;
  std::function<void(const std::string&)> log_;
  std::vector<std::pair<std::string, std::unique_ptr<Service>>> services_;
};

}  // namespace harness

#endif  // HARNESS_SERVICES_SERVICE_HOST_H_
