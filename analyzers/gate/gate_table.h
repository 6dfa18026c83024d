// The per-commit table kconv gate prints as it goes: one row per commit
// (index, id, findings +new/-removed/~moved, build, tests, checkpatch,
// verdict, subject), the new findings under it with the 0-day bot's ">>",
// and the first bad commit at the end. Times are shown on the terminal
// only (`withTimes`), never in a report file.
#pragma once

#include <string>

#include "gate/gate_report.h"

namespace kconv {

std::string gateTableHeader(bool withTimes);
// One commit's row and its ">>" lines; `total`: commits in the series.
std::string gateRow(size_t index, size_t total, const CommitResult &r, const Verdict &v,
                    bool withTimes);
// Header, every row, and the "first bad commit" line.
// "not gated on loongarch: the base does not build (...)", one per --arch
// architecture the toolchain could not build the base for.
std::string unbuiltArchLines(const GateReport &report);

std::string gateTable(const GateReport &report, bool withTimes);
std::string firstBadLine(const GateReport &report);

// "1m05s", "12.3s"
std::string formatSeconds(double seconds);

}  // namespace kconv
