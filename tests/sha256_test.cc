// SHA-256 (core/common/sha256.h) against the known answers of FIPS 180-2, appendix B.

#include <gtest/gtest.h>

#include <string>

#include "core/common/sha256.h"

namespace tideline {
namespace {

std::string Digest(const std::string& text) {
  Sha256 h;
  h.Update(text);
  return h.HexDigest();
}

TEST(Sha256Test, MatchesTheFipsOneBlockVector) {
  EXPECT_EQ(Digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, MatchesTheFipsTwoBlockVector) {
  EXPECT_EQ(Digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, MatchesTheEmptyMessageDigest) {
  EXPECT_EQ(Digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256Test, IncrementalUpdatesEqualOneUpdate) {
  Sha256 h;
  for (char c : std::string("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) h.Update(std::string(1, c));
  EXPECT_EQ(h.HexDigest(), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

}  // namespace
}  // namespace tideline
