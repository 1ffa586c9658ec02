#pragma once
// LiveSource: reads lines from the real world for live runs and recordings: a
// TCP socket (as Spark's socketTextStream, a client that connects to host:port),
// a directory (new files only, as textFileStream: each file's lines once, files
// in name order), or standard input. Poll waits at most `timeout_ms` for lines on a
// socket or standard input; a directory is scanned once per call (the caller paces it).
// Not thread-safe; owns its file descriptor.

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/common/status.h"

namespace tideline::io {

class LiveSource {
 public:
  ~LiveSource();
  static Result<std::unique_ptr<LiveSource>> Socket(const std::string& host, int port);
  static Result<std::unique_ptr<LiveSource>> Directory(const std::string& dir);
  static Result<std::unique_ptr<LiveSource>> Stdin();

  // Appends the complete lines that are available within `timeout_ms`. Returns false
  // once the source has ended (socket closed, end of standard input).
  bool Poll(std::vector<std::string>* lines, int timeout_ms);
  int64_t bytes_read() const { return bytes_; }

 private:
  LiveSource() = default;
  bool ReadFd(std::vector<std::string>* lines, int timeout_ms);
  int fd_ = -1;
  bool owns_fd_ = false;
  std::string dir_;
  std::set<std::string> seen_;
  std::string partial_;
  int64_t bytes_ = 0;
};

}  // namespace tideline::io
