#include "qemu/guest_programs.h"

#include <algorithm>
#include <filesystem>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "core/regex.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

// Copies the module sources into the O= directory, leaving unchanged files
// alone so their objects stay up to date (incremental module builds).
std::string stageModuleSources(const std::string &from, const std::string &buildDir) {
  fs::path to = fs::path(buildDir) / "kconv-extmod" / "refcount";
  fs::create_directories(to);
  for (const auto &entry : fs::directory_iterator(from)) {
    if (!entry.is_regular_file()) continue;
    fs::path target = to / entry.path().filename();
    std::string content = readFile(entry.path().string());
    if (fs::exists(target) && readFile(target.string()) == content) continue;
    writeFileAtomically(target.string(), content);
  }
  return to.string();
}

// The convention the KUnit suite checks, as the -D flags its Kbuild adds.
std::string conventionFlags(const FreePageConvention &c) {
  return "-DKCONV_CONVENTION=" + c.name +
         " -DKCONV_FREE_REF_PRIVATE=" + std::to_string(c.privateFree) +
         " -DKCONV_FREE_REF_GENERIC=" + std::to_string(c.genericFree) +
         " -DKCONV_FREE_REF_FSDAX=" + std::to_string(c.fsdaxFree) +
         " -DKCONV_GENERIC_RESET_ON_FREE=" + (c.genericResetOnFree ? "1" : "0");
}

std::string buildModules(const KernelMake &make, const std::string &ciDir,
                         const FreePageConvention &convention, const ZoneDeviceApi &api) {
  std::string dir = stageModuleSources(ciDir + "/refcount", make.buildDir);
  make.run({"M=" + dir,
            "KCONV_REFCOUNT_CFLAGS=" + conventionFlags(convention) + " " + api.compileFlags(),
            "modules"},
           "refcount-modules", "building ci/guest/refcount modules");
  return dir;
}

// The compiler of the guest's static programs: the host's cc for its own
// architecture; Clang for another (lld links, against Debian's cross libc).
std::vector<std::string> staticCompiler(const GuestMachine &machine) {
  if (machine.clangTarget.empty()) return {"cc"};
  return {"clang", "--target=" + machine.clangTarget, "-fuse-ld=lld"};
}

// A static binary for the initramfs (no libc in the guest but busybox's).
std::string compileStatic(const KernelMake &make, const GuestMachine &machine,
                          const std::string &source, const std::string &output,
                          const std::vector<std::string> &flags, const std::string &step) {
  requireStaticCompiler(machine);
  fs::create_directories(fs::path(output).parent_path());
  std::vector<std::string> argv = staticCompiler(machine);
  argv.insert(argv.end(), {"-static", "-O2", "-Wall"});
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), {source, "-o", output, "-lrt", "-lpthread", "-lm"});
  ProcessOptions po;
  po.logPath = make.logPath(step);
  ProcessResult r = runProcess(argv, po);
  if (r.exitCode != 0)
    throw BuildError("compiling " + source + " failed", po.logPath);
  return output;
}

}  // namespace

void requireStaticCompiler(const GuestMachine &machine) {
  std::string compiler = staticCompiler(machine).front();
  if (findProgram(compiler).empty())
    throw InputError("missing tool: " + compiler + " (apt-get install " +
                     (compiler == "cc" ? "build-essential" : "clang lld") + ")");
  if (!fs::exists(machine.staticLibc))
    throw InputError("missing static libc for the " + machine.arch +
                     " guest programs (apt-get install " + machine.libcPackage + ")");
}

std::string hmmTestsSource(const KernelTree &tree) {
  for (const char *dir : {"mm", "vm"}) {
    fs::path p = fs::path(tree.root) / "tools/testing/selftests" / dir / "hmm-tests.c";
    if (fs::exists(p)) return p.string();
  }
  throw InputError("no hmm-tests.c in " + tree.root + "/tools/testing/selftests/{mm,vm}");
}

unsigned hmmTestsBound(const std::string &text) {
  unsigned bound = 900;
  Regex declared(R"(\bTEST_F_TIMEOUT\s*\(\s*\w+\s*,\s*\w+\s*,\s*(\d{1,5})\s*\))");
  // Capped: a tree's file may say anything; a day bounds any real suite.
  for (const Regex::Match &m : declared.searchAll(text))
    bound = std::min(bound + static_cast<unsigned>(std::stoul(m.str(1))), 86400u);
  return bound;
}

GuestPrograms buildGuestPrograms(const KernelMake &make, const GuestMachine &machine,
                                 const KernelBuild &kernel,
                                 const FreePageConvention &convention,
                                 const ZoneDeviceApi &api, const std::string &ciDir) {
  GuestPrograms p;
  std::string modules = buildModules(make, ciDir, convention, api);
  p.refcountTestModule = modules + "/kconv_refcount_test.ko";
  p.pagerefModule = modules + "/kconv_pageref.ko";
  std::string bin = make.buildDir + "/kconv-guest";
  // As the selftests Makefile builds it: the tree root for lib/ and mm/
  // headers, the tree's UAPI headers, no fortify (the harness trips it).
  p.hmmTests = compileStatic(make, machine, hmmTestsSource(make.tree), bin + "/hmm-tests",
                             {"-I" + make.tree.root, "-isystem", kernel.uapiInclude,
                              "-U_FORTIFY_SOURCE"},
                             "hmm-tests");
  p.fsdaxTest = compileStatic(make, machine, ciDir + "/fsdax/fsdax_refcount.c", bin + "/fsdax_refcount",
                              {"-Wextra"}, "fsdax_refcount");
  for (const std::string &f : {p.refcountTestModule, p.pagerefModule})
    if (!fs::exists(f)) throw InputError("module build produced no " + f);
  return p;
}

}  // namespace kconv
