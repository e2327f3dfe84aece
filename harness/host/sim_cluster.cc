#include "harness/host/sim_cluster.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "harness/net/message.h"

namespace harness {

SimCluster::SimCluster(Options options)
    : options_(std::move(options)),
      net_(&loop_, NetworkOptions{options_.latency}, Rng::Derive(options_.seed, "latency")) {
  services_ = std::make_unique<ServiceHost>(&net_, options_.seed,
                                            [this](const std::string& l) { logs_.push_back(l); });
  SimHostOptions host = options_.host;
  host.process = options_.process;
  host.seed = options_.seed;
  for (int i = 0; i < options_.nodes; ++i) ids_.push_back(absl::StrCat("n", i));
  for (const std::string& id : ids_) {
    SimHost* raw = nullptr;
    NodeHost::Callbacks cb;
    cb.on_line = [this, id](std::string_view line) {
      EnvelopeParser parser;
      auto env = parser.Parse(line);
      if (!env.ok()) {
        logs_.push_back(absl::StrCat(id, " printed a malformed line: ", std::string(line)));
        return;
      }
      auto sent = env->body_text.empty() ? net_.Send(env->src, env->dest, std::move(env->body))
                                         : net_.SendText(env->src, env->dest, std::move(env->body_text));
      if (!sent.ok()) logs_.push_back(absl::StrCat(id, ": ", sent.status().message()));
    };
    cb.on_stderr = [this](std::string_view line) { logs_.emplace_back(line); };
    cb.on_exit = [this, id](const std::string& status) {
      logs_.push_back(absl::StrCat(id, " exited: ", status));
    };
    hosts_.push_back(std::make_unique<SimHost>(&loop_, NodeHostSpec{id, "", ""}, std::move(cb), host));
    raw = hosts_.back().get();
    net_.Register(
        id,
        [raw](const NetMessage& m) {
          std::string line;
          AppendDeliveryLine(m, &line);
          raw->Deliver(line);
        },
        Network::BodyForm::kText);
    (void)raw->Start(/*restart=*/false);
  }
}

SimCluster::~SimCluster() {
  clients_.clear();
  for (const std::string& id : ids_) net_.Unregister(id);
  hosts_.clear();
  services_.reset();
}

SimHost& SimCluster::host(const std::string& id) {
  for (size_t i = 0; i < ids_.size(); ++i) {
    if (ids_[i] == id) return *hosts_[i];
  }
  return *hosts_.front();
}

bool SimCluster::InitAll(int64_t timeout_ms) {
  bool all = true;
  for (const std::string& id : ids_) {
    auto reply = Request(id, {{"type", "init"}, {"node_id", id}, {"node_ids", ids_}}, timeout_ms);
    all = all && reply && reply->value("type", "") == "init_ok";
  }
  return all;
}

std::optional<nlohmann::json> SimCluster::Request(const std::string& node, nlohmann::json body,
                                                  int64_t timeout_ms) {
  std::optional<nlohmann::json> result;
  bool done = false;
  Call(node, std::move(body), timeout_ms, [&](std::optional<nlohmann::json> reply) {
    result = std::move(reply);
    done = true;
  });
  loop_.RunUntil([&] { return done; }, loop_.NowNs() + (timeout_ms + 1) * 1'000'000);
  return result;
}

void SimCluster::Call(const std::string& node, nlohmann::json body, int64_t timeout_ms,
                      RpcClient::Done done) {
  int64_t n = next_client_++;
  auto client = std::make_unique<RpcClient>(&net_, &loop_, absl::StrCat("c", n), &discarded_);
  RpcClient* raw = client.get();
  clients_[n] = std::move(client);
  // The client closes (unregisters) once answered, as a Maelstrom client
  // that gives up or moves on; RpcClient allows destroying it in `done`.
  raw->Call(node, std::move(body), timeout_ms,
            [this, n, done = std::move(done)](std::optional<nlohmann::json> reply) mutable {
              RpcClient::Done keep = std::move(done);  // safe whatever erasing the client frees
              clients_.erase(n);
              keep(std::move(reply));
            });
}

void SimCluster::Run(int64_t ns) {
  loop_.RunUntil([] { return false; }, loop_.NowNs() + ns);
}

void SimCluster::Partition(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const std::string& x : a) {
    for (const std::string& y : b) {
      cuts_[x].insert(y);
      cuts_[y].insert(x);
    }
  }
  net_.SetGrudge(cuts_);
}

void SimCluster::Heal() {
  cuts_.clear();
  net_.Heal();
}

void SimCluster::Kill(const std::string& id) {
  net_.SetDown(id, true);
  host(id).Kill();
}

bool SimCluster::Restart(const std::string& id) {
  if (!host(id).Start(/*restart=*/true).ok()) return false;
  net_.SetDown(id, false);
  auto reply = Request(id, {{"type", "init"}, {"node_id", id}, {"node_ids", ids_}});
  return reply && reply->value("type", "") == "init_ok";
}

void SimCluster::Pause(const std::string& id) { host(id).Pause(); }
void SimCluster::Resume(const std::string& id) { host(id).Resume(); }
void SimCluster::SetClock(const std::string& id, const ClockSkew& skew) { host(id).SetClock(skew); }

int64_t SimCluster::server_messages() const {
  int64_t n = 0;
  for (const JournalEvent& e : net_.journal()) {
    if (e.kind == JournalEvent::Kind::kSend && !e.src.empty() && e.src[0] == 'n' && !e.dest.empty() &&
        e.dest[0] == 'n') {
      ++n;
    }
  }
  return n;
}

}  // namespace harness
