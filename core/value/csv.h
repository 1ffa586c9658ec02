#pragma once
// The one CSV tokenizer of both engines: splits a line into fields by the rules of
// Spark's CSV reader (UnivocityParser with Spark's default options). Stateless; the
// caller's buffers make it allocation-free after warm-up, and thread-safe with buffers
// per thread.
//
// Rules: fields are separated by `sep`; a field that starts with a quote `"` is quoted:
// `\"` and `""` inside it are a quote, the closing quote ends it and text after it up to
// the separator stays in the field with that quote (univocity's STOP_AT_DELIMITER), and
// an unclosed quote runs to the end of the line. A separator at the end opens one more,
// empty field, and an empty line is one empty field. Line ends are the caller's to strip.

#include <string>
#include <string_view>
#include <vector>

namespace tideline {

// Replaces `*fields` by the fields of `line`. Unquoted fields are views into `line`;
// quoted ones are views into `*storage`, which the call reuses: every view is valid until
// `line` or `*storage` changes.
void SplitCsvLine(std::string_view line, char sep, std::vector<std::string_view>* fields, std::string* storage);

}  // namespace tideline
