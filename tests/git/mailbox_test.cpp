// git/mailbox and git/mail_apply's readers: headers, [PATCH n/m], the
// base-commit: line, git apply's message; a real format-patch mailbox.
#include "git/mailbox.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "git/mail_apply.h"

namespace kconv::git {
namespace {

TEST(MailHeaders, FoldedCaseInsensitiveFirstWinsStopsAtBody) {
  auto h = mailHeaders(
      "From 1234 Mon Sep 17 00:00:00 2001\n"
      "Subject: [PATCH v2 2/5] mm: a long\n"
      " subject\r\n"
      "MESSAGE-ID: <a@b>\n"
      "Message-Id: <second@b>\n"
      "\n"
      "To: not a header\n");
  EXPECT_EQ(h["subject"], "[PATCH v2 2/5] mm: a long subject");
  EXPECT_EQ(h["message-id"], "<a@b>");
  EXPECT_EQ(h.count("to"), 0u);
}

TEST(MailHeaders, PatchNumbers) {
  EXPECT_EQ(patchNumber("[PATCH 3/4] x"), std::make_pair(3u, 4u));
  EXPECT_EQ(patchNumber("[RFC PATCH v3 02/10] x"), std::make_pair(2u, 10u));
  EXPECT_EQ(patchNumber("Re: [PATCH 0/2] cover"), std::make_pair(0u, 2u));
  EXPECT_EQ(patchNumber("[PATCH] x"), std::make_pair(0u, 0u));
  EXPECT_EQ(patchNumber("[PATCH] mm: 1/2 of it"), std::make_pair(0u, 0u));
  EXPECT_EQ(patchNumber("[PATCH 99999999999999999999/1] x"), std::make_pair(0u, 0u));
}

TEST(MailHeaders, BaseCommitLine) {
  EXPECT_EQ(findBaseCommit("x\nbase-commit: 054dad2e940dc6fb11f7fdbe2a6bd2486ce1965a\n"),
            "054dad2e940dc6fb11f7fdbe2a6bd2486ce1965a");
  EXPECT_EQ(findBaseCommit("base-commit: not-hex\n"), "");
  EXPECT_EQ(findBaseCommit("prerequisite-patch-id: 12345678\n"), "");
}

TEST(MailApply, TheLineThatSaysWhere) {
  EXPECT_EQ(applyErrorSummary("error: repository lacks the necessary blob to perform 3-way merge.\n"
                              "Falling back to direct application...\n"
                              "error: patch failed: mm/memremap.c:528\n"
                              "error: mm/memremap.c: patch does not apply\n"),
            "error: patch failed: mm/memremap.c:528");
  EXPECT_EQ(applyErrorSummary("fatal: odd\n"), "fatal: odd");
}

std::string workDir(const std::string &name) {
  return std::filesystem::path(::testing::TempDir()) / ("kconv-mailbox-" + name);
}

// `git format-patch --cover-letter --base --stdout` of a four-patch series
// on v6.12 (the gate's fixture series).
TEST(Mailbox, FormatPatchSeriesWithCoverLetter) {
  Mailbox box = readMailbox(KCONV_TEST_FIXTURES "/mail/pgmap-flags-v6.12.mbox", workDir("cover"));
  ASSERT_TRUE(box.cover);
  EXPECT_EQ(box.cover->number, 0u);
  ASSERT_EQ(box.patches.size(), 4u);
  EXPECT_EQ(box.baseCommit, "054dad2e940dc6fb11f7fdbe2a6bd2486ce1965a");
  for (unsigned i = 0; i < 4; ++i) {
    EXPECT_EQ(box.patches[i].number, i + 1);
    EXPECT_EQ(box.patches[i].total, 4u);
    EXPECT_TRUE(box.patches[i].hasDiff);
    EXPECT_EQ(box.patches[i].authorEmail, "fixture@example.org");
  }
  EXPECT_EQ(box.patches[0].subject, "mm/memremap: record the FS-DAX idle wake-up as a pgmap flag");
  EXPECT_NE(box.patches[0].body.find("Signed-off-by:"), std::string::npos);
}

TEST(Mailbox, ArrivalOrderIsPutInSeriesOrder) {
  std::string text = readFile(KCONV_TEST_FIXTURES "/mail/pgmap-flags-v6.12.mbox");
  // Split at each "From <id> Mon Sep 17" line and reverse the messages.
  std::vector<std::string> messages;
  for (size_t at = 0; at < text.size();) {
    size_t next = text.find("\nFrom ", at + 1);
    size_t end = next == std::string::npos ? text.size() : next + 1;
    messages.push_back(text.substr(at, end - at));
    at = end;
  }
  ASSERT_EQ(messages.size(), 5u);
  std::string reversed;
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) reversed += *it;
  std::string path = workDir("reversed") + ".mbox";
  std::ofstream(path) << reversed;
  Mailbox box = readMailbox(path, workDir("reversed"));
  ASSERT_EQ(box.patches.size(), 4u);
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(box.patches[i].number, i + 1);
  EXPECT_FALSE(box.cover) << "a cover letter after the patches is not one";
  EXPECT_EQ(box.skipped.size(), 1u);
}

TEST(Mailbox, NoPatchIsAnInputError) {
  std::string path = workDir("text") + ".mbox";
  std::ofstream(path) << "From: a@b\nSubject: hello\n\nno diff here\n";
  EXPECT_THROW(readMailbox(path, workDir("text")), KconvError);
  EXPECT_THROW(readMailbox(workDir("nosuch"), workDir("nosuch-dir")), KconvError);
}

}  // namespace
}  // namespace kconv::git
