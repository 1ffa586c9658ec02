// Text helpers of the function library: date_format's patterns, split's separator, and
// whether a pattern is a plain string rather than a regular expression.
#include <fmt/format.h>

#include <cstring>

#include "core/expr/expr.h"
#include "core/expr/internal.h"
#include "core/expr/regex.h"

namespace tideline::expr {

namespace internal {

bool IsRegexLiteral(std::string_view p) {
  for (char c : p) if (std::strchr("\\^$.|?*+()[]{}", c)) return false;
  return true;
}

// Java SimpleDateFormat-style pattern formatting for the common letters.
std::string FormatTs(Timestamp t, std::string_view fmt_text) {
  int64_t secs = Timestamp::FloorDiv(t.micros(), 1000000);
  int64_t frac = t.micros() - secs * 1000000;
  int64_t days = Timestamp::FloorDiv(secs, 86400);
  int64_t sod = secs - days * 86400;
  int64_t y; unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  std::string out;
  for (size_t i = 0; i < fmt_text.size();) {
    char c = fmt_text[i];
    size_t j = i;
    while (j < fmt_text.size() && fmt_text[j] == c) ++j;
    size_t n = j - i;
    if (c == '\'') {
      size_t k = fmt_text.find('\'', i + 1);
      if (k == std::string_view::npos) k = fmt_text.size();
      out += fmt_text.substr(i + 1, k - i - 1);
      i = k + 1;
      continue;
    }
    switch (c) {
      case 'y': out += n == 2 ? fmt::format("{:02}", y % 100) : fmt::format("{:0{}}", y, n); break;
      case 'M': out += fmt::format("{:0{}}", m, n); break;
      case 'd': out += fmt::format("{:0{}}", d, n); break;
      case 'H': out += fmt::format("{:0{}}", sod / 3600, n); break;
      case 'h': { int64_t h = (sod / 3600) % 12; out += fmt::format("{:0{}}", h == 0 ? 12 : h, n); break; }
      case 'm': out += fmt::format("{:0{}}", (sod / 60) % 60, n); break;
      case 's': out += fmt::format("{:0{}}", sod % 60, n); break;
      case 'S': out += fmt::format("{:06}", frac).substr(0, std::min<size_t>(n, 6)); break;
      case 'a': out += sod < 43200 ? "AM" : "PM"; break;
      default: out.append(n, c);
    }
    i = j;
  }
  return out;
}

}  // namespace internal

Value SplitString(std::string_view s, std::string_view pattern) {
  std::vector<Value> parts;
  if (internal::IsRegexLiteral(pattern) && !pattern.empty()) {
    size_t start = 0;
    while (true) {
      size_t k = s.find(pattern, start);
      if (k == std::string_view::npos) { parts.push_back(Value::String(s.substr(start))); break; }
      parts.push_back(Value::String(s.substr(start, k - start)));
      start = k + pattern.size();
    }
    return Value::Array(std::move(parts));
  }
  // The last pattern of this thread, compiled: split's pattern is nearly always a literal.
  thread_local std::shared_ptr<const Regex> cached;
  if (!cached || cached->pattern() != pattern) {
    auto re = Regex::Compile(pattern);
    if (!re.ok()) throw EvalError(re.status().message());
    cached = *re;
  }
  auto matches = cached->FindAll(s);
  if (!matches.ok()) throw EvalError("split: " + matches.status().message());
  std::string_view str = s;
  size_t last = 0;
  for (const Regex::Match& m : *matches) {
    if (m.end() == m.begin()) continue;
    parts.push_back(Value::String(str.substr(last, m.begin() - last)));
    last = m.end();
  }
  parts.push_back(Value::String(str.substr(last)));
  return Value::Array(std::move(parts));
}

}  // namespace tideline::expr
