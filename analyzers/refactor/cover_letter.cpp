#include "refactor/cover_letter.h"

#include <ctime>
#include <sstream>

#include "core/atomic_file.h"
#include "git/tree_diff.h"
#include "refactor/flag_intro.h"

namespace kconv::refactor {

namespace {

// RFC 2822 date of the series' (fixed) author date.
std::string mailDate(const git::Signature &s) {
  time_t t = static_cast<time_t>(s.time + s.offsetMinutes * 60);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S", &tm);
  char zone[16];
  int off = s.offsetMinutes < 0 ? -s.offsetMinutes : s.offsetMinutes;
  snprintf(zone, sizeof zone, "%c%02d%02d", s.offsetMinutes < 0 ? '-' : '+', off / 60, off % 60);
  return std::string(buf) + " " + zone;
}

}  // namespace

std::string checksSection(const SeriesOutcome &s) {
  std::ostringstream out;
  if (!s.checked) {
    out << "The patches were not compile-checked (--no-check).\n";
  } else {
    out << wrapText("Each patch was compiled on its own: every translation unit it touches "
                    "and every one that includes a header it touches, with its exact command "
                    "from the scan configuration's compile database (clang -fsyntax-only), "
                    "against that commit's tree in a scratch checkout:",
                    "", "", 72)
        << "\n";
    for (size_t i = 0; i < s.compile.size(); ++i)
      out << wrapText(std::to_string(i + 1) + "/" + std::to_string(s.compile.size()) + ": " +
                          summary(s.compile[i]),
                      "  ", "      ", 72);
  }
  unsigned errors = 0, warnings = 0;
  for (const CheckpatchResult &c : s.checkpatch) {
    errors += c.errors < 0 ? 0 : c.errors;
    warnings += c.warnings < 0 ? 0 : c.warnings;
  }
  out << "\nThe tree's scripts/checkpatch.pl on the git format-patch output"
      << (s.signedOff ? "" : " (Signed-off-by is left to the\nsender: --ignore MISSING_SIGN_OFF)") << ":\n"
      << "checkpatch.pl: " << errors << " errors, " << warnings << " warnings in "
      << s.checkpatch.size() << " patches.\n";
  return out.str();
}

std::string coverLetter(const Workspace &ws, const SeriesOutcome &s, const std::string &subject,
                        const std::string &body) {
  std::ostringstream out;
  size_t n = s.written.commits.size();
  out << "From " << std::string(40, '0') << " Mon Sep 17 00:00:00 2001\n"
      << "From: " << s.author.name << " <" << s.author.email << ">\n"
      << "Date: " << mailDate(s.author) << "\n"
      << "Subject: [PATCH 0/" << n << "] " << subject << "\n\n"
      << body << "\n"
      << checksSection(s) << "\n";
  for (size_t i = 0; i < n; ++i)
    out << "  " << s.subjects[i] << "\n";
  out << "\n"
      << git::diffStat(*ws.repo, ws.base.tree, s.written.trees.back()) << "\n"
      << "base-commit: " << s.written.base << "\n";
  return out.str();
}

void saveCoverLetter(const Workspace &ws, const std::string &mail) {
  writeFileAtomically(ws.outDir + "/cover-letter.txt", mail);
  writeFileAtomically(ws.outDir + "/patches/0000-cover-letter.patch", mail);
}

}  // namespace kconv::refactor
