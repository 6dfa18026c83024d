#include "report/formats.h"

namespace kconv {

const std::map<std::string, Formatter> &formatters() {
  static const std::map<std::string, Formatter> all = {
      {"text", renderText},
      {"json", renderJson},
      {"sarif", renderSarif},
      {"md", renderScanMarkdown},
      {"html", renderScanHtml},
  };
  return all;
}

}  // namespace kconv
