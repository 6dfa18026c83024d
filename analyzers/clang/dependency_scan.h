// Exact header lists of translation units without parsing them: Clang's
// dependency scanner (the library behind clang-scan-deps) preprocesses
// minimized sources, about 20 ms per kernel TU against 1.3 s for a parse.
#pragma once

#include <string>
#include <vector>

#include "core/job_slots.h"
#include "kernel/compile_db.h"

namespace kconv {

struct TuDependencies {
  bool ok = false;
  std::string error;
  std::vector<std::string> files;  // absolute, normalised; the source first
};

// One result per command, same order. Runs `jobs` scanners in parallel,
// each scan holding one of `slots` (null: no shared limit).
std::vector<TuDependencies> scanDependencies(
    const std::vector<const CompileCommand *> &commands, unsigned jobs,
    JobSlots *slots = nullptr);

// `name` as a file is compared everywhere in the Clang engine (dependency
// lists, Clang's file entries, the pre-filter's trigger files): absolute,
// relative names taken from `directory`, lexically normalised.
std::string absoluteSourcePath(const std::string &name, const std::string &directory);

// Parses make-style dependency output ("out.o: a.c b.h \\\n c.h") into
// absolute paths, relative ones taken from `directory`.
std::vector<std::string> parseMakeDependencies(const std::string &text,
                                               const std::string &directory);

}  // namespace kconv
