#pragma once
// Sha256: the SHA-256 digest (FIPS 180-4), incremental. Used for the benchmark
// checksum contract and for recording and checkpoint identities. Not thread-safe.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tideline {

class Sha256 {
 public:
  Sha256();
  void Update(std::string_view bytes);
  // The digest as 64 lower-case hex digits. Ends the computation.
  std::string HexDigest();

 private:
  void Block(const uint8_t* p);
  std::array<uint32_t, 8> h_;
  uint8_t buf_[64];
  size_t buf_len_ = 0;
  uint64_t total_ = 0;
};

}  // namespace tideline
