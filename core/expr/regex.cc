#include "core/expr/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <fmt/format.h>
#include <pcre2.h>

#include "core/common/limits.h"

namespace tideline::expr {

namespace {

pcre2_code* Code(void* p) { return static_cast<pcre2_code*>(p); }

std::string ErrorText(int code) {
  PCRE2_UCHAR buf[256];
  int n = pcre2_get_error_message(code, buf, sizeof(buf));
  if (n < 0) return fmt::format("PCRE2 error {}", code);
  return std::string(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

// The limits every match runs under; one context shared by all matches (PCRE2 only
// reads it).
const pcre2_match_context* Limits() {
  static pcre2_match_context* ctx = [] {
    pcre2_match_context* c = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(c, limits::kRegexMatchLimit);
    pcre2_set_depth_limit(c, limits::kRegexDepthLimit);
    pcre2_set_heap_limit(c, limits::kRegexHeapLimitKiB);
    return c;
  }();
  return ctx;
}

// The length in bytes of the UTF-8 character at `i` (1 for a byte that starts none).
size_t CharLen(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  return i + n <= s.size() ? n : 1;
}

}  // namespace

Result<std::shared_ptr<const Regex>> Regex::Compile(std::string_view pattern) {
  int err = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &offset, nullptr);
  if (!code)
    return Status::InvalidArgument(
        fmt::format("invalid regular expression '{}': {} at offset {}", pattern, ErrorText(err), offset));
  std::shared_ptr<Regex> re(new Regex());
  re->pattern_ = std::string(pattern);
  re->code_ = code;
  uint32_t n = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &n);
  re->groups_ = static_cast<int>(n);
  return std::shared_ptr<const Regex>(std::move(re));
}

Regex::~Regex() { pcre2_code_free(Code(code_)); }

Result<bool> Regex::Search(std::string_view subject, size_t start, Match* m) const {
  std::unique_ptr<pcre2_match_data, void (*)(pcre2_match_data*)> md(
      pcre2_match_data_create_from_pattern(Code(code_), nullptr), pcre2_match_data_free);
  if (!md) return Status::Runtime("out of memory for a regular expression match");
  int rc = pcre2_match(Code(code_), reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), start, 0, md.get(),
                       const_cast<pcre2_match_context*>(Limits()));
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT) {
    const char* which = rc == PCRE2_ERROR_MATCHLIMIT ? "match limit of {} backtracking steps (kRegexMatchLimit)"
                        : rc == PCRE2_ERROR_DEPTHLIMIT ? "depth limit of {} nested backtracking points (kRegexDepthLimit)"
                                                       : "heap limit of {} KiB (kRegexHeapLimitKiB)";
    uint32_t limit = rc == PCRE2_ERROR_MATCHLIMIT ? limits::kRegexMatchLimit
                     : rc == PCRE2_ERROR_DEPTHLIMIT ? limits::kRegexDepthLimit
                                                    : limits::kRegexHeapLimitKiB;
    return Status::Runtime(fmt::format("regular expression '{}' exceeded its {} on a value of {} bytes", pattern_,
                                       fmt::format(fmt::runtime(which), limit), subject.size()));
  }
  if (rc < 0) return Status::Runtime(fmt::format("regular expression '{}' failed: {}", pattern_, ErrorText(rc)));
  const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.get());
  m->groups.assign(static_cast<size_t>(groups_) + 1, {std::string_view::npos, std::string_view::npos});
  for (int g = 0; g < rc && g <= groups_; ++g) {
    if (ov[2 * g] == PCRE2_UNSET) continue;
    m->groups[static_cast<size_t>(g)] = {ov[2 * g], ov[2 * g + 1]};
  }
  return true;
}

Result<std::vector<Regex::Match>> Regex::FindAll(std::string_view subject) const {
  std::vector<Match> out;
  size_t pos = 0;
  while (pos <= subject.size()) {
    Match m;
    TL_ASSIGN_OR_RETURN(bool found, Search(subject, pos, &m));
    if (!found) break;
    size_t next = m.end();
    if (m.end() == m.begin()) next = m.end() < subject.size() ? m.end() + CharLen(subject, m.end()) : m.end() + 1;
    out.push_back(std::move(m));
    pos = next;
  }
  return out;
}

int Regex::GroupNumber(std::string_view name) const {
  std::string n(name);
  int g = pcre2_substring_number_from_name(Code(code_), reinterpret_cast<PCRE2_SPTR>(n.c_str()));
  return g < 0 ? -1 : g;
}

Result<std::string> Regex::ReplaceAll(std::string_view subject, std::string_view replacement) const {
  TL_ASSIGN_OR_RETURN(std::vector<Match> matches, FindAll(subject));
  std::string out;
  size_t last = 0;
  for (const Match& m : matches) {
    out.append(subject.substr(last, m.begin() - last));
    for (size_t i = 0; i < replacement.size(); ++i) {
      char c = replacement[i];
      if (c == '\\' && i + 1 < replacement.size()) {
        out.push_back(replacement[++i]);
        continue;
      }
      if (c != '$' || i + 1 >= replacement.size()) {
        out.push_back(c);
        continue;
      }
      int group = -1;
      if (replacement[i + 1] == '{') {
        size_t close = replacement.find('}', i + 2);
        if (close == std::string_view::npos)
          return Status::Runtime(fmt::format("named capturing group is missing trailing '}}' in '{}'", replacement));
        group = GroupNumber(replacement.substr(i + 2, close - i - 2));
        if (group < 0)
          return Status::Runtime(
              fmt::format("no group with name {{{}}}", replacement.substr(i + 2, close - i - 2)));
        i = close;
      } else if (replacement[i + 1] >= '0' && replacement[i + 1] <= '9') {
        // As Java: the first digit always, more digits while the number names a group.
        group = replacement[++i] - '0';
        while (i + 1 < replacement.size() && replacement[i + 1] >= '0' && replacement[i + 1] <= '9') {
          int longer = group * 10 + (replacement[i + 1] - '0');
          if (longer > groups_) break;
          group = longer;
          ++i;
        }
        if (group > groups_) return Status::Runtime(fmt::format("No group {}", group));
      } else {
        out.push_back(c);
        continue;
      }
      const auto& [b, e] = m.groups[static_cast<size_t>(group)];
      if (b != std::string_view::npos) out.append(subject.substr(b, e - b));
    }
    last = m.end();
  }
  out.append(subject.substr(last));
  return out;
}

}  // namespace tideline::expr
