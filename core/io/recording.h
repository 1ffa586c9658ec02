#pragma once
// Recordings (spec section 8): JSON Lines whose first line is a header
// {"tideline-recording": 1, "inputs": {...}} and each further line one arrival
// {"t": MILLIS, "input": NAME, "data": VALUE}, t relative to the start.
// RecordingWriter appends arrivals; ReadRecording loads a whole file.

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
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

// Reads a recording. A damaged header is an error; a damaged arrival line is
// counted in `malformed` and skipped.
Result<Recording> ReadRecording(const std::string& path);

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
