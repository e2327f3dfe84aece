// A single-node kafka-style log for the bench's kafka tests: per key, a
// list of (offset, msg) with offsets 0, 1, 2, ...; polls return up to 5
// messages per key from the first offset at or after the one asked for;
// committed offsets are kept per key. Correct in the default mode. Each
// other mode (the first argument) plants one bug the kafka checker must
// name:
//   lose             every 10th send is acknowledged but never stored
//                    (:lost-write, :unseen)
//   skip             every 5th poll that has two or more messages for a key
//                    leaves out the first one (:poll-skip)
//   dup-offset       every 20th send gets the offset of the one before
//                    (:inconsistent-offsets)
//   g1a              every 10th send is stored, then answered with error 11
//                    (temporarily-unavailable, definite: the send :fails)
//                    (:G1a)
//   restart-offsets  the log lives in memory and, after a restart, offsets
//                    start lower than before (offset = 16 * n + 15 - the
//                    restart count mod 16: each restart's offsets start one
//                    below the last one's and never collide with them): a
//                    process that sends before and after a kill sees its
//                    offsets go backwards (:nonmonotonic-send, --nemesis kill)
//   disk             correct, and keeps log and commits in the file
//                    kafka.log (Node::AppendFile: its node directory, which
//                    survives a kill), appended before every reply; the
//                    twin of restart-offsets under kill
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "harness/testdata/bench_factories.h"
#include "harness/testdata/mini_main.h"

namespace bench {
namespace {

using nlohmann::json;

struct Log {
  std::vector<std::pair<int64_t, json>> entries;  // ascending offsets
  int64_t next = 0;                               // the next counter value
  bool has_committed = false;
  int64_t committed = 0;
};

struct Kafka {
  explicit Kafka(mini::Node& n) : node(n) {}

  mini::Node& node;
  std::string mode;
  std::map<std::string, Log> logs;
  int64_t sends = 0, polls = 0;
  int64_t generation = 0;  // restart-offsets: restarts so far
  bool disk = false;

  void Persist(const json& record) {
    if (!disk) return;
    node.io->AppendFile("kafka.log", record.dump() + "\n");
  }

  void Load() {
    std::istringstream in(node.io->ReadFile("kafka.log").value_or(""));
    std::string line;
    while (std::getline(in, line)) {
      json r = json::parse(line, nullptr, false);
      if (r.is_discarded()) continue;  // a torn last line
      Log& log = logs[r["k"].get<std::string>()];
      if (r.contains("o")) {
        int64_t o = r["o"].get<int64_t>();
        log.entries.emplace_back(o, r["m"]);
        log.next = std::max(log.next, o + 1);
      } else {
        log.has_committed = true;
        log.committed = std::max(log.committed, r["c"].get<int64_t>());
      }
    }
  }

  json Send(const json& body) {
    const std::string key = body["key"].get<std::string>();
    Log& log = logs[key];
    ++sends;
    int64_t offset;
    if (mode == "restart-offsets") {
      offset = 16 * log.next++ + 15 - generation % 16;
    } else if (mode == "dup-offset" && sends % 20 == 0 && log.next > 0) {
      offset = log.next - 1;
    } else {
      offset = log.next++;
    }
    const bool store = !(mode == "lose" && sends % 10 == 0);
    if (store) {
      log.entries.emplace_back(offset, body["msg"]);
      Persist({{"k", key}, {"o", offset}, {"m", body["msg"]}});
    }
    if (mode == "g1a" && sends % 10 == 0) {
      return {{"type", "error"}, {"code", 11}, {"text", "not now"}};
    }
    return {{"type", "send_ok"}, {"offset", offset}};
  }

  json Poll(const json& body) {
    ++polls;
    json msgs = json::object();
    for (auto it = body["offsets"].begin(); it != body["offsets"].end(); ++it) {
      auto l = logs.find(it.key());
      if (l == logs.end()) continue;
      const int64_t from = it.value().get<int64_t>();
      json pairs = json::array();
      for (const auto& [o, m] : l->second.entries) {
        if (o >= from && pairs.size() < 5) pairs.push_back({o, m});
      }
      if (mode == "skip" && pairs.size() >= 2 && polls % 5 == 0) pairs.erase(pairs.begin());
      if (!pairs.empty()) msgs[it.key()] = pairs;
    }
    return {{"type", "poll_ok"}, {"msgs", msgs}};
  }

  json Commit(const json& body) {
    for (auto it = body["offsets"].begin(); it != body["offsets"].end(); ++it) {
      Log& log = logs[it.key()];
      const int64_t c = it.value().get<int64_t>();
      log.committed = log.has_committed ? std::max(log.committed, c) : c;
      log.has_committed = true;
      Persist({{"k", it.key()}, {"c", c}});
    }
    return {{"type", "commit_offsets_ok"}};
  }

  json ListCommitted(const json& body) {
    json offsets = json::object();
    for (const auto& k : body["keys"]) {
      auto l = logs.find(k.get<std::string>());
      if (l != logs.end() && l->second.has_committed) offsets[l->first] = l->second.committed;
    }
    return {{"type", "list_committed_offsets_ok"}, {"offsets", offsets}};
  }
};

int64_t BumpGeneration(mini::Node& node) {
  int64_t g = 0;
  std::istringstream in(node.io->ReadFile("generation").value_or(""));
  in >> g;
  node.io->WriteFileAtomic("generation", std::to_string(g + 1) + "\n");
  return g;
}

class KafkaProgram final : public mini::Program {
 public:
  KafkaProgram(mini::Node& node, std::string mode) : node_(node), kafka_(node) {
    kafka_.mode = std::move(mode);
    if (kafka_.mode == "disk") {
      kafka_.Load();
      kafka_.disk = true;
    }
    if (kafka_.mode == "restart-offsets") kafka_.generation = BumpGeneration(node);
  }

  void Handle(const json& msg) override {
    const json& body = msg["body"];
    const std::string type = body["type"].get<std::string>();
    json reply;
    if (type == "send") {
      reply = kafka_.Send(body);
    } else if (type == "poll") {
      reply = kafka_.Poll(body);
    } else if (type == "commit_offsets") {
      reply = kafka_.Commit(body);
    } else if (type == "list_committed_offsets") {
      reply = kafka_.ListCommitted(body);
    } else {
      reply = {{"type", "error"}, {"code", 10}, {"text", "unsupported"}};
    }
    node_.Reply(msg, reply);
  }

 private:
  mini::Node& node_;
  Kafka kafka_;
};

}  // namespace

std::unique_ptr<mini::Program> MakeKafkaNode(mini::Node& node, const mini::Args& args) {
  return std::make_unique<KafkaProgram>(node, args.empty() ? "" : args[0]);
}

}  // namespace bench

#ifndef MINI_NO_MAIN
int main(int argc, char** argv) { return mini::Main(argc, argv, &bench::MakeKafkaNode); }
#endif
