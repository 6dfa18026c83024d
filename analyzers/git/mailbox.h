// A patch series as a maintainer receives it: one mailbox, as written by
// `git format-patch --stdout`, `b4 am -o -` or a lore download. Split and
// read with git's own mail tools (mailsplit and mailinfo, what `git am`
// runs), so headers, MIME encodings and mboxrd quoting are read exactly
// as `git am` reads them; kconv adds what git am drops: Message-ID and
// threading headers (for the reply), the [PATCH n/m] numbers, the cover
// letter and the base-commit: trailer.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kconv::git {

struct MailPatch {
  std::string file;  // the split message, in the work directory
  std::string messageId, inReplyTo, references;  // as sent ("<...>"), "" if absent
  std::string to, cc;  // as sent: a reply goes to the same lists
  std::string rawSubject;  // unfolded: "[PATCH v2 2/5] mm: ..."
  std::string subject;  // git's cleaned subject: the commit's first line
  std::string authorName, authorEmail, date;
  std::string body;  // the commit message after the subject (mailinfo's msg)
  std::string patchFile;  // the diff (mailinfo's patch), empty file for a cover letter
  bool hasDiff = false;
  unsigned number = 0, total = 0;  // [PATCH n/m]; 0 when not numbered
};

struct Mailbox {
  std::optional<MailPatch> cover;  // [PATCH 0/m], or the first message without a diff
  std::vector<MailPatch> patches;  // in series order
  std::vector<std::string> skipped;  // other messages without a diff (replies), by subject
  std::string baseCommit;  // from a "base-commit: <id>" line, "" when none
};

// Throws InputError for an unreadable or empty mailbox, or one without a
// single patch.
Mailbox readMailbox(const std::string &mboxFile, const std::string &workDir);

// The header block of one message: lower-case names, folded lines joined,
// first occurrence wins. Stops at the first empty line.
std::map<std::string, std::string> mailHeaders(const std::string &message);
// {n, m} from "[PATCH v3 2/5]", "[RFC PATCH 02/10]"; {0, 0} when absent.
std::pair<unsigned, unsigned> patchNumber(const std::string &subject);
// The id of a "base-commit: <hex>" line (format-patch --base, b4), or "".
std::string findBaseCommit(const std::string &text);

}  // namespace kconv::git
