#pragma once
// Sha256: the SHA-256 digest (FIPS 180-4), incremental, computed by Nettle. Used for the
// benchmark checksum contract, the checksums of checkpoint files and the query ids. Not
// thread-safe; not copyable.

#include <memory>
#include <string>
#include <string_view>

struct sha256_ctx;  // Nettle's state, kept out of this header

namespace tideline {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view bytes);
  // The digest as 64 lower-case hex digits. Ends the computation.
  std::string HexDigest();

 private:
  std::unique_ptr<sha256_ctx> ctx_;
};

}  // namespace tideline
