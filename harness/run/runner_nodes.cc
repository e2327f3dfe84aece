// Node processes of a run: spawning, and the NodeControl the kill, pause and
// clock faults act through (see runner_internal.h).
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "harness/nemesis/process_faults.h"
#include "harness/run/check.h"
#include "harness/run/runner_internal.h"
#include "harness/store/store.h"

namespace harness::run_internal {

std::string LibfaketimePath() {
  std::string path;
  if (const char* env = std::getenv("HARNESS_LIBFAKETIME"); env != nullptr && *env != '\0') {
    path = env;
  } else {
#ifdef HARNESS_LIBFAKETIME
    path = HARNESS_LIBFAKETIME;
#endif
  }
  if (path.empty() || access(path.c_str(), R_OK) != 0) return "";
  return path;
}

Runner::Node* Runner::FindNode(const std::string& id) {
  for (auto& n : nodes_) {
    if (n->id == id) return n.get();
  }
  return nullptr;
}

bool Runner::SpawnNodes() {
  std::error_code ec;
  bin_ = std::filesystem::canonical(o_.bin, ec).string();
  if (ec) bin_ = o_.bin;
  if (o_.has_nemesis("clock")) {
    libfaketime_ = LibfaketimePath();
    HARNESS_CHECK(!libfaketime_.empty());  // RunTest refuses the run without it
  }
  services_ = std::make_unique<ServiceHost>(&net_, o_.seed,
                                            [this](const std::string& l) { log_.Info(l); });
  for (const std::string& id : o_.nodes) {
    auto node = std::make_unique<Node>();
    node->id = id;
    node->dir = std::filesystem::absolute(absl::StrCat(run_dir_, "/node-dirs/", id), ec).string();
    std::filesystem::create_directories(node->dir, ec);
    if (ec) {
      log_.Info(absl::StrCat("Cannot create ", node->dir, ": ", ec.message()));
      return false;
    }
    Node* raw = node.get();
    nodes_.push_back(std::move(node));
    if (!libfaketime_.empty() && !SetClock(id, ClockFault::kTrueTime)) return false;
    if (!SpawnNode(*raw, /*restart=*/false)) return false;
    // A node reads the body as text: a body that came from a node is
    // forwarded as printed, never parsed into a tree.
    net_.Register(
        id,
        [this, raw](const NetMessage& m) {
          if (raw->exited || raw->process == nullptr) return;  // lost, as to a crashed node
          delivery_line_.clear();
          AppendDeliveryLine(m, &delivery_line_);
          if (!raw->process->Send(delivery_line_) && !raw->stdin_full_reported &&
              !raw->process->exited()) {
            raw->stdin_full_reported = true;
            Violation(absl::StrCat("node ", raw->id, " stopped reading its stdin (",
                                   raw->process->pending_bytes(),
                                   " bytes pending); later messages to it are dropped"));
          }
        },
        Network::BodyForm::kText);
  }
  return true;
}

bool Runner::SpawnNode(Node& node, bool restart) {
  Node* raw = &node;
  NodeProcess::Callbacks cb;
  cb.on_line = [this, raw](std::string_view line) { OnNodeLine(*raw, line); };
  cb.on_stderr = [this, raw](std::string_view line) {
    if (o_.log_stderr) log_.Info(absl::StrCat(raw->id, " stderr: ", std::string(line)));
  };
  cb.on_exit = [this, raw](const std::string& status) { OnNodeExit(*raw, status); };
  NodeProcess::SpawnOptions opts;
  opts.cwd = node.dir;
  opts.append_log = restart;
  // Tells a node where durable state of this run lives (the directory also
  // is its cwd): the real Maelstrom starts nodes in a /tmp shared with
  // earlier runs, so a node cannot trust its cwd to be fresh unless told.
  opts.env.push_back(absl::StrCat("KIT_STATE_DIR=", node.dir));
  if (!libfaketime_.empty()) {
    const char* preload = std::getenv("LD_PRELOAD");
    opts.env.insert(opts.env.end(), {
        absl::StrCat("LD_PRELOAD=", libfaketime_,
                     preload != nullptr && *preload != '\0' ? absl::StrCat(":", preload) : ""),
        absl::StrCat("FAKETIME_TIMESTAMP_FILE=", node.dir, "/faketime.rc"),
        // Read the spec on every clock call (about 5 us each), so a skew
        // takes effect at the moment the history records it.
        "FAKETIME_NO_CACHE=1",
        // libfaketime fakes CLOCK_MONOTONIC unless told not to; make sure.
        "FAKETIME_DONT_FAKE_MONOTONIC=0",
    });
  }
  auto p = NodeProcess::Spawn(&loop_, node.id, bin_, o_.node_args,
                              absl::StrCat(run_dir_, "/node-logs/", node.id, ".log"),
                              std::move(cb), opts);
  if (!p.ok()) {
    log_.Info(absl::StrCat("Could not start node ", node.id, ": ", p.status().message()));
    return false;
  }
  node.process = std::move(*p);
  node.exited = false;
  node.exit_status.clear();
  node.stdin_full_reported = false;
  return true;
}

void Runner::KillProcess(Node& node) {
  if (node.process == nullptr) return;
  // A stopped process dies of SIGKILL too, but resume it first so nothing
  // is ever left stopped.
  if (node.paused) node.process->Resume();
  node.paused = false;
  pid_t pid = node.process->pid();
  node.process->Kill();
  if (!libfaketime_.empty() && pid > 0) {
    // Named by the pid of the process that created them (libfaketime's
    // ft_shm_create); only an orderly exit removes them.
    std::remove(absl::StrCat("/dev/shm/faketime_shm_", pid).c_str());
    std::remove(absl::StrCat("/dev/shm/sem.faketime_sem_", pid).c_str());
  }
}

bool Runner::Kill(const std::string& id) {
  Node* n = FindNode(id);
  if (n == nullptr || n->down || n->exited || n->process == nullptr) return false;
  // A node that exited on its own is a crash, reported at teardown; the
  // nemesis does not hide it by restarting it.
  if (n->process->Poll()) return false;
  net_.SetDown(id, true);
  KillProcess(*n);
  n->process.reset();
  n->down = true;
  log_.Detail(absl::StrCat("Killed node ", id, "; messages to it are dropped until it restarts"));
  return true;
}

bool Runner::Restart(const std::string& id) {
  Node* n = FindNode(id);
  if (n == nullptr || !n->down) return false;
  if (!SpawnNode(*n, /*restart=*/true)) {
    Violation(absl::StrCat("node ", id, " could not be restarted after a kill"));
    return false;
  }
  n->down = false;
  net_.SetDown(id, false);  // drops anything sent to the dead process
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
  log_.Detail(absl::StrCat("Restarted node ", id, " (pid ", n->process->pid(), "); init sent"));
  return true;
}

bool Runner::Pause(const std::string& id) {
  Node* n = FindNode(id);
  if (n == nullptr || n->down || n->paused || n->process == nullptr) return false;
  if (n->process->Poll()) return false;
  n->process->Pause();
  n->paused = true;
  return true;
}

bool Runner::Resume(const std::string& id) {
  Node* n = FindNode(id);
  if (n == nullptr || !n->paused) return false;
  if (n->process != nullptr) n->process->Resume();
  n->paused = false;
  return true;
}

bool Runner::SetClock(const std::string& id, const ClockSkew& skew) {
  Node* n = FindNode(id);
  if (n == nullptr || libfaketime_.empty()) return false;
  // Written whole and renamed into place: the node reads the file on every
  // clock call and must never see half a spec.
  std::string path = absl::StrCat(n->dir, "/faketime.rc");
  if (auto s = WriteTextFile(path + ".tmp", skew.ToString() + "\n"); !s.ok()) {
    log_.Info(std::string(s.message()));
    return false;
  }
  std::error_code ec;
  std::filesystem::rename(path + ".tmp", path, ec);
  if (ec) {
    log_.Info(absl::StrCat("Cannot write ", path, ": ", ec.message()));
    return false;
  }
  return true;
}

}  // namespace harness::run_internal
