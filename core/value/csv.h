#pragma once
// The one CSV tokenizer of both engines: splits a line into fields by the rules of
// Spark's CSV reader (UnivocityParser with Spark's default options). Stateless; the
// caller's buffers make it allocation-free after warm-up, and thread-safe with buffers
// per thread.
//
// Rules: fields are separated by `sep`; a field that starts with a quote `"` is quoted:
// `\"` and `""` inside it are a quote, the closing quote ends it and text after it up to
// the separator stays in the field with that quote (univocity's STOP_AT_DELIMITER), and
// an unclosed quote runs to the end of the line. A quote inside a field that does not
// start with one is text. A separator at the end opens one more, empty field, and an
// empty line is one empty field. Line ends are the caller's to strip.

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace tideline {

namespace csv_internal {
// Reads the quoted field that starts at line[*i] (a quote) into `storage`; leaves `*i` at
// the separator after it or at the end of the line.
void ReadQuoted(std::string_view line, char sep, size_t* i, std::string* storage);
}  // namespace csv_internal

// Calls `f(field)` for each field of `line` in order, until `f` returns false. Unquoted
// fields are views into `line`; quoted ones are views into `*storage`, which the call
// reuses (valid until `line` or `*storage` changes). Returns false when `f` stopped it.
template <typename F>
bool ForEachCsvField(std::string_view line, char sep, std::string* storage, F&& f) {
  bool storage_ready = false;
  size_t i = 0;
  while (true) {
    std::string_view field;
    if (i < line.size() && line[i] == '"') {
      if (!storage_ready) {  // a quoted field never grows: the line's length keeps views stable
        storage->clear();
        storage->reserve(line.size());
        storage_ready = true;
      }
      const size_t begin = storage->size();
      csv_internal::ReadQuoted(line, sep, &i, storage);
      field = std::string_view(storage->data() + begin, storage->size() - begin);
    } else {
      size_t end = line.size();
      if (i < line.size()) {
        const void* hit = std::memchr(line.data() + i, sep, line.size() - i);
        if (hit) end = static_cast<size_t>(static_cast<const char*>(hit) - line.data());
      }
      field = line.substr(i, end - i);
      i = end;
    }
    if (!f(field)) return false;
    if (i >= line.size()) return true;
    ++i;  // the separator
  }
}

// Replaces `*fields` by the fields of `line` (see ForEachCsvField for the views).
void SplitCsvLine(std::string_view line, char sep, std::vector<std::string_view>* fields, std::string* storage);

}  // namespace tideline
