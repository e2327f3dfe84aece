// echo-throughput: pushes N echo requests through a node process over pipes
// and reports messages per second, for the node under test and for a
// baseline measured in the same run (speed figures are ratios, never
// absolute claims: the machine is shared and noisy).
//
// Usage: echo-throughput NODE_BINARY BASELINE_BINARY [N=200000] [ROUNDS=3]
// Each round runs both binaries; the best round of each is reported, with
// the idle resident memory of the node after init (VmRSS).
//
// Requests are pipelined: a writer thread streams all N while the reader
// counts replies, as Maelstrom's many concurrent clients would.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

namespace {

struct Child {
  pid_t pid;
  int to_child;
  int from_child;
};

Child Spawn(const char* path) {
  int in[2], out[2];
  if (pipe(in) != 0 || pipe(out) != 0) std::abort();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    close(in[1]);
    close(out[0]);
    execl(path, path, nullptr);
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  return Child{pid, in[1], out[0]};
}

void WriteAll(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = write(fd, s.data() + done, s.size() - done);
    if (n <= 0) std::abort();
    done += size_t(n);
  }
}

// Reads until `lines` newlines have arrived.
void ReadLines(int fd, long lines) {
  char buf[1 << 16];
  long seen = 0;
  while (seen < lines) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) {
      std::fprintf(stderr, "node closed its output after %ld of %ld lines\n", seen, lines);
      std::exit(1);
    }
    for (ssize_t i = 0; i < n; ++i) seen += buf[i] == '\n';
  }
}

long RssKb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

struct Figures {
  double msgs_per_s;
  long rss_kb;
};

Figures RunOnce(const char* path, long n) {
  Child c = Spawn(path);
  WriteAll(c.to_child,
           R"({"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}})"
           "\n");
  ReadLines(c.from_child, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  long rss = RssKb(c.pid);
  std::string batch;
  auto start = std::chrono::steady_clock::now();
  std::thread writer([&] {
    std::string chunk;
    for (long i = 0; i < n; ++i) {
      chunk += R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":)" + std::to_string(i + 2) +
               R"(,"echo":"Please echo )" + std::to_string(i % 128) + "\"}}\n";
      if (chunk.size() > (1 << 16)) {
        WriteAll(c.to_child, chunk);
        chunk.clear();
      }
    }
    WriteAll(c.to_child, chunk);
  });
  ReadLines(c.from_child, n);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  writer.join();
  close(c.to_child);
  close(c.from_child);
  kill(c.pid, SIGKILL);
  waitpid(c.pid, nullptr, 0);
  return Figures{double(n) / seconds, rss};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s NODE_BINARY BASELINE_BINARY [N] [ROUNDS]\n", argv[0]);
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  long n = argc > 3 ? std::atol(argv[3]) : 200000;
  int rounds = argc > 4 ? std::atoi(argv[4]) : 3;
  Figures best_node{0, 0}, best_base{0, 0};
  for (int r = 0; r < rounds; ++r) {
    Figures a = RunOnce(argv[1], n);
    Figures b = RunOnce(argv[2], n);
    if (a.msgs_per_s > best_node.msgs_per_s) best_node = a;
    if (b.msgs_per_s > best_base.msgs_per_s) best_base = b;
    std::printf("round %d: node %.0f msgs/s, baseline %.0f msgs/s\n", r + 1, a.msgs_per_s, b.msgs_per_s);
  }
  std::printf("node:     %.0f msgs/s (%.2f s for %ld), idle RSS %ld kB\n", best_node.msgs_per_s,
              double(n) / best_node.msgs_per_s, n, best_node.rss_kb);
  std::printf("baseline: %.0f msgs/s (%.2f s for %ld), idle RSS %ld kB\n", best_base.msgs_per_s,
              double(n) / best_base.msgs_per_s, n, best_base.rss_kb);
  std::printf("ratio node/baseline: %.2fx\n", best_node.msgs_per_s / best_base.msgs_per_s);
}
