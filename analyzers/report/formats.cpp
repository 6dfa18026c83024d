#include "report/formats.h"

#include "core/text_escape.h"

namespace kconv {

namespace {

// Text for a terminal, a mail or a browser carries no raw control bytes or
// invalid UTF-8 from the tree (a source line, a MAINTAINERS name): they are
// escaped ("\x1b") as the last step. JSON and SARIF escape them already.
Formatter escaped(Formatter render) {
  return [render](const ScanResult &r) { return escapeControls(render(r)); };
}

}  // namespace

const std::map<std::string, Formatter> &formatters() {
  static const std::map<std::string, Formatter> all = {
      {"text", escaped(renderText)},
      {"json", renderJson},
      {"sarif", renderSarif},
      {"md", escaped(renderScanMarkdown)},
      {"html", escaped(renderScanHtml)},
  };
  return all;
}

}  // namespace kconv
