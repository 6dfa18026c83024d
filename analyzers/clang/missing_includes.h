// The #include lines of a TU that found no file, as the paths where each
// would have been found: every directory of the header search path, and
// for #include "..." the including file's own directory. A TU that fails
// on a header the build generates (security/selinux's flask.h, the
// *.asn1.h of crypto/, when the scan's build directory was only prepared)
// fails the same way while none of those paths exists, so its failure can
// be cached (clang/tu_cache.h) instead of being parsed again by every scan
// and every gate.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace clang {
class PPCallbacks;
class Preprocessor;
}  // namespace clang

namespace kconv {

// Appends to `absent` (absolute, normalised; relative search directories
// are taken from `workingDir`) while the preprocessor runs.
std::unique_ptr<clang::PPCallbacks> recordMissingIncludes(const clang::Preprocessor &pp,
                                                          std::string workingDir,
                                                          std::vector<std::string> &absent);

}  // namespace kconv
