#include "harness/testdata/mini_sim.h"

#include <exception>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace mini {
namespace {

class SimIo final : public Io {
 public:
  explicit SimIo(const harness::SimProcessContext& context) : context_(context) {}

  bool dead() const { return dead_; }
  // While the factory runs, log lines are held back: if it refuses to
  // start they become the factory's error, which the host logs itself.
  void HoldLog(bool hold) { holding_ = hold; }
  std::vector<std::string> TakeHeldLog() { return std::exchange(held_, {}); }
  void Die(const std::string& why) {
    if (!dead_) Log(why);
    dead_ = true;
  }

  void WriteLine(const std::string& line) override {
    if (dead_) return;
    context_.write_line(line);
    context_.flush();
  }
  void Log(const std::string& line) override {
    if (holding_) {
      held_.push_back(line);
    } else {
      context_.log(line);
    }
  }
  Time Now() override { return context_.clock->Now(); }
  Time WallNow() override {
    return context_.wall_clock != nullptr ? context_.wall_clock->Now() : context_.clock->Now();
  }

  std::optional<std::string> ReadFile(const std::string& name) override {
    runtime::Disk& disk = *context_.env->disk;
    const std::string path = PathOf(name);
    absl::StatusOr<uint64_t> size = disk.FileSize(path);
    if (!size.ok()) return std::nullopt;
    absl::StatusOr<std::string> bytes = disk.ReadAt(path, 0, *size);
    if (!bytes.ok()) return std::nullopt;
    return *std::move(bytes);
  }
  void WriteFileAtomic(const std::string& name, const std::string& text) override {
    if (dead_) return;
    runtime::Disk& disk = *context_.env->disk;
    const std::string path = PathOf(name);
    const std::string tmp = path + ".tmp";
    (void)disk.Remove(tmp);  // a leftover of a kill between write and rename
    Check(disk.Append(tmp, text), "append", tmp);
    Check(disk.Sync(tmp), "sync", tmp);
    Check(disk.Rename(tmp, path), "rename", tmp);
    Check(disk.SyncDir(Dir()), "sync dir", Dir());
  }
  void AppendFile(const std::string& name, const std::string& text) override {
    if (dead_) return;
    runtime::Disk& disk = *context_.env->disk;
    const std::string path = PathOf(name);
    // A new file's name must survive a kill too.
    const bool fresh = !disk.FileSize(path).ok();
    Check(disk.Append(path, text), "append", path);
    Check(disk.Sync(path), "sync", path);
    if (fresh) Check(disk.SyncDir(Dir()), "sync dir", Dir());
  }
  void Exit(int status) override { Die(absl::StrCat("exited with status ", status)); }

 private:
  std::string Dir() const {
    return context_.env->state_dir.empty() ? "." : context_.env->state_dir;
  }
  std::string PathOf(const std::string& name) const {
    return context_.env->state_dir.empty() ? name : context_.env->state_dir + "/" + name;
  }
  // A process whose write fails (disk full) carries on unaware, as the
  // process's ofstream would; say so in the log.
  void Check(const absl::Status& status, const char* what, const std::string& path) {
    if (!status.ok()) Log(absl::StrCat("mini: ", what, " ", path, ": ", status.ToString()));
  }

  harness::SimProcessContext context_;
  bool dead_ = false;
  bool holding_ = false;
  std::vector<std::string> held_;
};

class MiniSimProcess final : public harness::SimProcess {
 public:
  MiniSimProcess(std::unique_ptr<SimIo> io, std::unique_ptr<Node> node,
                 std::unique_ptr<Program> program)
      : io_(std::move(io)),
        node_(std::move(node)),
        program_(std::move(program)),
        ticker_(*program_, node_->Now()) {}

  void ReceiveLine(std::string_view line) override {
    if (io_->dead()) return;
    try {
      Dispatch(*node_, *program_, std::string(line));
    } catch (const std::exception& e) {
      // As a process this is an uncaught exception: abort.
      io_->Die(absl::StrCat("terminate called after throwing: ", e.what()));
    }
  }

  void RunDueTimers() override {
    if (io_->dead()) return;
    try {
      ticker_.RunIfDue(*program_, node_->Now());
    } catch (const std::exception& e) {
      io_->Die(absl::StrCat("terminate called after throwing: ", e.what()));
    }
  }

  std::optional<runtime::Time> NextDeadline() const override {
    if (io_->dead() || !ticker_.enabled()) return std::nullopt;
    return ticker_.next();
  }

 private:
  // Declaration order is destruction order reversed: the program holds a
  // Node&, the node an Io*.
  std::unique_ptr<SimIo> io_;
  std::unique_ptr<Node> node_;
  std::unique_ptr<Program> program_;
  Ticker ticker_;
};

}  // namespace

harness::SimProcessFactory SimFactory(Factory make, Args args) {
  return [make, args = std::move(args)](const harness::SimProcessContext& context)
             -> absl::StatusOr<std::unique_ptr<harness::SimProcess>> {
    auto io = std::make_unique<SimIo>(context);
    auto node = std::make_unique<Node>(io.get(), context.seed);
    std::unique_ptr<Program> program;
    io->HoldLog(true);
    try {
      program = make(*node, args);
    } catch (const std::exception& e) {
      io->Log(absl::StrCat("terminate called after throwing: ", e.what()));
    }
    io->HoldLog(false);
    std::vector<std::string> said = io->TakeHeldLog();
    if (program == nullptr) {
      return absl::InvalidArgumentError(said.empty() ? "refused to start"
                                                     : absl::StrJoin(said, "\n"));
    }
    for (const std::string& line : said) context.log(line);
    return std::unique_ptr<harness::SimProcess>(
        new MiniSimProcess(std::move(io), std::move(node), std::move(program)));
  };
}

}  // namespace mini
