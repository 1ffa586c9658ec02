#pragma once
// LiveSource: reads lines from the real world for live runs and recordings: a
// TCP socket (as Spark's socketTextStream, a client that connects to host:port),
// a directory (each file's lines once, files in name order; new files only, as
// textFileStream, or also those there at the start, as Spark's file source), or standard
// input. Poll waits at most `timeout_ms` for lines on a
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
  // A watched directory. Files there at the start are read too when `read_existing`
  // (FileStreamSource); otherwise they count as seen (textFileStream's newFilesOnly).
  static Result<std::unique_ptr<LiveSource>> Directory(const std::string& dir, bool read_existing = false);
  static Result<std::unique_ptr<LiveSource>> Stdin();

  // Appends the complete lines that are available within `timeout_ms`. Returns false
  // once the source has ended (socket closed, end of standard input).
  bool Poll(std::vector<std::string>* lines, int timeout_ms);
  int64_t bytes_read() const { return bytes_; }

  // A file of a watched directory, read whole.
  struct File {
    std::string name;            // its name in the directory
    int64_t mtime_micros = 0;    // its modification time, µs since the epoch
    std::vector<std::string> lines;
  };
  // Directory sources: the files not seen yet (neither read nor marked), each apart, in name
  // order; names beginning with '.' or '_' are passed over. Files that are not seen count as
  // seen once returned.
  std::vector<File> PollFiles();
  // Directory sources: the watched directory.
  const std::string& directory() const { return dir_; }
  // Directory sources: the names of the files that count as seen (read or marked).
  const std::set<std::string>& seen() const { return seen_; }
  // Directory sources: `name` counts as seen from now on (read before a restart), or not
  // (`seen` false: a restart reads it again).
  void MarkSeen(const std::string& name, bool seen = true);

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
