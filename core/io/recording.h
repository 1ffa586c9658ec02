#pragma once
// Recordings (spec section 8): JSON Lines whose first line is a header
// {"tideline-recording": 1, "inputs": {...}} and each further line one arrival
// {"t": MILLIS, "input": NAME, "data": VALUE}, t relative to the start.
// RecordingWriter appends arrivals; ReadRecording loads a whole file;
// RecordingReader reads one arrival at a time (for recordings too large to hold).

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/value/value.h"

namespace tideline::io {

struct Arrival {
  int64_t t_ms = 0;
  std::string input;
  Value data;
};

struct Recording {
  std::map<std::string, std::string> inputs;  // name -> type
  std::vector<Arrival> arrivals;               // in file order (t never decreases)
  int64_t malformed = 0;                       // lines that did not parse (skipped)
};

// Reads a recording. A damaged header is an error, and so is an arrival whose time `t`
// is negative, not a whole number of milliseconds within range, or before the previous
// arrival's (FILE:LINE: records would be lost otherwise); a damaged arrival line is
// counted in `malformed` and skipped.
Result<Recording> ReadRecording(const std::string& path);

// Reads a recording an arrival at a time, with the same rules as ReadRecording.
// Owns its file. Not thread-safe.
class RecordingReader {
 public:
  // Opens `path` and reads its header. A damaged header is an error.
  static Result<std::unique_ptr<RecordingReader>> Open(const std::string& path);
  // The next arrival: true, or false at the end of the file or at an arrival whose time
  // is negative, beyond range or before the previous one (error() then says which line).
  // Damaged arrival lines are counted in malformed() and skipped.
  bool Next(Arrival* out);
  // Moves to the first arrival at or after `t_ms`, found by bisecting the file's bytes
  // (arrivals are in time order), so that a long recording can be read from the middle.
  // Line numbers in later errors count from there. REQUIRES: Next has not been called.
  Status SkipTo(int64_t t_ms);
  // Ok, or why Next stopped before the end of the file.
  const Status& error() const { return error_; }
  const std::map<std::string, std::string>& inputs() const { return inputs_; }
  int64_t malformed() const { return malformed_; }
  // Bytes of the file consumed so far, and its size when it was opened.
  int64_t bytes_read() const { return bytes_read_; }
  int64_t bytes_total() const { return bytes_total_; }

 private:
  RecordingReader() = default;
  std::ifstream in_;
  std::map<std::string, std::string> inputs_;
  int64_t malformed_ = 0;
  int64_t bytes_read_ = 0, bytes_total_ = 0;
  std::string line_;
  std::string path_;
  int line_number_ = 0;
  int64_t last_t_ms_ = 0;
  Status error_;
  std::optional<Arrival> pending_;  // SkipTo's find, which Next returns first
  // The time of the first whole arrival line that starts at or after `offset`, and where
  // that line starts; INT64_MAX at the end of the file.
  int64_t TimeAfter(int64_t offset, int64_t* line_start);
};

// Writes a recording, one line per arrival. Not thread-safe.
class RecordingWriter {
 public:
  // REQUIRES: `inputs` maps each input name to its type.
  static Result<std::unique_ptr<RecordingWriter>> Open(const std::string& path,
                                                       const std::map<std::string, std::string>& inputs);
  Status Append(int64_t t_ms, const std::string& input, const Value& data);
  Status Close();

 private:
  std::ofstream out_;
};

}  // namespace tideline::io
