#include "cli/options.h"

#include <algorithm>
#include <iostream>
#include <thread>

namespace kconv {

const CLI::Validator &nonEmpty() {
  static const CLI::Validator v(
      [](std::string &value) { return value.empty() ? std::string("must not be empty") : ""; },
      "NONEMPTY");
  return v;
}

const CLI::Validator &notAnOption() {
  static const CLI::Validator v(
      [](std::string &value) {
        return value.size() > 1 && value[0] == '-'
                   ? "looks like an option, not a file name (write ./" + value + " for a file)"
                   : std::string();
      },
      "FILE");
  return v;
}

const CLI::Validator &boundedJobs() {
  static const CLI::Validator v(
      [](std::string &value) -> std::string {
        if (value.empty() || value.size() > 9 ||
            value.find_first_not_of("0123456789") != std::string::npos || std::stoul(value) == 0)
          return "expected a positive number, not \"" + value + "\"";
        unsigned cap = std::max(4u, 4 * std::thread::hardware_concurrency());
        if (std::stoul(value) > cap) {
          std::cerr << "kconv: note: --jobs " << value << " capped to " << cap << " ("
                    << std::thread::hardware_concurrency() << " CPUs here)\n";
          value = std::to_string(cap);
        }
        return "";
      },
      "JOBS");
  return v;
}

std::string outputName(const std::string &path) { return path == "-" ? "stdout" : path; }

}  // namespace kconv
