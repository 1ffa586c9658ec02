#include "core/common/atomic_file.h"

#include <fmt/format.h>

#include <fstream>
#include <iterator>

#include "core/common/sha256.h"

namespace tideline {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTrailerMark = "#sha256 ";
constexpr size_t kTrailerSize = 8 + 64 + 1;  // mark, hex digest, newline

std::string DigestOf(std::string_view body) {
  Sha256 h;
  h.Update(body);
  return h.HexDigest();
}

}  // namespace

Status WriteFileAtomically(const fs::path& path, std::string_view content, const fs::path* recycle) {
  fs::path tmp = path;
  tmp += ".tmp";
  std::error_code ec;
  uintmax_t old_size = 0;
  bool reuse = false;
  if (recycle) {
    old_size = fs::file_size(*recycle, ec);
    if (!ec) {
      fs::rename(*recycle, tmp, ec);
      reuse = !ec;
    }
  }
  {
    std::ofstream out;
    if (reuse) out.open(tmp, std::ios::binary | std::ios::in | std::ios::out);
    if (!out.is_open()) {
      reuse = false;
      out.open(tmp, std::ios::binary | std::ios::trunc);
    }
    if (!out) return Status::Io(fmt::format("cannot write {}", path.string()));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) return Status::Io(fmt::format("cannot write {}", path.string()));
  }
  if (reuse && old_size > content.size()) {
    fs::resize_file(tmp, content.size(), ec);
    if (ec) return Status::Io(fmt::format("cannot write {}: {}", path.string(), ec.message()));
  }
  fs::rename(tmp, path, ec);
  if (ec) return Status::Io(fmt::format("cannot write {}: {}", path.string(), ec.message()));
  return Status::Ok();
}

Result<std::string> ReadWholeFile(const fs::path& path) {
  // A directory opens as a stream on Linux, and reading it throws from inside the
  // stream buffer (EISDIR); a checkpoint file replaced by a directory is an error.
  std::error_code ec;
  if (fs::is_directory(path, ec)) return Status::Io(path.string() + " is a directory where a file was expected");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io("cannot read " + path.string());
  try {
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  } catch (const std::exception& e) {
    return Status::Io(fmt::format("cannot read {}: {}", path.string(), e.what()));
  }
}

std::string WithChecksumTrailer(std::string_view body) {
  std::string out;
  out.reserve(body.size() + kTrailerSize);
  out.append(body);
  out.append(kTrailerMark);
  out.append(DigestOf(body));
  out.push_back('\n');
  return out;
}

Status WriteCheckedFile(const fs::path& path, std::string_view body) {
  return WriteFileAtomically(path, WithChecksumTrailer(body));
}

ChecksumCheck SplitChecksumTrailer(std::string_view file, std::string_view* body) {
  if (file.size() < kTrailerSize) return ChecksumCheck::kMissing;
  std::string_view trailer = file.substr(file.size() - kTrailerSize);
  if (trailer.substr(0, kTrailerMark.size()) != kTrailerMark || trailer.back() != '\n') return ChecksumCheck::kMissing;
  *body = file.substr(0, file.size() - kTrailerSize);
  if (DigestOf(*body) != trailer.substr(kTrailerMark.size(), 64)) return ChecksumCheck::kMismatch;
  return ChecksumCheck::kOk;
}

}  // namespace tideline
