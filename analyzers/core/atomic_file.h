// Reports are written to a temporary file beside the target and renamed, so a
// reader (or a crash half-way) never sees a truncated report. Only a regular
// file is replaced: a symlink keeps being a link (its target is written), a
// device, FIFO or socket (-o /dev/null, -o /dev/stdout) is written through,
// a directory is refused. The temporary file is registered (temp_files.h),
// so an interrupted run removes it.
#pragma once

#include <string>
#include <string_view>

namespace kconv {

// Writes `content` to `path` atomically; "-" means stdout. Throws InputError.
void writeFileAtomically(const std::string &path, const std::string &content);

std::string readFile(const std::string &path);

// Writes all of `data` to the open `fd` (short writes and EINTR retried);
// `path` names the file in the error. Throws InputError.
void writeFully(int fd, std::string_view data, const std::string &path);

}  // namespace kconv
