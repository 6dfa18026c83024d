// A stand-in for spatch in the runner's tests: a shell script that reads
// its --file-groups list and runs `perFile` (shell; "$f" is the file) for
// each file in it, as spatch reports file by file.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include <sys/stat.h>

namespace kconv {

inline std::filesystem::path standInSpatch(const std::string &name, const std::string &perFile) {
  std::filesystem::path p = std::filesystem::temp_directory_path() / name;
  std::ofstream(p) << "#!/bin/sh\n"
                      "while [ $# -gt 0 ]; do [ \"$1\" = --file-groups ] && g=$2; shift; done\n"
                      "for f in $(grep . \"$g\"); do\n"
                   << perFile << "done\n";
  ::chmod(p.c_str(), 0755);
  return p;
}

}  // namespace kconv
