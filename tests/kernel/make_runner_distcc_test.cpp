// The test kernel's make through distcc, for real (label: kernel): a
// distccd from Debian's package listening on 127.0.0.1 only, DISTCC_HOSTS
// pointing at it, an empty ccache (so every compile is a miss ccache hands
// to distcc) and DISTCC_FALLBACK=0 (a job distcc cannot send fails instead
// of quietly compiling here). kconv test's configuration of the default
// tree, then `make mm/`: distccd's own log must show every object of mm/
// compiled there.
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include "kernel/default_tree.h"
#include "kernel/kernel_tree.h"
#include "kernel/make_runner.h"
#include "kernel/process.h"
#include "qemu/harness_config.h"
#include "support/scratch_dir.h"

namespace fs = std::filesystem;

namespace kconv {
namespace {

// A port nothing listens on now (bound once by the kernel's choice).
int freePort() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (s < 0 || ::bind(s, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 ||
      ::getsockname(s, reinterpret_cast<sockaddr *>(&a), &len) != 0)
    return 0;
  ::close(s);
  return ntohs(a.sin_port);
}

// distccd in the foreground, as a child this test stops at the end.
class Distccd {
 public:
  Distccd(int port, const std::string &log) {
    // The log is opened here, before exec: distccd run by root drops to
    // the distcc user, which could not open a file in root's directory.
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fd, STDERR_FILENO);
      // distccd drops to the distcc user and chdirs to $TMPDIR: the test
      // process's private TMPDIR (0700, root's) would stop it at start.
      ::unsetenv("TMPDIR");
      std::string p = std::to_string(port);
      ::execlp("distccd", "distccd", "--daemon", "--no-detach", "--allow", "127.0.0.1",
               "--listen", "127.0.0.1", "--port", p.c_str(), "--jobs", "2", "--log-level",
               "info", "--log-stderr", static_cast<char *>(nullptr));
      ::_exit(127);
    }
    ::close(fd);
  }
  ~Distccd() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }

 private:
  pid_t pid_ = -1;
};

TEST(DistccBuild, TheTestKernelsCompilesRunOnTheDistccServer) {
  ASSERT_FALSE(findProgram("distccd").empty()) << "apt-get install distcc";
  ASSERT_FALSE(findProgram("distcc").empty());
  std::string dir = kconv::test::processScratchDir("kconv-distcc");
  int port = freePort();
  ASSERT_NE(port, 0);
  std::string log = dir + "/distccd.log";
  Distccd server(port, log);
  ::usleep(500000);  // distccd binds its port

  ::setenv("DISTCC_HOSTS", ("127.0.0.1:" + std::to_string(port) + "/2").c_str(), 1);
  ::setenv("DISTCC_FALLBACK", "0", 1);
  ::setenv("CCACHE_DIR", (dir + "/ccache").c_str(), 1);  // empty: every compile a miss
  MakeInvocation inv = kernelMakeInvocation(detectKernelTree(ensureDefaultTree()), dir, 1);
  EXPECT_NE(std::find(inv.env.begin(), inv.env.end(), "CCACHE_PREFIX=distcc"), inv.env.end());
  EXPECT_NE(std::find(inv.argv.begin(), inv.argv.end(), "-j2"), inv.argv.end())
      << "make runs as many jobs as distcc's hosts take";

  KernelMake make;
  make.tree = detectKernelTree(ensureDefaultTree());
  make.buildDir = dir + "/o";
  make.jobs = 1;
  configureTestKernel(make, testConfigFragments("x86_64"));
  try {
    make.run({"mm/"}, "distcc-mm", "make mm/");
  } catch (const std::exception &e) {
    std::string text = readFile(log);
    FAIL() << e.what() << "\ndistccd's log ends:\n"
           << text.substr(text.size() > 4000 ? text.size() - 4000 : 0);
  }

  unsigned objects = 0;
  for (const auto &e : fs::directory_iterator(make.buildDir + "/mm"))
    if (e.path().extension() == ".o" && e.path().filename() != "built-in.o") ++objects;
  std::string text = readFile(log);
  std::regex ok(R"(COMPILE_OK .* \S+ \S*mm/[^ ]+\.c)");
  unsigned compiled = static_cast<unsigned>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), ok), std::sregex_iterator()));
  std::cout << objects << " objects in mm/, " << compiled << " mm/ compiles on distccd\n";
  EXPECT_GT(objects, 20u);
  EXPECT_GE(compiled, objects) << text.substr(text.size() > 4000 ? text.size() - 4000 : 0);
  EXPECT_EQ(text.find("COMPILE_ERROR"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kconv
