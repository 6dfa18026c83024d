#include "qemu/guest_busybox.h"

#include <filesystem>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "kernel/cache_dir.h"
#include "kernel/process.h"
#include "qemu/elf_info.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

// dpkg's name for the host (asked once per run).
const std::string &hostDebianArch() {
  static const std::string arch = [] {
    std::string a = captureOutput({"dpkg", "--print-architecture"}).value_or("");
    while (!a.empty() && (a.back() == '\n' || a.back() == ' ')) a.pop_back();
    return a.empty() ? std::string("amd64") : a;
  }();
  return arch;
}

std::string hostBusybox(const GuestMachine &machine) {
  for (const char *p : {"/bin/busybox", "/usr/bin/busybox"}) {
    if (!fs::exists(p)) continue;
    if (readElfInfo(readFile(p)).dynamic)
      throw InputError(std::string(p) + " is dynamically linked: apt-get install busybox-static");
    checkGuestBinary(p, machine);
    return p;
  }
  throw InputError("missing tool: busybox (apt-get install busybox-static)");
}

// busybox-static_<version>_<arch>.deb in apt's archive cache, if any (the
// newest by name); "" when none.
std::string cachedDeb(const std::string &debianArch) {
  std::string best;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator("/var/cache/apt/archives", ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("busybox-static_", 0) == 0 &&
        name.size() > debianArch.size() + 5 &&
        name.compare(name.size() - debianArch.size() - 5, std::string::npos,
                     "_" + debianArch + ".deb") == 0 &&
        entry.path().string() > best)
      best = entry.path().string();
  }
  return best;
}

// The package from apt's cache or `apt-get download` into a scratch
// directory, dpkg-deb -x, keep bin/busybox.
std::string fetchBusybox(const GuestMachine &machine, const std::string &target,
                         const std::function<void(const std::string &)> &status) {
  std::string package = "busybox-static:" + machine.debianArch;
  std::string remedy = " (add the architecture once: dpkg --add-architecture " +
                       machine.debianArch + " && apt-get update)";
  if (findProgram("apt-get").empty() || findProgram("dpkg-deb").empty())
    throw InputError("missing busybox for the " + machine.arch +
                     " guest: no apt-get/dpkg-deb to fetch " + package);
  fs::path scratch = fs::path(target).parent_path() / ("fetch-" + machine.debianArch);
  fs::remove_all(scratch);
  fs::create_directories(scratch / "root");
  ProcessOptions po;
  po.workingDir = scratch.string();
  po.logPath = (scratch / "apt-get.log").string();
  po.timeoutSeconds = 300;
  // A package apt already has (an offline machine, a CI image) is used as is.
  std::string deb = cachedDeb(machine.debianArch);
  if (deb.empty()) {
    if (status) status("fetching " + package + " with apt-get download (once)");
    ProcessResult r = runProcess({"apt-get", "download", package}, po);
    for (const auto &entry : fs::directory_iterator(scratch))
      if (entry.path().extension() == ".deb") deb = entry.path().string();
    if (r.exitCode != 0 || deb.empty())
      throw InputError("missing busybox for the " + machine.arch + " guest: `apt-get download " +
                           package + "` failed" + remedy,
                       po.logPath);
  }
  po.logPath = (scratch / "dpkg-deb.log").string();
  ProcessResult r = runProcess({"dpkg-deb", "-x", deb, (scratch / "root").string()}, po);
  fs::path binary = scratch / "root/bin/busybox";
  if (r.exitCode != 0 || !fs::exists(binary))
    throw InputError(deb + " has no bin/busybox", po.logPath);
  checkGuestBinary(binary.string(), machine);
  writeFileAtomically(target, readFile(binary.string()));
  fs::permissions(target, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
  fs::remove_all(scratch);
  return target;
}

}  // namespace

void checkGuestBinary(const std::string &path, const GuestMachine &machine) {
  ElfInfo info = readElfInfo(readFile(path));
  if (!info.elf64) throw InputError(path + " is not a 64-bit ELF binary");
  if (info.dynamic) throw InputError(path + " is not statically linked");
  if (info.machine != machine.elfMachine)
    throw InputError(path + " is for " + archOfElfMachine(info.machine) + ", not " +
                     machine.arch);
}

std::string guestBusybox(const GuestMachine &machine,
                         const std::function<void(const std::string &)> &status) {
  if (machine.debianArch == hostDebianArch()) return hostBusybox(machine);
  fs::path dir = fs::path(cacheDir()) / "guest-tools";
  fs::create_directories(dir);
  std::string cached = (dir / ("busybox-" + machine.debianArch)).string();
  FileLock lock((dir / ("busybox-" + machine.debianArch + ".lock")).string());
  if (fs::exists(cached)) {
    checkGuestBinary(cached, machine);
    return cached;
  }
  return fetchBusybox(machine, cached, status);
}

}  // namespace kconv
