#pragma once
// tideline explain-row FILE --batch N --row R: which input records made one output row
// (core/scenario/explain_row.h; docs/explain-row.md).

#include <cstdint>
#include <ostream>
#include <string>

namespace tideline::cli {

struct ExplainArgs {
  std::string file;
  int64_t batch = -1;    // a structured batch id, or a DStream batch number (0-based)
  std::string time;      // DStreams: the batch time after the start (e.g. 4s), instead of --batch
  int64_t row = 1;       // 1-based
  std::string output;    // DStreams: the output's stream (default: the first output's)
  bool json = false;
};
// Exit status 0 when the row is explained, 2 on an error (the file, a batch or a row that is not there).
int ExplainCommand(const ExplainArgs& a, std::ostream& out, std::ostream& err);

}  // namespace tideline::cli
