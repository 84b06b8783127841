#include "function/farm_fingerprint.h"

#include <string>

#include <gtest/gtest.h>

namespace blueshift {
namespace {

// Published Fingerprint64 values covering every length class: 0-16, 17-32, 33-64 and the 64-byte rounds
// (one round plus the tail, and many rounds).
TEST(FarmFingerprintTest, MatchesPublishedValues) {
  EXPECT_EQ(FarmFingerprint64(""), 0x9ae16a3b2f90404fULL);
  EXPECT_EQ(FarmFingerprint64("a"), 0xb3454265b6df75e3ULL);
  EXPECT_EQ(FarmFingerprint64("abc"), 0x24a5b3a074e7f369ULL);
  EXPECT_EQ(FarmFingerprint64("abcde"), 0xc22f4663e54e04d4ULL);
  EXPECT_EQ(FarmFingerprint64("abcdefghi"), 0x332c8ed4dae5ba42ULL);
  EXPECT_EQ(FarmFingerprint64("0123456789'01234"), 0x4283d4ef43627f64ULL);
  EXPECT_EQ(FarmFingerprint64("0123456789=012345"), 0x46a7416ed4861e3bULL);
  EXPECT_EQ(FarmFingerprint64("C is as portable as Stonehedge!!"), 0xb944f8a16261e414ULL);
  EXPECT_EQ(FarmFingerprint64("Discard medicine more than two years old."), 0xe8f89ab6df9bdd25ULL);
  EXPECT_EQ(FarmFingerprint64("He who has a shady past knows that nice guys finish last."), 0x786d7e1987023ca9ULL);
  EXPECT_EQ(FarmFingerprint64("For every action there is an equal and opposite government program."),
            0x55182f8859eca4ceULL);
  EXPECT_EQ(FarmFingerprint64("The fugacity of a constituent in a mixture of gases at a given temperature is "
                              "proportional to its mole fraction.  Lewis-Randall Rule"),
            0x098eff6958c5e91aULL);
}

// Redshift's documented example.
TEST(FarmFingerprintTest, MatchesRedshiftExample) {
  EXPECT_EQ(static_cast<int64_t>(FarmFingerprint64("Amazon Redshift")), 8085098817162212970LL);
}

}  // namespace
}  // namespace blueshift
