#pragma once
// RecordSource: where a run at full speed reads its records, as runs of records that
// arrive together (one input, one time). Four kinds:
//  - a text file whose lines carry their own time in a CSV column, read as
//    `tideline record file` reads it (LineTimes), or whose lines arrive at a clock;
//  - a recording, read an arrival at a time (never loaded whole);
//  - a live source (a socket or a directory, see live_source.h), whose lines arrive
//    at the clock when they are read.
// Files report their progress in bytes. A source owns its file or LiveSource and
// reads the clock it is given (the system clock for live runs); it never waits longer
// than Read's timeout. Not thread-safe: one thread reads it.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"
#include "core/io/live_source.h"
#include "core/time/clock.h"
#include "core/value/value.h"

namespace tideline::io {

// The times of a text file's lines, as `tideline record file` gives them: the
// timestamp (YYYY-MM-DD HH:MM:SS) in CSV column `time_column` (1-based), minus the
// first such timestamp. A line without a timestamp there, or with an earlier one than
// a line before it, gets the latest time so far, so times never decrease.
class LineTimes {
 public:
  explicit LineTimes(int time_column) : column_(time_column) {}
  // Milliseconds since the first line's time.
  int64_t Next(std::string_view line);

 private:
  int column_;
  int64_t first_ms_ = INT64_MIN;
  int64_t t_ms_ = 0;
  std::string last_text_;  // the last timestamp text and its value: files repeat them
  int64_t last_ms_ = 0;
  bool last_ok_ = false;
};

// Records of one input that arrive at one time.
struct RecordRun {
  std::string input;  // empty: the pipeline's only input
  Timestamp t;
  std::vector<Value> records;
};

struct TextFileOptions {
  std::string input;             // the input the lines go to (empty: the pipeline's only input)
  int time_column = 1;           // the CSV column of each line's time; 0: lines arrive at clock->Now()
  Timestamp start;               // a line arrives at start + its LineTimes time
  const Clock* clock = nullptr;  // REQUIRED when time_column is 0; not owned
};

class RecordSource {
 public:
  virtual ~RecordSource() = default;

  // Lines of a text file (each line one string record; a trailing '\r' is removed).
  static Result<std::unique_ptr<RecordSource>> TextFile(const std::string& path, TextFileOptions opts);
  // The arrivals of a recording; each arrives at start + its `t`, on its own input.
  static Result<std::unique_ptr<RecordSource>> Recording(const std::string& path, Timestamp start);
  // Lines of a live source, arriving at clock.Now() when read, on `input`.
  // REQUIRES: `clock` outlives the source.
  static std::unique_ptr<RecordSource> Live(std::unique_ptr<LiveSource> source, std::string input, const Clock& clock);

  // Appends the next runs, about `max_records` records in all: a file's run of one
  // time is not cut (unless it alone passes 64 times max_records), so a run holds
  // everything of its time. A live source waits at most `timeout_ms` for lines (a
  // directory is scanned once: the caller paces it). After the end, appends nothing.
  virtual Status Read(std::vector<RecordRun>* out, size_t max_records, int timeout_ms) = 0;
  // True once everything was read: the file's end, the socket closed. A directory never ends.
  bool ended() const { return ended_; }
  // True for sources whose records arrive at a clock rather than at times of their own.
  virtual bool live() const = 0;
  // Bytes consumed so far, and the file's size (0 for a live source).
  int64_t bytes_read() const { return bytes_read_; }
  int64_t bytes_total() const { return bytes_total_; }
  // Records read so far (each line or arrival).
  int64_t records_read() const { return records_read_; }
  // Lines of a recording that were not arrivals (skipped).
  virtual int64_t malformed() const { return 0; }

 protected:
  bool ended_ = false;
  int64_t bytes_read_ = 0, bytes_total_ = 0, records_read_ = 0;
};

}  // namespace tideline::io
