#include "kernel/interrupt.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <poll.h>
#include <sstream>
#include <unistd.h>
#include <vector>

namespace kconv {

namespace {

std::atomic<int> gSignal{0};
int gPipe[2] = {-1, -1};
struct sigaction gOldInt, gOldTerm;

void onSignal(int sig) {
  gSignal = sig;
  char c = 's';
  int saved = errno;
  (void)!::write(gPipe[1], &c, 1);
  errno = saved;
}

// pid -> parent pid of every process we can see.
std::map<pid_t, pid_t> parents() {
  std::map<pid_t, pid_t> out;
  DIR *proc = ::opendir("/proc");
  if (!proc) return out;
  while (dirent *e = ::readdir(proc)) {
    char *end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (*end || pid <= 0) continue;
    std::ifstream in(std::string("/proc/") + e->d_name + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t close = stat.rfind(')');  // the command name may hold spaces and ')'
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 1));
    std::string state;
    long ppid = 0;
    rest >> state >> ppid;
    out[static_cast<pid_t>(pid)] = static_cast<pid_t>(ppid);
  }
  ::closedir(proc);
  return out;
}

std::vector<pid_t> descendants() {
  auto all = parents();
  std::vector<pid_t> out = {::getpid()};
  for (size_t i = 0; i < out.size(); ++i)
    for (const auto &[pid, ppid] : all)
      if (ppid == out[i]) out.push_back(pid);
  out.erase(out.begin());
  return out;
}

void killDescendants(int sig) {
  for (pid_t pid : descendants()) ::kill(pid, sig);
}

// Waits for the signal (or the guard's end: 'q'), then keeps the process
// tree empty: SIGTERM at once and every second, SIGKILL after 5 seconds.
void watch() {
  auto since = std::chrono::steady_clock::time_point();
  for (;;) {
    pollfd p{gPipe[0], POLLIN, 0};
    int timeout = gSignal ? 1000 : -1;
    if (::poll(&p, 1, timeout) > 0) {
      char c = 0;
      if (::read(gPipe[0], &c, 1) == 1 && c == 'q') return;
    }
    if (!gSignal) continue;
    auto now = std::chrono::steady_clock::now();
    if (since == std::chrono::steady_clock::time_point()) since = now;
    killDescendants(now - since > std::chrono::seconds(5) ? SIGKILL : SIGTERM);
  }
}

}  // namespace

InterruptGuard::InterruptGuard() {
  gSignal = 0;
  if (::pipe2(gPipe, O_CLOEXEC) != 0) return;
  struct sigaction sa {};
  sa.sa_handler = onSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  ::sigaction(SIGINT, &sa, &gOldInt);
  ::sigaction(SIGTERM, &sa, &gOldTerm);
  watcher_ = std::thread(watch);
}

InterruptGuard::~InterruptGuard() {
  if (!watcher_.joinable()) return;
  char c = 'q';
  (void)!::write(gPipe[1], &c, 1);
  watcher_.join();
  ::sigaction(SIGINT, &gOldInt, nullptr);
  ::sigaction(SIGTERM, &gOldTerm, nullptr);
  ::close(gPipe[0]);
  ::close(gPipe[1]);
}

bool InterruptGuard::requested() { return gSignal != 0; }
int InterruptGuard::signal() { return gSignal; }

}  // namespace kconv
