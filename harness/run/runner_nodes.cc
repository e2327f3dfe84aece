// The nodes of a run: starting them on their hosts, and the NodeControl
// the kill, pause and clock faults act through (see runner_internal.h).
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "harness/run/check.h"
#include "harness/run/runner_internal.h"

namespace harness::run_internal {

Runner::Node* Runner::FindNode(const std::string& id) {
  for (auto& n : nodes_) {
    if (n->id == id) return n.get();
  }
  return nullptr;
}

bool Runner::StartNodes() {
  services_ = std::make_unique<ServiceHost>(&net_, o_.seed,
                                            [this](const std::string& l) { log_.Info(l); });
  for (const std::string& id : o_.nodes) {
    auto node = std::make_unique<Node>();
    node->id = id;
    std::error_code ec;
    node->dir = std::filesystem::absolute(absl::StrCat(run_dir_, "/node-dirs/", id), ec).string();
    std::filesystem::create_directories(node->dir, ec);
    if (ec) {
      log_.Info(absl::StrCat("Cannot create ", node->dir, ": ", ec.message()));
      return false;
    }
    Node* raw = node.get();
    NodeHost::Callbacks cb;
    cb.on_line = [this, raw](std::string_view line) { OnNodeLine(*raw, line); };
    cb.on_stderr = [this, raw](std::string_view line) {
      if (o_.log_stderr) log_.Info(absl::StrCat(raw->id, " stderr: ", std::string(line)));
    };
    cb.on_exit = [this, raw](const std::string& status) { OnNodeExit(*raw, status); };
    node->host =
        hosts_(NodeHostSpec{id, node->dir, absl::StrCat(run_dir_, "/node-logs/", id, ".log")},
               std::move(cb));
    HARNESS_CHECK(node->host != nullptr);
    nodes_.push_back(std::move(node));
    if (!StartNode(*raw, /*restart=*/false)) return false;
    // A node reads the body as text: a body that came from a node is
    // forwarded as printed, never parsed into a tree.
    net_.Register(
        id,
        [this, raw](const NetMessage& m) {
          if (raw->exited || !raw->running) return;  // lost, as to a crashed node
          delivery_line_.clear();
          AppendDeliveryLine(m, &delivery_line_);
          if (!raw->host->Deliver(delivery_line_) && !raw->stdin_full_reported &&
              raw->host->exit_status().empty()) {
            raw->stdin_full_reported = true;
            Violation(absl::StrCat("node ", raw->id, " stopped reading its stdin (",
                                   raw->host->pending_bytes(),
                                   " bytes pending); later messages to it are dropped"));
          }
        },
        Network::BodyForm::kText);
  }
  return true;
}

bool Runner::StartNode(Node& node, bool restart) {
  if (auto s = node.host->Start(restart); !s.ok()) {
    log_.Info(absl::StrCat("Could not start node ", node.id, ": ", s.message()));
    return false;
  }
  node.running = true;
  node.exited = false;
  node.exit_status.clear();
  node.stdin_full_reported = false;
  return true;
}

void Runner::StopNode(Node& node) {
  if (!node.running) return;
  node.host->Kill();  // a paused node is resumed first: nothing is left stopped
  node.paused = false;
  node.running = false;
}

bool Runner::Kill(const std::string& id) {
  Node* n = FindNode(id);
  if (n == nullptr || n->down || n->exited || !n->running) return false;
  // A node that exited on its own is a crash, reported at teardown; the
  // nemesis does not hide it by restarting it.
  if (n->host->Poll()) return false;
  net_.SetDown(id, true);
  StopNode(*n);
  n->down = true;
  log_.Detail(absl::StrCat("Killed node ", id, "; messages to it are dropped until it restarts"));
  return true;
}

bool Runner::Restart(const std::string& id) {
  Node* n = FindNode(id);
  if (n == nullptr || !n->down) return false;
  if (!StartNode(*n, /*restart=*/true)) {
    Violation(absl::StrCat("node ", id, " could not be restarted after a kill"));
    return false;
  }
  n->down = false;
  net_.SetDown(id, false);  // drops anything sent to the dead incarnation
  auto client = OpenClient();
  RpcClient* raw = client.get();
  std::string cid = raw->id();
  restart_clients_[cid] = std::move(client);
  json init = {{"type", "init"}, {"node_id", id}, {"node_ids", o_.nodes}};
  raw->Call(id, init, kInitTimeoutMs, [this, id, cid](std::optional<json> reply) {
    bool ok = reply && reply->is_object() && reply->value("type", "") == "init_ok";
    Node* node = FindNode(id);
    if (!ok && node != nullptr && !node->down && !node->exited) {
      Violation(absl::StrCat("node ", id, " did not answer init within ", kInitTimeoutMs,
                             " ms after its restart", reply ? absl::StrCat(": ", reply->dump()) : ""));
    }
    auto it = restart_clients_.find(cid);
    if (it != restart_clients_.end()) {
      auto c = std::move(it->second);
      restart_clients_.erase(it);
      CloseClient(std::move(c));  // this runs inside that client's callback
    }
  });
  log_.Detail(absl::StrCat("Restarted node ", id, " (", n->host->describe(), "); init sent"));
  return true;
}

bool Runner::Pause(const std::string& id) {
  Node* n = FindNode(id);
  if (n == nullptr || n->down || n->paused || !n->running) return false;
  if (n->host->Poll()) return false;
  n->host->Pause();
  n->paused = true;
  return true;
}

bool Runner::Resume(const std::string& id) {
  Node* n = FindNode(id);
  if (n == nullptr || !n->paused) return false;
  if (n->running) n->host->Resume();
  n->paused = false;
  return true;
}

bool Runner::SetClock(const std::string& id, const ClockSkew& skew) {
  Node* n = FindNode(id);
  if (n == nullptr) return false;
  if (!n->host->SetClock(skew)) {
    log_.Info(absl::StrCat("Could not set the clock of node ", id, " to ", skew.ToString()));
    return false;
  }
  return true;
}

}  // namespace harness::run_internal
