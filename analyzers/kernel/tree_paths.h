// Paths inside a kernel tree, one way for every command: what `--paths`
// names (scan, propose, gate), whether a tree-relative file is under them,
// and whether an output directory would land inside the tree (kconv never
// writes there).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kconv {

// `paths` as tree-relative, normalised paths ("mm", "mm/gup.c"). A relative
// path is taken from the tree's root, an absolute one must lie inside it.
// Throws InputError "<option>: no such path in the tree: P".
std::vector<std::string> resolveTreePaths(const std::string &treeRoot,
                                          const std::vector<std::string> &paths,
                                          const std::string &option = "--paths");

// True when tree-relative `file` is under one of `paths` (all when empty).
bool underPaths(const std::string &file, const std::vector<std::string> &paths);

// True when `path` is `dir` or below it (both resolved through symlinks).
bool insideDirectory(const std::filesystem::path &path, const std::filesystem::path &dir);

// `path` relative to `root` when it lies below it, else unchanged.
std::string treeRelative(const std::string &path, const std::string &root);

}  // namespace kconv
