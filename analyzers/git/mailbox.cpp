#include "git/mailbox.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

#include "core/atomic_file.h"
#include "core/errors.h"
#include "kernel/process.h"

namespace fs = std::filesystem;

namespace kconv::git {

namespace {

std::string trim(const std::string &s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

bool isHex(const std::string &s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isxdigit(c) && !std::isupper(c);
  });
}

// mailinfo's stdout: "Author: ...\nEmail: ...\nSubject: ...\nDate: ...".
std::map<std::string, std::string> mailinfoFields(const std::string &out) {
  std::map<std::string, std::string> fields;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    size_t colon = line.find(": ");
    if (colon != std::string::npos) fields[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return fields;
}

MailPatch readMessage(const std::string &file, const std::string &dir) {
  MailPatch p;
  p.file = file;
  std::string text = readFile(file);
  auto headers = mailHeaders(text);
  p.messageId = headers["message-id"];
  p.inReplyTo = headers["in-reply-to"];
  p.references = headers["references"];
  p.to = headers["to"];
  p.cc = headers["cc"];
  p.rawSubject = headers["subject"];
  std::tie(p.number, p.total) = patchNumber(p.rawSubject);

  std::string stem = fs::path(file).filename().string();
  std::string msg = dir + "/" + stem + ".msg", out = dir + "/" + stem + ".info";
  p.patchFile = dir + "/" + stem + ".patch";
  ProcessOptions po;
  po.stdinPath = file;
  po.logPath = out;
  po.stderrPath = dir + "/" + stem + ".mailinfo.log";
  // What git am does with a message: the same cleaning of the subject, the
  // same charset handling (re-encoded to UTF-8).
  ProcessResult r = runProcess({"git", "mailinfo", "-u", msg, p.patchFile}, po);
  if (r.exitCode != 0)
    throw InputError("git mailinfo could not read message " + stem + ": " +
                     trim(readFile(po.stderrPath)).substr(0, 200));
  auto info = mailinfoFields(readFile(out));
  p.authorName = info["Author"];
  p.authorEmail = info["Email"];
  p.subject = info["Subject"];
  p.date = info["Date"];
  p.body = readFile(msg);
  p.hasDiff = fs::file_size(p.patchFile) > 0;
  return p;
}

}  // namespace

std::map<std::string, std::string> mailHeaders(const std::string &message) {
  std::map<std::string, std::string> out;
  std::istringstream in(message);
  std::string name, value;
  auto flush = [&] {
    if (name.empty()) return;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    out.emplace(name, trim(value));  // emplace: the first occurrence wins
    name.clear();
    value.clear();
  };
  bool first = true;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (first && line.rfind("From ", 0) == 0) {  // the mbox separator line
      first = false;
      continue;
    }
    first = false;
    if (line.empty()) break;
    if (line[0] == ' ' || line[0] == '\t') {  // a folded continuation
      if (!name.empty()) value += " " + trim(line);
      continue;
    }
    flush();
    size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) continue;
    name = line.substr(0, colon);
    value = line.substr(colon + 1);
  }
  flush();
  return out;
}

std::pair<unsigned, unsigned> patchNumber(const std::string &subject) {
  // The bracket that holds "n/m": "[PATCH v2 03/10]", "[RFC PATCH 1/2]".
  for (size_t open = subject.find('['); open != std::string::npos;
       open = subject.find('[', open + 1)) {
    size_t close = subject.find(']', open);
    if (close == std::string::npos) break;
    std::istringstream words(subject.substr(open + 1, close - open - 1));
    for (std::string w; words >> w;) {
      size_t slash = w.find('/');
      if (slash == std::string::npos || slash == 0 || slash + 1 == w.size() || w.size() > 13 ||
          slash > 6)
        continue;
      std::string n = w.substr(0, slash), m = w.substr(slash + 1);
      auto digits = [](const std::string &s) {
        return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
      };
      if (digits(n) && digits(m)) return {std::stoul(n), std::stoul(m)};
    }
  }
  return {0, 0};
}

std::string findBaseCommit(const std::string &text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("base-commit:", 0) != 0) continue;
    std::string id = trim(line.substr(12));
    if (id.size() >= 7 && id.size() <= 64 && isHex(id)) return id;
  }
  return "";
}

Mailbox readMailbox(const std::string &mboxFile, const std::string &workDir) {
  if (!fs::is_regular_file(mboxFile) && mboxFile != "/dev/stdin")
    throw InputError("cannot read mailbox " + mboxFile);
  std::error_code ec;
  fs::remove_all(workDir, ec);
  fs::create_directories(workDir);
  ProcessOptions po;
  po.logPath = workDir + "/mailsplit.out";
  // -b: a file holding one message without a "From " line is still read;
  // --mboxrd: undo b4's and lore's ">From " quoting, as git am --patch-format=mboxrd.
  ProcessResult r = runProcess({"git", "mailsplit", "-b", "--mboxrd", "-o" + workDir, mboxFile}, po);
  if (r.exitCode != 0)
    throw InputError("cannot split mailbox " + mboxFile + ": " +
                     trim(readFile(po.logPath)).substr(0, 200));
  std::vector<std::string> files;
  for (const auto &e : fs::directory_iterator(workDir)) {
    std::string name = e.path().filename().string();
    if (name.size() == 4 && std::all_of(name.begin(), name.end(), ::isdigit))
      files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) throw InputError("mailbox " + mboxFile + " holds no message");

  Mailbox box;
  for (const std::string &f : files) {
    MailPatch p = readMessage(f, workDir);
    if (box.baseCommit.empty()) box.baseCommit = findBaseCommit(readFile(f));
    if (p.hasDiff) {
      box.patches.push_back(std::move(p));
    } else if (!box.cover && box.patches.empty()) {  // [PATCH 0/m] comes first
      box.cover = std::move(p);
    } else {
      box.skipped.push_back(p.rawSubject);
    }
  }
  if (box.patches.empty()) throw InputError("mailbox " + mboxFile + " holds no patch (no diff in any message)");
  // A lore thread comes in arrival order: put a numbered series in order.
  bool numbered = std::all_of(box.patches.begin(), box.patches.end(),
                              [](const MailPatch &p) { return p.number > 0; });
  if (numbered)
    std::stable_sort(box.patches.begin(), box.patches.end(),
                     [](const MailPatch &a, const MailPatch &b) { return a.number < b.number; });
  return box;
}

}  // namespace kconv::git
