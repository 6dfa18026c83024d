#include "kernel/build_dir.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "kernel/cache_dir.h"
#include "kernel/make_runner.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

// Bumped whenever the preparation recipe changes, so old build directories
// are prepared again rather than trusted.
constexpr const char *kRecipeVersion = "prepare-v2";  // v2: the dry run at -j1
constexpr const char *kCompiler = "clang";

// One `make` in the build directory, output appended to the kept log (or,
// for `make -n`, stdout to its own file and a failing exit tolerated).
void makeStep(const KernelTree &tree, const PreparedBuild &build, unsigned jobs,
             const std::vector<std::string> &targets, const std::string &what,
             const std::string &stdoutPath = "") {
  std::string log = build.buildDir + "/kconv-prepare.log";
  MakeStep step;
  step.args = targets;
  step.what = what;
  step.logPath = stdoutPath.empty() ? log : stdoutPath;
  step.stderrPath = stdoutPath.empty() ? "" : log + ".stderr";
  step.appendLog = stdoutPath.empty();  // one log for all steps
  step.checkExit = stdoutPath.empty();
  runMake(tree, scanMakeInvocation(tree, build.buildDir, jobs), step);
}

std::string stampFor(const KernelTree &tree, const BuildConfig &config) {
  std::string fragment =
      config.fragmentPath.empty() ? "" : readFile(config.fragmentPath);
  return shortHash(std::string(kRecipeVersion) + '\0' + tree.root + '\0' +
                       tree.version + '\0' + tree.arch + '\0' + fragment,
                   40);
}

void checkOutOfTreeBuildPossible(const KernelTree &tree) {
  checkOutOfTreeBuildable(tree, "run `make mrproper` there or generate compile_commands.json in it");
  if (findProgram(kCompiler).empty())
    throw InputError("missing tool: clang (apt-get install clang)");
  if (findProgram("make").empty())
    throw InputError("missing tool: make (apt-get install make)");
}

void configure(const KernelTree &tree, const PreparedBuild &build,
               const BuildConfig &config, unsigned jobs) {
  makeStep(tree, build, jobs, {"defconfig"}, "make defconfig");
  if (!config.fragmentPath.empty()) {
    std::ofstream dotConfig(fs::path(build.buildDir) / ".config", std::ios::app);
    dotConfig << "\n" << readFile(config.fragmentPath);
  }
  makeStep(tree, build, jobs, {"olddefconfig"}, "make olddefconfig");
}

std::vector<DroppedOption> checkFragment(const PreparedBuild &build,
                                         const BuildConfig &config) {
  if (config.fragmentPath.empty()) return {};
  return droppedOptions(parseKconfig(readFile(config.fragmentPath)),
                        parseKconfig(readFile(build.buildDir + "/.config")));
}

// `make -n` walks the whole build without running it: Kbuild's recursive
// makes still run and print every compiler command, nothing is compiled.
// The link of vmlinux fails under -n (its archives were never made), hence
// -k and no check of the exit code; an empty result is the error. Serial
// (-j1, about 10 s on v6.12): parallel sub-makes interleave their printed
// commands mid-line, and 30-odd of 4,600 TUs then vanished at random from
// one run's compile database to the next.
std::vector<CompileCommand> dryRunCommands(const KernelTree &tree,
                                           const PreparedBuild &build,
                                           unsigned jobs) {
  std::string output = build.buildDir + "/kconv-dry-run.txt";
  makeStep(tree, build, 1, {"-n", "-k", "all"}, "make -n all", output);
  auto commands = parseDryRun(readFile(output), kCompiler, build.buildDir);
  if (commands.empty())
    throw InputError("no C compilations found in `make -n all` for " +
                     tree.root + " (see " + output + ")");
  return commands;
}

void saveDropped(const PreparedBuild &build) {
  nlohmann::json j = nlohmann::json::array();
  for (const DroppedOption &d : build.dropped)
    j.push_back({{"name", d.name}, {"wanted", d.wanted}, {"got", d.got}});
  writeFileAtomically(build.buildDir + "/kconv-dropped.json", j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::vector<DroppedOption> loadDropped(const PreparedBuild &build) {
  std::vector<DroppedOption> out;
  std::string path = build.buildDir + "/kconv-dropped.json";
  if (!fs::exists(path)) return out;
  for (const auto &d : nlohmann::json::parse(readFile(path)))
    out.push_back({d["name"], d["wanted"], d["got"]});
  return out;
}

PreparedBuild fromTreeDatabase(const KernelTree &tree) {
  PreparedBuild build;
  build.fromTree = true;
  build.reused = true;
  build.configName = "tree";
  build.compileDbPath = tree.root + "/compile_commands.json";
  build.buildDir = tree.root;
  build.commands = loadCompileDatabase(build.compileDbPath);
  return build;
}

}  // namespace

BuildConfig buildConfigFor(const std::string &arg, const RulePack &rules) {
  std::string path = arg.empty() ? rules.kconfigFragment : arg;
  if (!arg.empty() && !fs::exists(path))
    path = (fs::path(rules.dir) / (arg + ".config")).string();
  if (path.empty() || !fs::exists(path))
    throw InputError("no such config fragment: " + (arg.empty() ? rules.dir + "/*.config" : arg));
  return {fs::path(path).stem().string(), fs::absolute(path).string()};
}

PreparedBuild prepareBuild(const KernelTree &tree, const BuildConfig &config,
                           const PrepareOptions &options) {
  auto status = [&](const std::string &msg) {
    if (options.status) options.status(msg);
  };
  if (fs::exists(tree.root + "/compile_commands.json"))
    return fromTreeDatabase(tree);
  checkOutOfTreeBuildPossible(tree);

  PreparedBuild build;
  build.configName = config.name;
  // Keyed by everything the preparation depends on (tree, fragment content,
  // recipe): two kconv versions or rule packs never re-prepare one directory
  // under each other's running scans.
  std::string stamp = stampFor(tree, config);
  build.buildDir = cacheDir() + "/build/" + shortHash(tree.root, 8) + "-" +
                   config.name + "-" + tree.arch + "-" + stamp.substr(0, 8);
  build.compileDbPath = build.buildDir + "/compile_commands.json";
  fs::create_directories(build.buildDir);
  FileLock lock(build.buildDir + "/.kconv.lock");

  std::string stampPath = build.buildDir + "/kconv-stamp";
  if (fs::exists(stampPath) && readFile(stampPath) == stamp &&
      fs::exists(build.compileDbPath)) {
    build.reused = true;
    build.dropped = loadDropped(build);
    build.commands = loadCompileDatabase(build.compileDbPath);
    return build;
  }

  fs::remove(stampPath);
  fs::remove(build.buildDir + "/kconv-prepare.log");
  status("configuring " + tree.version + " (defconfig + " + config.name + ")");
  configure(tree, build, config, options.jobs);
  build.dropped = checkFragment(build, config);
  saveDropped(build);
  status("make prepare");
  makeStep(tree, build, options.jobs, {"prepare"}, "make prepare");
  status("collecting compile commands (make -n)");
  build.commands = dryRunCommands(tree, build, options.jobs);
  writeCompileDatabase(build.compileDbPath, build.commands);
  writeFileAtomically(stampPath, stamp);
  return build;
}

}  // namespace kconv
