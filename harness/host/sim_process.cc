#include "harness/host/sim_process.h"

#include <exception>
#include <utility>

#include "absl/strings/str_cat.h"
#include "runtime/message.h"
#include "runtime/node.h"
#include "runtime/transport.h"

namespace harness {
namespace {

// The node's messages become lines, as the stdio runtime prints them.
class LineTransport final : public runtime::Transport {
 public:
  explicit LineTransport(const SimProcessContext& context) : context_(context) {}
  void Send(runtime::Message message) override {
    context_.write_line(runtime::SerializeMessage(message));
  }
  bool Flush() override {
    context_.flush();
    return true;
  }

 private:
  SimProcessContext context_;
};

class RuntimeProcess final : public SimProcess {
 public:
  explicit RuntimeProcess(const SimProcessContext& context)
      : transport_(context), node_(transport_, *context.clock, runtime::Node::Options{.seed = context.seed}) {
    auto log = context.log;
    node_.SetLogSink([this, log](std::string_view line) {
      log(absl::StrCat(node_.id().empty() ? "(uninitialized)" : node_.id(), ": ", std::string(line)));
    });
  }
  ~RuntimeProcess() override {
    program_.reset();  // it holds references into the node
  }
  runtime::Node& node() { return node_; }
  void set_program(std::unique_ptr<runtime::Program> p) { program_ = std::move(p); }

  void ReceiveLine(std::string_view line) override { node_.ReceiveLine(line); }
  void RunDueTimers() override { node_.RunDueTimers(); }
  std::optional<runtime::Time> NextDeadline() const override { return node_.NextDeadline(); }
  runtime::Program* program() override { return program_.get(); }

 private:
  LineTransport transport_;
  runtime::Node node_;
  std::unique_ptr<runtime::Program> program_;
};

}  // namespace

SimProcessFactory RuntimeSimProcess(const runtime::ProgramSpec* program, std::vector<std::string> args) {
  return [program, args = std::move(args)](
             const SimProcessContext& context) -> absl::StatusOr<std::unique_ptr<SimProcess>> {
    auto process = std::make_unique<RuntimeProcess>(context);
    std::string refused;
    try {
      auto made = program->make(process->node(), *context.env, args);
      if (!made.ok()) return absl::InvalidArgumentError(absl::StrCat("node-", program->name, ": ", made.error().text));
      process->set_program(std::move(*made));
    } catch (const std::exception& e) {
      return absl::InternalError(absl::StrCat("node-", program->name, " threw while starting: ", e.what()));
    }
    return std::unique_ptr<SimProcess>(std::move(process));
  };
}

}  // namespace harness
