#pragma once
// Regex: the one regular-expression engine of the expression language (rlike,
// regexp_extract, regexp_replace, split). It runs on PCRE2, whose syntax and
// backtracking semantics are the closest to java.util.regex, which Spark uses; every
// match runs with a match limit, a depth limit and a heap limit
// (limits::kRegexMatchLimit, kRegexDepthLimit, kRegexHeapLimitKiB), so a pattern such
// as `(a+)+c` on a long value fails with an error instead of hanging, and no pattern
// can overflow the stack. Patterns and subjects are UTF-8; invalid UTF-8 in a subject
// never matches a `.` but does not fail.
//
// A compiled Regex is immutable and may be used by several threads at once (each
// match allocates its own match data).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"

namespace tideline::expr {

class Regex {
 public:
  // Compiles `pattern`. Fails with kInvalidArgument and PCRE2's message, naming the
  // pattern and the offset of the error.
  static Result<std::shared_ptr<const Regex>> Compile(std::string_view pattern);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // One match: the byte ranges of the whole match (group 0) and of each capturing
  // group; a group that did not take part is {npos, npos}.
  struct Match {
    std::vector<std::pair<size_t, size_t>> groups;
    size_t begin() const { return groups[0].first; }
    size_t end() const { return groups[0].second; }
  };

  // Searches `subject` from byte `start`. Returns true and fills `m` on a match, false
  // when there is none. Fails with kRuntimeError when the match exceeds its budget.
  Result<bool> Search(std::string_view subject, size_t start, Match* m) const;

  // Every non-overlapping match from the start, as java.util.regex.Matcher.find() finds
  // them: after an empty match the next search starts one character later.
  Result<std::vector<Match>> FindAll(std::string_view subject) const;

  // Replaces every match (Matcher.replaceAll): `$n` and `${name}` insert a group,
  // a backslash quotes the next character.
  Result<std::string> ReplaceAll(std::string_view subject, std::string_view replacement) const;

  // The number of capturing groups.
  int groups() const { return groups_; }
  const std::string& pattern() const { return pattern_; }

 private:
  Regex() = default;
  int GroupNumber(std::string_view name) const;

  std::string pattern_;
  void* code_ = nullptr;  // pcre2_code_8
  int groups_ = 0;
};

}  // namespace tideline::expr
