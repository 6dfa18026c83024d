// The cover letter of a generated series, as `git format-patch
// --cover-letter` would frame it (From:, Subject: [PATCH 0/N], shortlog,
// diffstat, base-commit) around a body each refactor writes, plus a
// section saying how every patch was checked.
#pragma once

#include <string>

#include "refactor/series_checks.h"
#include "refactor/workspace.h"

namespace kconv::refactor {

// How the series was checked: per commit the compile check summary, and
// checkpatch's totals.
std::string checksSection(const SeriesOutcome &s);

// The whole mail. `body` ends with a newline.
std::string coverLetter(const Workspace &ws, const SeriesOutcome &s, const std::string &subject,
                        const std::string &body);

// Writes cover-letter.txt to the output directory and the mail as
// patches/0000-cover-letter.patch, beside format-patch's files.
void saveCoverLetter(const Workspace &ws, const std::string &mail);

}  // namespace kconv::refactor
