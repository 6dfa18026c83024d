#include "kernel/tree_paths.h"

#include "core/errors.h"

namespace fs = std::filesystem;

namespace kconv {

std::vector<std::string> resolveTreePaths(const std::string &treeRoot,
                                          const std::vector<std::string> &paths,
                                          const std::string &option) {
  std::vector<std::string> out;
  for (const std::string &p : paths) {
    fs::path abs = fs::path(p).is_absolute() ? fs::path(p) : fs::path(treeRoot) / p;
    std::error_code ec;
    fs::path canon = fs::weakly_canonical(abs, ec);
    std::string rel = canon.lexically_relative(treeRoot).string();
    if (p.empty() || ec || !fs::exists(canon) || rel.empty() || rel.rfind("..", 0) == 0)
      throw InputError(option + ": no such path in the tree: " + p);
    out.push_back(rel);
  }
  return out;
}

bool underPaths(const std::string &file, const std::vector<std::string> &paths) {
  if (paths.empty()) return true;
  for (std::string p : paths) {
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    if (p == "." || file == p) return true;
    if (file.compare(0, p.size(), p) == 0 && file.size() > p.size() &&
        file[p.size()] == '/')
      return true;
  }
  return false;
}

bool insideDirectory(const fs::path &path, const fs::path &dir) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(path, ec), d = fs::weakly_canonical(dir, ec);
  std::string rel = p.lexically_relative(d).string();
  return rel == "." || (!rel.empty() && rel.rfind("..", 0) != 0);
}

std::string treeRelative(const std::string &path, const std::string &root) {
  std::string r = !root.empty() && root.back() == '/' ? root : root + "/";
  return path.compare(0, r.size(), r) == 0 ? path.substr(r.size()) : path;
}

}  // namespace kconv
