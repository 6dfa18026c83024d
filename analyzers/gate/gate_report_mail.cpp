#include "gate/gate_report_mail.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/atomic_file.h"
#include "gate/findings_delta.h"
#include "kernel/cache_dir.h"
#include "core/text_escape.h"

namespace fs = std::filesystem;

namespace kconv {

namespace {

std::string base64(const std::string &in) {
  static const char *table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += table[(n >> s) & 63];
  }
  if (i < in.size()) {
    unsigned n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += table[(n >> 18) & 63];
    out += table[(n >> 12) & 63];
    out += i + 1 < in.size() ? table[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Header values come from mail kconv did not write: no line break may
// start a new header of its own.
std::string oneLine(const std::string &s) {
  std::string out = escapeLine(s);
  for (char &c : out)
    if (c == '\r' || c == '\n') c = ' ';
  return out;
}

// "[PATCH v2 3/5]" of the raw subject, or "[PATCH]".
std::string patchTag(const std::string &rawSubject) {
  size_t open = rawSubject.find('['), close = rawSubject.find(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return "[PATCH]";
  return rawSubject.substr(open, close - open + 1);
}

// "../../gate/ab12/checkout/mm/x.c:3: error" -> "mm/x.c:3: error": paths
// into kconv's scratch checkout mean nothing to the patch's author.
std::string treeRelative(std::string line, const std::string &marker) {
  if (marker.empty()) return line;
  for (size_t at; (at = line.find(marker)) != std::string::npos;) {
    size_t start = line.find_last_of(" \t'\"(", at);
    start = start == std::string::npos ? 0 : start + 1;
    line.erase(start, at + marker.size() - start);
  }
  return line;
}

// The first "error:" of a build log, with the lines around it, as the
// robot quotes a compiler's error.
std::vector<std::string> errorContext(const std::string &logPath, const std::string &marker) {
  std::ifstream in(logPath);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    lines.push_back(treeRelative(line, marker).substr(0, 300));
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].find("error:") != std::string::npos || lines[i].find("Error ") != std::string::npos) {
      size_t from = i >= 3 ? i - 3 : 0, to = std::min(lines.size(), i + 6);
      return {lines.begin() + from, lines.begin() + to};
    }
  return {};
}

std::string fileStem(size_t index, const std::string &subject) {
  std::string stem = (index + 1 < 10 ? "0" : "") + std::to_string(index + 1) + "-";
  for (char c : subject.substr(0, 50)) stem += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return stem;
}

}  // namespace

std::string encodeHeader(const std::string &value) {
  for (unsigned char c : value)
    if (c >= 0x80) return "=?UTF-8?B?" + base64(value) + "?=";
  return value;
}

std::string replyMail(const ReplyContext &c, size_t i) {
  const GateReport &report = *c.report;
  const CommitResult &r = report.commits[i];
  const Verdict &v = report.verdicts[i];
  const git::MailPatch *mail =
      c.mailbox && i < c.mailbox->patches.size() ? &c.mailbox->patches[i] : nullptr;
  std::string n = std::to_string(i + 1) + "/" + std::to_string(report.seriesLength);

  std::ostringstream h;
  h << "From: kconv gate <kconv@localhost>\n";
  if (mail) {
    h << "To: " << encodeHeader(oneLine(mail->authorName)) << " <" << oneLine(mail->authorEmail)
      << ">\n";
    std::string cc = mail->to;
    if (!mail->cc.empty()) cc += (cc.empty() ? "" : ", ") + mail->cc;
    if (!cc.empty()) h << "Cc: " << oneLine(cc) << "\n";
    if (!mail->date.empty()) h << "Date: " << oneLine(mail->date) << "\n";
  }
  std::string subject = mail ? "Re: " + oneLine(mail->rawSubject)
                             : "Re: [PATCH " + n + "] " + oneLine(r.subject);
  h << "Subject: " << encodeHeader(subject) << "\n";
  if (mail && !mail->messageId.empty()) {
    h << "In-Reply-To: " << oneLine(mail->messageId) << "\n";
    std::string refs = mail->references.empty() ? mail->inReplyTo : mail->references;
    h << "References: " << (refs.empty() ? "" : oneLine(refs) + " ") << oneLine(mail->messageId)
      << "\n";
  }
  h << "Message-ID: <kconv-gate-" << shortHash(report.base + r.subject + r.messageId + n, 16)
    << "@localhost>\n"
    << "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
    << "Content-Transfer-Encoding: 8bit\n\n";

  std::ostringstream b;
  b << "Hi " << (mail && !mail->authorName.empty() ? oneLine(mail->authorName) : "there") << ",\n\n"
    << "kconv gate checked patch " << n << " of this series and it fails:\n\n";
  for (const std::string &reason : v.reasons) b << "  - " << escapeLine(reason) << "\n";
  b << "\n[" << (r.applyError.empty() ? "kconv gate FAIL" : "kconv gate: does not apply")
    << " on " << commitReference(report.base, report.baseSubject) << "]\n\n"
    << "base:      " << report.base << "\n"
    << "patch:     " << (mail ? oneLine(patchTag(mail->rawSubject)) : "[PATCH " + n + "]") << " "
    << oneLine(r.subject)
    << "\n"
    << "tree:      Linux " << report.kernelVersion << " at " << report.tree << "\n"
    << "config:    " << report.testConfig << " (build, QEMU tests"
    << [&] {
         std::string a;
         for (const std::string &x : report.crossArches) a += ", " + x;
         return a.empty() ? std::string() : "; also built for" + a.substr(1);
       }()
    << "); " << report.scanConfig
    << " (findings)\n"
    << "compiler:  " << report.compiler << "\n"
    << "reproduce:\n"
    << "        git checkout " << report.base << "\n";
  if (!c.mboxPath.empty())
    b << "        git am -3 " << c.mboxPath << "\n";
  b << "        " << report.reproduce << "\n\n";

  if (!r.applyError.empty()) {
    b << "git apply said:\n\n";
    std::istringstream lines(escapeControls(r.applyError));
    for (std::string line; std::getline(lines, line);) b << "   " << line << "\n";
    b << "\n";
  }
  auto archOnly = archOnlyAdded(r);
  if (!r.findings.added.empty() || !archOnly.empty()) {
    b << "New findings are prefixed by >>:\n\n";
    for (const Finding &f : r.findings.added) {
      b << ">> " << findingLine(f) << "\n";
      if (!f.code.empty()) b << "   " << f.code << "\n";
    }
    for (const auto &[arch, f] : archOnly) {
      b << ">> [ARCH=" << arch << "] " << findingLine(f) << "\n";
      if (!f.code.empty()) b << "   " << f.code << "\n";
    }
    b << "\n";
  }
  if (r.build.state == StepState::Failed) {
    b << "Build error" << (r.build.log.empty() ? "" : " (" + r.build.log + " in the report)")
      << ":\n\n";
    std::vector<std::string> context =
        r.build.log.empty() ? std::vector<std::string>{} : errorContext(c.reportDir + "/" + r.build.log, c.checkoutMarker);
    if (context.empty() && !r.build.error.empty()) context = {r.build.error};
    for (const std::string &line : context) b << "   " << line << "\n";
    b << "\n";
  }
  for (const auto &[arch, build] : r.archBuilds) {
    if (build.state != StepState::Failed) continue;
    b << "Build error, ARCH=" << arch << " LLVM=1"
      << (build.log.empty() ? "" : " (" + build.log + " in the report)") << ":\n\n";
    std::vector<std::string> context = build.log.empty()
        ? std::vector<std::string>{}
        : errorContext(c.reportDir + "/" + build.log, c.checkoutMarker);
    if (context.empty() && !build.error.empty()) context = {build.error};
    for (const std::string &line : context) b << "   " << line << "\n";
    b << "\n";
  }
  auto tests = [&](const TestsStep &t, const std::string &arch) {
    if (t.failedTests.empty() && t.splats.empty() && !t.timedOut) return;
    b << "QEMU refcount tests" << (arch.empty() ? "" : ", ARCH=" + arch) << " (" << t.summary
      << "):\n\n";
    for (const std::string &name : t.failedTests) b << "   FAIL " << name << "\n";
    for (const std::string &s : t.splats) b << "   splat: " << s << "\n";
    if (t.timedOut) b << "   the QEMU run timed out\n";
    b << "\n";
  };
  tests(r.tests, "");
  for (const auto &[arch, t] : r.archTests) tests(t, arch);
  if (r.checkpatch.errors > 0) {
    b << "checkpatch.pl:\n\n";
    for (const std::string &m : r.checkpatch.messages) b << "   " << m << "\n";
    b << "\n";
  }
  b << "-- \nkconv gate " << KCONV_VERSION
    << ". Written, not sent: review it before sending it.\n";
  return h.str() + b.str();
}

std::vector<std::string> writeReplyMails(const ReplyContext &c) {
  std::string dir = c.reportDir + "/mail";
  std::error_code ec;
  fs::remove_all(dir, ec);
  std::vector<std::string> written;
  for (size_t i = 0; i < c.report->commits.size(); ++i) {
    if (c.report->verdicts[i].pass) continue;
    fs::create_directories(dir);
    std::string path = dir + "/" + fileStem(i, c.report->commits[i].subject) + ".eml";
    writeFileAtomically(path, replyMail(c, i));
    written.push_back(path);
  }
  return written;
}

}  // namespace kconv
