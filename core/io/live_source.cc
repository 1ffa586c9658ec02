#include "core/io/live_source.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <fstream>

namespace tideline::io {

namespace fs = std::filesystem;

LiveSource::~LiveSource() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<LiveSource>> LiveSource::Socket(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res);
  if (rc != 0) return Status::Io(fmt::format("cannot resolve {}: {}", host, gai_strerror(rc)));
  int fd = -1;
  for (addrinfo* p = res; p; p = p->ai_next) {
    fd = ::socket(p->ai_family, p->ai_socktype, p->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, p->ai_addr, p->ai_addrlen) == 0) break;
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(res);
  if (fd < 0) return Status::Io(fmt::format("cannot connect to {}:{}: {}", host, port, std::strerror(errno)));
  auto s = std::unique_ptr<LiveSource>(new LiveSource());
  s->fd_ = fd;
  s->owns_fd_ = true;
  return s;
}

Result<std::unique_ptr<LiveSource>> LiveSource::Directory(const std::string& dir, bool read_existing) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::Io(fmt::format("{} is not a directory", dir));
  auto s = std::unique_ptr<LiveSource>(new LiveSource());
  s->dir_ = dir;
  // New files only: what is there at the start is ignored, as textFileStream does.
  if (!read_existing)
    for (const auto& e : fs::directory_iterator(dir, ec)) s->seen_.insert(e.path().filename().string());
  return s;
}

Result<std::unique_ptr<LiveSource>> LiveSource::Stdin() {
  auto s = std::unique_ptr<LiveSource>(new LiveSource());
  s->fd_ = 0;
  return s;
}

bool LiveSource::ReadFd(std::vector<std::string>* lines, int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  int r = ::poll(&p, 1, timeout_ms);
  if (r <= 0) return true;
  char buf[65536];
  ssize_t n = ::read(fd_, buf, sizeof buf);
  if (n <= 0) {
    if (!partial_.empty()) { lines->push_back(partial_); partial_.clear(); }
    return false;
  }
  bytes_ += n;
  partial_.append(buf, static_cast<size_t>(n));
  size_t start = 0, nl;
  while ((nl = partial_.find('\n', start)) != std::string::npos) {
    std::string line = partial_.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines->push_back(std::move(line));
    start = nl + 1;
  }
  partial_.erase(0, start);
  return true;
}

bool LiveSource::Poll(std::vector<std::string>* lines, int timeout_ms) {
  if (fd_ >= 0) return ReadFd(lines, timeout_ms);
  for (File& f : PollFiles())
    for (std::string& l : f.lines) lines->push_back(std::move(l));
  return true;
}

std::vector<LiveSource::File> LiveSource::PollFiles() {
  std::vector<File> out;
  if (dir_.empty()) return out;
  std::error_code ec;
  std::vector<std::string> fresh;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.' || name[0] == '_') continue;  // hidden and in-progress files
    if (!seen_.count(name) && e.is_regular_file(ec)) fresh.push_back(name);
  }
  std::sort(fresh.begin(), fresh.end());
  for (const auto& name : fresh) {
    seen_.insert(name);
    File f;
    f.name = name;
    const std::string path = (fs::path(dir_) / name).string();
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0)
      f.mtime_micros = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000 + st.st_mtim.tv_nsec / 1000;
    std::ifstream in(path, std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
      bytes_ += static_cast<int64_t>(line.size()) + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      f.lines.push_back(line);
    }
    out.push_back(std::move(f));
  }
  return out;
}

void LiveSource::MarkSeen(const std::string& name, bool seen) {
  if (seen) seen_.insert(name);
  else seen_.erase(name);
}

}  // namespace tideline::io
