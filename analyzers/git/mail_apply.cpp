#include "git/mail_apply.h"

#include <filesystem>
#include <sstream>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv::git {

namespace {

std::string trimEnd(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

struct Plumbing {
  std::string workDir;
  std::vector<std::string> env;

  // Runs git with the private index and objects; stdout returned, nullopt
  // on failure with stderr in `error`.
  std::optional<std::string> run(const std::vector<std::string> &args, std::string &error,
                                 const std::vector<std::string> &extraEnv = {},
                                 const std::string &stdinPath = "") const {
    ProcessOptions po;
    po.workingDir = workDir;
    po.logPath = workDir + "/git.out";
    po.stderrPath = workDir + "/git.err";
    po.stdinPath = stdinPath;
    po.extraEnv = env;
    po.extraEnv.insert(po.extraEnv.end(), extraEnv.begin(), extraEnv.end());
    std::vector<std::string> argv = {"git"};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessResult r = runProcess(argv, po);
    if (r.exitCode != 0) {
      error = trimEnd(readFile(po.stderrPath));
      if (error.empty()) error = r.error.empty() ? "git " + args[0] + " failed" : r.error;
      return std::nullopt;
    }
    return trimEnd(readFile(po.logPath));
  }
};

}  // namespace

std::string applyErrorSummary(const std::string &out) {
  std::istringstream in(out);
  std::string first, failed;
  for (std::string line; std::getline(in, line);) {
    if (first.empty() && !line.empty()) first = line;
    if (failed.empty() && (line.find("patch failed:") != std::string::npos ||
                           line.find("does not exist in index") != std::string::npos ||
                           line.find("already exists in index") != std::string::npos ||
                           line.find("corrupt patch") != std::string::npos))
      failed = line;
  }
  return failed.empty() ? first : failed;
}

AppliedMailbox applyMailbox(const Repository &repo, const Mailbox &box, const std::string &base,
                            const std::string &workDir) {
  AppliedMailbox out;
  out.base = base;
  out.objectDir = workDir + "/objects";
  std::error_code ec;
  fs::remove_all(workDir, ec);
  fs::create_directories(out.objectDir);
  out.gitEnvironment = {"GIT_ALTERNATE_OBJECT_DIRECTORIES=" + out.objectDir};

  Plumbing git;
  git.workDir = workDir;
  // GIT_DIR alone would let git take the scratch directory for a work tree;
  // --cached below never looks at one. No user or system configuration
  // (apply.whitespace, am.threeWay, ...) changes what is applied.
  git.env = {"GIT_DIR=" + fs::path(repo.objectsDir()).parent_path().string(),
             "GIT_INDEX_FILE=" + workDir + "/index",
             "GIT_OBJECT_DIRECTORY=" + out.objectDir,
             "GIT_ALTERNATE_OBJECT_DIRECTORIES=" + repo.objectsDir(),
             "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null"};
  std::string error;
  if (!git.run({"read-tree", base}, error))
    throw InputError("cannot read the base " + base + ": " + error.substr(0, 200));

  std::string parent = base;
  for (size_t i = 0; i < box.patches.size(); ++i) {
    const MailPatch &p = box.patches[i];
    // -3: a patch whose context moved is merged from the blobs it names,
    // as git am -3 does; a conflict is a patch that does not apply.
    if (!git.run({"apply", "--cached", "-3", p.patchFile}, error)) {
      out.failedPatch = i;
      out.failure = error;
      break;
    }
    auto tree = git.run({"write-tree"}, error);
    if (!tree) {
      out.failedPatch = i;
      out.failure = error;
      break;
    }
    std::string message = p.subject + "\n";
    if (!p.body.empty()) message += "\n" + p.body;
    std::string messageFile = workDir + "/message";
    writeFileAtomically(messageFile, message);
    std::vector<std::string> who = {"GIT_AUTHOR_NAME=" + p.authorName,
                                    "GIT_AUTHOR_EMAIL=" + p.authorEmail,
                                    "GIT_AUTHOR_DATE=" + p.date,
                                    "GIT_COMMITTER_NAME=" + p.authorName,
                                    "GIT_COMMITTER_EMAIL=" + p.authorEmail,
                                    "GIT_COMMITTER_DATE=" + p.date};
    auto commit = git.run({"commit-tree", *tree, "-p", parent, "-F", messageFile}, error, who);
    if (!commit) throw InputError("git commit-tree failed: " + error.substr(0, 200));
    out.commits.push_back(*commit);
    parent = *commit;
  }
  return out;
}

}  // namespace kconv::git
