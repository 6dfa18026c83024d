#include "refactor/subject_prefix.h"

#include <filesystem>
#include <set>

namespace kconv::refactor {

namespace {

bool startsWith(const std::string &s, const std::string &p) { return s.rfind(p, 0) == 0; }

std::string nthComponent(const std::string &path, size_t n) {
  size_t start = 0;
  for (size_t i = 0; i < n; ++i) {
    start = path.find('/', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  size_t end = path.find('/', start);
  return end == std::string::npos ? "" : path.substr(start, end - start);
}

// The area a file belongs to; "" for shared headers, which take the area
// of the code they come with.
std::string area(const std::string &f) {
  if (startsWith(f, "include/")) return "";
  if (startsWith(f, "drivers/gpu/drm/")) return "drm/" + nthComponent(f, 3);
  // A file system is named alone ("fuse: ..."), fs/dax.c stays "fs/dax".
  if (startsWith(f, "fs/") && !nthComponent(f, 1).empty()) return nthComponent(f, 1);
  if (startsWith(f, "drivers/") || startsWith(f, "arch/") || startsWith(f, "kernel/"))
    return nthComponent(f, 1).empty() ? nthComponent(f, 0) : nthComponent(f, 1);
  std::string top = nthComponent(f, 0);
  return top.empty() ? std::filesystem::path(f).stem().string() : top;
}

}  // namespace

std::string subjectPrefix(const std::vector<std::string> &files) {
  std::set<std::string> areas;
  std::vector<std::string> sources;
  for (const std::string &f : files) {
    std::string a = area(f);
    if (a.empty()) continue;
    areas.insert(a);
    sources.push_back(f);
  }
  if (areas.empty()) return "mm";  // headers only: include/linux is mm's here
  if (areas.size() > 1) return areas.count("mm") ? "mm" : *areas.begin();
  std::string a = *areas.begin();
  // One file of a flat directory: name it, as "mm/gup: " does.
  if (sources.size() == 1 && (a == "mm" || a == "lib" || a == "fs") &&
      sources[0].find('/', a.size() + 1) == std::string::npos)
    return a + "/" + std::filesystem::path(sources[0]).stem().string();
  return a;
}

}  // namespace kconv::refactor
