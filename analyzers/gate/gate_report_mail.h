// A reply mail per failing patch, in the layout maintainers know from the
// 0-day robot's reports: threaded under the patch (In-Reply-To/References
// from its Message-ID), "Re: [PATCH n/m] ..." subject, a header block (base,
// tree, config, compiler, how to reproduce), new findings prefixed by ">>",
// the build error with context, the failing tests and their splats, or
// what git apply said. Written as .eml files in the report directory,
// never sent: a maintainer reviews one and sends it with their mailer.
#pragma once

#include <string>
#include <vector>

#include "gate/gate_report.h"
#include "git/mailbox.h"

namespace kconv {

struct ReplyContext {
  const GateReport *report = nullptr;
  const git::Mailbox *mailbox = nullptr;  // null: a BASE..HEAD series, no threading headers
  std::string reportDir;  // where the build logs are
  std::string mboxPath;  // for the reproduce lines
  // The tail of kconv's scratch checkout path ("gate/<hash>/checkout/"):
  // quoted log lines name files through it, absolute or relative to O=.
  std::string checkoutMarker;
};

// The reply to report.commits[i] (a failing one).
std::string replyMail(const ReplyContext &c, size_t i);

// Writes <reportDir>/mail/NN-<subject words>.eml for every failing commit
// (the directory emptied first) and returns the files written.
std::vector<std::string> writeReplyMails(const ReplyContext &c);

// RFC 2047 "encoded-word" for a header value with non-ASCII bytes.
std::string encodeHeader(const std::string &value);

}  // namespace kconv
