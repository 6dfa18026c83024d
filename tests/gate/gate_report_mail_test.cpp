// gate/gate_report_mail: the reply's headers and its quoted build error.
#include "gate/gate_report_mail.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "gate/gate_report_md.h"
#include "gate/gate_table.h"
#include "gate/gate_verdict.h"

namespace kconv {
namespace {

TEST(ReplyMail, ThreadedQuotesTheBuildErrorTreeRelativeAndEncodesHeaders) {
  std::string dir = std::filesystem::path(::testing::TempDir()) / "kconv-reply-mail";
  std::filesystem::create_directories(dir + "/logs");
  std::ofstream(dir + "/logs/01-build.log")
      << "  CC      mm/memremap.o\n"
         "../../gate/ab12/checkout/mm/memremap.c:3:1: error: boom\n"
         "        code\n";
  GateReport report;
  report.base = std::string(40, 'a');
  report.baseSubject = "base";
  report.seriesLength = 1;
  CommitResult r;
  r.commit = std::string(40, 'b');
  r.subject = "mm: caf\xc3\xa9";
  r.build.state = StepState::Failed;
  r.build.error = "mm/memremap.c:3:1: error: boom";
  r.build.log = "logs/01-build.log";
  report.commits.push_back(r);
  judgeSeries(report);
  git::Mailbox box;
  git::MailPatch p;
  p.messageId = "<1@example.org>";
  p.references = "<0@example.org>";
  p.rawSubject = "[PATCH] mm: caf\xc3\xa9";
  p.authorName = "D\xc3\xa9v";
  p.authorEmail = "dev@example.org";
  p.to = "linux-mm@kvack.org";
  box.patches.push_back(p);
  ReplyContext c{&report, &box, dir, "series.mbx", "gate/ab12/checkout/"};
  std::string mail = replyMail(c, 0);
  EXPECT_NE(mail.find("\nIn-Reply-To: <1@example.org>\n"), std::string::npos) << mail;
  EXPECT_NE(mail.find("\nReferences: <0@example.org> <1@example.org>\n"), std::string::npos);
  EXPECT_NE(mail.find("\nCc: linux-mm@kvack.org\n"), std::string::npos);
  EXPECT_NE(mail.find("\nSubject: =?UTF-8?B?"), std::string::npos) << "RFC 2047";
  EXPECT_NE(mail.find("\n   mm/memremap.c:3:1: error: boom\n"), std::string::npos) << mail;
  EXPECT_EQ(mail.find("checkout/"), std::string::npos);
  EXPECT_EQ(encodeHeader("plain"), "plain");
  EXPECT_EQ(encodeHeader("\xc3\xa9"), "=?UTF-8?B?w6k=?=");
}

// A mailbox's subject, author and git apply's message are outside text: a
// control byte in them (an RFC 2047 word can decode to ESC) reaches
// neither the terminal's table nor the Markdown nor the mail.
TEST(ReplyMail, NoControlByteFromTheMailboxGetsThrough) {
  GateReport report;
  report.base = std::string(40, 'a');
  report.seriesLength = 1;
  CommitResult r;
  r.subject = "mm: \x1b[31mred\x07";
  r.applyError = "error: patch failed: \x1b]0;title\x07:1\n";
  report.commits.push_back(r);
  judgeSeries(report);
  git::Mailbox box;
  git::MailPatch p;
  p.rawSubject = "[PATCH] mm: \x1b[31mred";
  p.authorName = "Evil\x1b[2J";
  p.authorEmail = "e@example.org";
  box.patches.push_back(p);
  ReplyContext c{&report, &box, ::testing::TempDir(), "", ""};
  for (const std::string &text : {replyMail(c, 0), gateTable(report, false), gateMarkdown(report)})
    EXPECT_EQ(text.find_first_of(std::string("\x1b\x07", 2)), std::string::npos) << text;
}

}  // namespace
}  // namespace kconv
