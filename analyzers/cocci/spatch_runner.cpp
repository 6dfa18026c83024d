#include "cocci/spatch_runner.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unistd.h>

#include "cocci/cocci_script.h"
#include "cocci/spatch_gc.h"
#include "core/atomic_file.h"
#include "core/parallel.h"
#include "core/temp_files.h"
#include "kernel/process.h"

namespace kconv {

namespace {

std::string slurp(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One spatch process over `files`; its files and wall time go to `timings`.
SpatchOutput runOnce(const SpatchSettings &s, const std::vector<std::string> &files,
                     std::vector<SpatchTiming> &timings) {
  JobSlot slot(s.slots.get());
  auto start = std::chrono::steady_clock::now();
  struct Timer {
    std::chrono::steady_clock::time_point start;
    const std::vector<std::string> &files;
    std::vector<SpatchTiming> &timings;
    ~Timer() {
      std::chrono::duration<double> d = std::chrono::steady_clock::now() - start;
      timings.push_back({files, d.count()});
    }
  } timer{start, files, timings};
  TempFile groupsFile(tempDirectory() + "/kconv-groups-XXXXXX"),
      outFile(tempDirectory() + "/kconv-out-XXXXXX"), errFile(tempDirectory() + "/kconv-err-XXXXXX");
  const std::string &groups = groupsFile.path(), &out = outFile.path(), &err = errFile.path();
  if (groups.empty() || out.empty() || err.empty())
    return {{}, {{"error", files.size() == 1 ? files[0] : "", "cannot create temporary files"}}};
  {
    std::ofstream g(groups);
    for (const std::string &f : files) g << f << "\n\n";
  }
  std::vector<std::string> argv = {s.program};
  argv.insert(argv.end(), s.arguments.begin(), s.arguments.end());
  argv.insert(argv.end(), {"--timeout", std::to_string(s.timeoutPerFile),
                           "--file-groups", groups});
  ProcessOptions options;
  options.logPath = out;
  options.stderrPath = err;
  options.extraEnv = s.environment;
  // spatch's --timeout counts matching, not parsing: leave room for both.
  options.timeoutSeconds = (s.timeoutPerFile + 60) * files.size();
  ProcessResult r = runProcess(argv, options);
  SpatchExit exit{r.exitCode, r.timedOut, r.error};
  return parseSpatchOutput(slurp(out), slurp(err), exit, files);
}

bool processFailed(const SpatchOutput &o) {
  for (const SpatchProblem &p : o.problems)
    if (p.kind == "crash" || (p.kind == "timeout" && p.file.empty())) return true;
  return false;
}

}  // namespace

SpatchRun runSpatch(const SpatchSettings &settings,
                    const std::vector<std::string> &files) {
  std::vector<std::vector<std::string>> batches;
  size_t size = std::max(1u, settings.batchSize);
  for (size_t i = 0; i < files.size(); i += size)
    batches.emplace_back(files.begin() + i, files.begin() + std::min(files.size(), i + size));

  std::vector<std::vector<SpatchOutput>> results(batches.size());
  std::vector<std::vector<SpatchTiming>> timings(batches.size());
  std::vector<bool> retried(batches.size(), false);
  std::atomic<size_t> next{0};
  std::mutex mutex;
  unsigned done = 0;
  auto work = [&] {
    for (size_t b = next++; b < batches.size(); b = next++) {
      SpatchOutput first = runOnce(settings, batches[b], timings[b]);
      if (processFailed(first) && batches[b].size() > 1) {
        retried[b] = true;
        for (const std::string &f : batches[b])
          results[b].push_back(runOnce(settings, {f}, timings[b]));
      } else {
        results[b].push_back(std::move(first));
      }
      std::lock_guard<std::mutex> lock(mutex);
      ++done;
      if (settings.progress) settings.progress(done, batches.size());
    }
  };
  runWorkers(std::max(1u, settings.jobs), work);

  SpatchRun run;
  for (size_t b = 0; b < batches.size(); ++b) {
    run.processes += retried[b] ? batches[b].size() + 1 : 1;
    run.batchesRetried += retried[b];
    run.timings.insert(run.timings.end(), timings[b].begin(), timings[b].end());
    for (SpatchOutput &o : results[b]) {
      run.records.insert(run.records.end(), o.records.begin(), o.records.end());
      run.problems.insert(run.problems.end(), o.problems.begin(), o.problems.end());
    }
  }
  return run;
}

SpatchRewrite runSpatchRewrite(const std::string &cocciFile,
                               const std::map<std::string, std::string> &files,
                               const std::vector<Location> &sites, const std::string &workDir) {
  namespace fs = std::filesystem;
  SpatchRewrite r;
  if (findProgram("spatch").empty()) {
    r.error = "missing tool: spatch (apt-get install coccinelle)";
    return r;
  }
  std::string root = (fs::path(workDir) / "files").string() + "/";
  std::error_code ec;
  fs::remove_all(root, ec);
  std::vector<std::string> argv = {"spatch", "--sp-file", cocciFile, "-D", "patch",
                                   "--in-place", "--very-quiet"};
  const std::vector<std::string> options = loadScript(cocciFile).options;
  argv.insert(argv.end(), options.begin(), options.end());
  argv.insert(argv.end(), {"--timeout", "300"});
  for (const auto &[path, content] : files) {
    fs::path copy = root + path;
    fs::create_directories(copy.parent_path());
    writeFileAtomically(copy.string(), content);
    argv.push_back(copy.string());
  }
  std::string list;
  for (const Location &l : sites)
    list += (list.empty() ? "" : ",") + l.file + ":" + std::to_string(l.line) + ":" +
            std::to_string(l.column);
  std::string log = workDir + "/spatch.log";
  ProcessOptions po;
  po.logPath = log;
  po.timeoutSeconds = 1800;
  po.extraEnv = spatchGcEnvironment(1);
  po.extraEnv.insert(po.extraEnv.end(), {"KCONV_SITES=" + list, "KCONV_ROOT=" + root});
  ProcessResult pr = runProcess(argv, po);
  if (pr.exitCode != 0) {
    std::string text = slurp(log), first = text.substr(0, text.find('\n'));
    r.error = "spatch " + fs::path(cocciFile).filename().string() + ": " +
              (pr.timedOut ? "timed out" : first.empty() ? "no output" : first);
    return r;
  }
  for (const auto &[path, content] : files) r.contents[path] = slurp(root + path);
  r.ok = true;
  return r;
}

}  // namespace kconv
