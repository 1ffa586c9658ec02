#include "core/io/line_reader.h"

#include "core/common/limits.h"

namespace tideline::io {

LineRead ReadBoundedLine(std::istream& in, std::string* line) {
  line->clear();
  if (!in.good()) return LineRead::kEnd;
  std::streambuf* buf = in.rdbuf();
  bool any = false, too_long = false;
  while (true) {
    int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      if (!any) {
        in.setstate(std::ios::failbit);
        return LineRead::kEnd;
      }
      break;
    }
    any = true;
    if (c == '\n') break;
    if (too_long) continue;
    if (line->size() >= limits::kMaxLineBytes) {
      too_long = true;
      line->clear();
      line->shrink_to_fit();
      continue;
    }
    line->push_back(static_cast<char>(c));
  }
  return too_long ? LineRead::kTooLong : LineRead::kLine;
}

}  // namespace tideline::io
