#include "core/common/bound_checksum.h"

namespace tideline {

namespace {

std::string Prefix(std::string_view identity) { return "tideline-file " + std::string(identity) + "\n"; }

}  // namespace

std::string WithBoundChecksumTrailer(std::string_view identity, std::string_view body) {
  const std::string prefix = Prefix(identity);
  std::string checked = WithChecksumTrailer(prefix + std::string(body));
  return std::string(body) + checked.substr(prefix.size() + body.size());
}

ChecksumCheck SplitBoundChecksumTrailer(std::string_view identity, std::string_view file, std::string_view* body) {
  std::string_view plain;
  if (SplitChecksumTrailer(file, &plain) == ChecksumCheck::kMissing) return ChecksumCheck::kMissing;
  const size_t trailer = file.size() - plain.size();
  *body = file.substr(0, file.size() - trailer);
  return WithBoundChecksumTrailer(identity, *body) == file ? ChecksumCheck::kOk : ChecksumCheck::kMismatch;
}

}  // namespace tideline
