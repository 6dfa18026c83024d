// A mail message's header block, its [PATCH n/m] subject, its base-commit:
// line and git apply's message (gate --mbox, check-patch).
#include "git/mail_apply.h"
#include "git/mailbox.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  auto headers = kconv::git::mailHeaders(text);
  kconv::git::patchNumber(headers["subject"]);
  kconv::git::patchNumber(text);
  kconv::git::findBaseCommit(text);
  kconv::git::applyErrorSummary(text);
  return 0;
}
