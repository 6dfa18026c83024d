// Kernel-style subject prefixes ("mm/gup", "lib/test_hmm", "drm/nouveau")
// from the files a commit touches, the way maintainers write them by hand.
#pragma once

#include <string>
#include <vector>

namespace kconv::refactor {

std::string subjectPrefix(const std::vector<std::string> &files);

}  // namespace kconv::refactor
