// What kconv test derives from the tree's own test programs.
#include <gtest/gtest.h>

#include "qemu/guest_programs.h"

namespace kconv {
namespace {

// v6.1-v6.12's hmm-tests declare no timeouts of their own.
TEST(GuestPrograms, HmmTestsWithoutDeclaredTimeoutsGetTheBaseBound) {
  EXPECT_EQ(hmmTestsBound("TEST_F(hmm, open_close)\n{\n}\nTEST_F(hmm2, snapshot)\n{\n}\n"), 900u);
}

// Newer trees' THP migration tests declare theirs (TEST_F_TIMEOUT): each
// may take that long on top of the base bound.
TEST(GuestPrograms, DeclaredTimeoutsExtendTheBound) {
  std::string src =
      "TEST_F(hmm, migrate)\n{\n}\n"
      "TEST_F_TIMEOUT(hmm, migrate_anon_huge_fault_stress, 120)\n{\n}\n"
      "TEST_F_TIMEOUT (hmm, benchmark_thp_migration, 300)\n{\n}\n"
      "/* TEST_F_TIMEOUT(hmm, name, timeout) in a comment has no number */\n";
  EXPECT_EQ(hmmTestsBound(src), 900u + 120u + 300u);
}

TEST(GuestPrograms, TheBoundIsCappedAtADay) {
  std::string src;
  for (int i = 0; i < 100; ++i) src += "TEST_F_TIMEOUT(hmm, t" + std::to_string(i) + ", 99999)\n";
  EXPECT_EQ(hmmTestsBound(src), 86400u);
}

}  // namespace
}  // namespace kconv
