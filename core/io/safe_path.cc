#include "core/io/safe_path.h"

#include <fmt/format.h>

namespace tideline::io {

namespace fs = std::filesystem;

namespace {

// `path` with symbolic links of its existing prefix resolved, made absolute.
fs::path Resolved(const fs::path& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) return fs::absolute(path).lexically_normal();
  return p;
}

bool Inside(const fs::path& path, const fs::path& root) {
  auto r = root.begin(), p = path.begin();
  for (; r != root.end(); ++r, ++p) {
    if (r->empty()) continue;  // a trailing separator
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

}  // namespace

Status CheckOutputPath(std::string_view path, std::string_view what) {
  if (path.empty()) return Status::InvalidArgument(fmt::format("{} must not be empty", what));
  fs::path p{std::string(path)};
  if (p.is_absolute() || p.has_root_name() || p.has_root_directory())
    return Status::InvalidArgument(fmt::format(
        "{} '{}' is an absolute path: a scenario writes only inside its run's directory (use a relative path)", what,
        path));
  for (const fs::path& part : p)
    if (part == "..")
      return Status::InvalidArgument(
          fmt::format("{} '{}' contains '..': a scenario writes only inside its run's directory", what, path));
  return Status::Ok();
}

Status CheckInsideDir(const fs::path& base, std::string_view path, std::string_view what) {
  fs::path root = Resolved(base);
  fs::path target = Resolved(base / fs::path(std::string(path)));
  if (!Inside(target, root))
    return Status::InvalidArgument(fmt::format(
        "{} '{}' leaves the run's directory through a symbolic link (it resolves to {})", what, path, target.string()));
  return Status::Ok();
}

Status CheckInputPath(const fs::path& path, const std::vector<fs::path>& roots, std::string_view what) {
  fs::path target = Resolved(path);
  std::string listed;
  for (const fs::path& r : roots) {
    if (r.empty()) continue;
    fs::path root = Resolved(r);
    if (Inside(target, root)) return Status::Ok();
    listed += (listed.empty() ? "" : ", ") + root.string();
  }
  return Status::InvalidArgument(fmt::format(
      "{} '{}' is outside the folders a scenario may read ({}); pass --allow-path DIR to allow another folder", what,
      path.string(), listed));
}

Status CheckRegularFile(const fs::path& path, std::string_view what) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return Status::Io(fmt::format("cannot open {} {}: no such file", what, path.string()));
  if (fs::is_directory(st)) return Status::InvalidArgument(fmt::format("{} {} is a directory, not a file", what, path.string()));
  if (!fs::is_regular_file(st))
    return Status::InvalidArgument(
        fmt::format("{} {} is not a regular file (a device, FIFO or socket is refused)", what, path.string()));
  return Status::Ok();
}

}  // namespace tideline::io
