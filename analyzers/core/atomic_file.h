// Reports are written to a temporary file beside the target and renamed, so a
// reader (or a crash half-way) never sees a truncated report.
#pragma once

#include <string>

namespace kconv {

// Writes `content` to `path` atomically; "-" means stdout. Throws InputError.
void writeFileAtomically(const std::string &path, const std::string &content);

std::string readFile(const std::string &path);

}  // namespace kconv
