#pragma once
// Reading a line of text without letting one huge line take all memory: a line longer
// than limits::kMaxLineBytes is skipped to its end (read in pieces, never held whole)
// and reported as too long, so that the caller counts it as a malformed record and goes
// on. Stateless.

#include <istream>
#include <string>

namespace tideline::io {

enum class LineRead { kLine, kTooLong, kEnd };

// Reads the next line of `in` into `*line` (without its '\n'). kTooLong leaves `*line`
// empty and the stream after that line's end.
LineRead ReadBoundedLine(std::istream& in, std::string* line);

}  // namespace tideline::io
