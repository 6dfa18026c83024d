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
#include <thread>
#include <vector>

#include "core/temp_files.h"

namespace kconv {

namespace {

std::atomic<int> gSignal{0};
InterruptGuard::Mode gMode = InterruptGuard::Mode::Finish;
int gPipe[2] = {-1, -1};
struct sigaction gOldInt, gOldTerm;

void onSignal(int sig) {
  gSignal = sig;
  // Mode::Finish (the gate) writes what it finished on purpose.
  if (gMode == InterruptGuard::Mode::Exit) setInterruptedBy(sig);
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

// Mode::Exit: the children are gone (or ignored SIGKILL's grace), so
// nothing writes any more: remove the temporary files and leave.
[[noreturn]] void exitInterrupted() {
  ::_exit(InterruptGuard::cleanUpAfterSignal());
}

// Waits for the signal (or the guard's end: 'q'), then keeps the process
// tree empty: SIGTERM at once and every second, SIGKILL after 5 seconds.
void watch() {
  auto since = std::chrono::steady_clock::time_point();
  for (;;) {
    pollfd p{gPipe[0], POLLIN, 0};
    int timeout = !gSignal ? -1 : gMode == InterruptGuard::Mode::Exit ? 100 : 1000;
    if (::poll(&p, 1, timeout) > 0) {
      char c = 0;
      if (::read(gPipe[0], &c, 1) == 1 && c == 'q') return;
    }
    if (!gSignal) continue;
    auto now = std::chrono::steady_clock::now();
    if (since == std::chrono::steady_clock::time_point()) since = now;
    auto elapsed = now - since;
    if (gMode == InterruptGuard::Mode::Exit &&
        (descendants().empty() || elapsed > std::chrono::seconds(7)))
      exitInterrupted();
    killDescendants(elapsed > std::chrono::seconds(5) ? SIGKILL : SIGTERM);
  }
}

}  // namespace

InterruptGuard::InterruptGuard(Mode mode) {
  gSignal = 0;
  setInterruptedBy(0);
  gMode = mode;
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

void InterruptGuard::stopChildren() {
  auto start = std::chrono::steady_clock::now();
  for (;;) {
    auto elapsed = std::chrono::steady_clock::now() - start;
    if (descendants().empty() || elapsed > std::chrono::seconds(7)) return;
    killDescendants(elapsed > std::chrono::seconds(5) ? SIGKILL : SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int InterruptGuard::cleanUpAfterSignal() {
  stopChildren();
  removeAllTempFiles();
  const char msg[] = "kconv: interrupted\n";
  (void)!::write(2, msg, sizeof msg - 1);
  return 128 + gSignal;
}

bool InterruptGuard::requested() { return gSignal != 0; }
int InterruptGuard::signal() { return gSignal; }

}  // namespace kconv
