// OCaml's garbage collector for the spatch processes kconv runs.
//
// spatch (Coccinelle 1.1.1, OCaml 4.13 on Debian bookworm) spends a large
// part of a typing pass in the major collector: parsing a few hundred
// kernel headers allocates much more than it keeps. OCaml's space_overhead
// (OCAMLRUNPARAM o=, default 80) trades memory for collector work; with
// o=600 the Coccinelle engine over all of v6.12 took 88 s instead of 111 s
// (170 s of CPU instead of 206 s) and its largest process peaked at 2.2 GB
// instead of 1.2 GB (docs/engines.md). The collector decides when memory
// is reclaimed, never what a program computes: the report is byte-identical
// (checked on that run). So kconv sets it when each spatch process may
// have 4 GiB of memory, and never over a user's own OCAMLRUNPARAM or
// CAMLRUNPARAM.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kconv {

struct GcContext {
  unsigned processes = 1;  // spatch processes that may run at once
  uint64_t memoryBytes = 0;  // the machine's; 0: unknown
  bool userSetting = false;  // OCAMLRUNPARAM or CAMLRUNPARAM is set
};

// "NAME=value" entries to add to each spatch process's environment.
std::vector<std::string> spatchGcEnvironment(const GcContext &context);

// The same for this machine and this process's environment.
std::vector<std::string> spatchGcEnvironment(unsigned processes);

}  // namespace kconv
