// Renders a scan result in one output format. Each format is one file
// (text_format.cpp, json_format.cpp, sarif_format.cpp, scan_report_format.cpp)
// and one line in formats.cpp; output is deterministic: same result, same bytes.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "core/scan_result.h"

namespace kconv {

using Formatter = std::function<std::string(const ScanResult &)>;

// format name -> renderer.
const std::map<std::string, Formatter> &formatters();

// `file:line:col: rule: message`, as gcc and sparse print, then a summary.
std::string renderText(const ScanResult &result);
std::string renderJson(const ScanResult &result);
// SARIF 2.1.0, one run, rules from the findings, fingerprints as
// partialFingerprints so code-scanning UIs track sites across commits.
std::string renderSarif(const ScanResult &result);
// The conversion report of `kconv report` (Markdown for mail, one HTML
// page), grouped by the scanned tree's MAINTAINERS.
std::string renderScanMarkdown(const ScanResult &result);
std::string renderScanHtml(const ScanResult &result);

}  // namespace kconv
