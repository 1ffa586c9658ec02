#include "core/value/json_lenient.h"

#include <fmt/format.h>

#include <cctype>

#include "core/common/limits.h"

namespace tideline {
namespace {

// One pass over the text: a recursive-descent reader of Jackson's grammar under the
// features, writing strict JSON as it goes (ReaderBasedJsonParser's decisions, one by one).
class Normalizer {
 public:
  Normalizer(std::string_view text, const JacksonFeatures& f) : s_(text), f_(f) { out_.reserve(text.size() + 8); }

  Result<std::string> Run() {
    TL_RETURN_IF_ERROR(SkipSpace());
    if (i_ >= s_.size()) return std::string();  // no token at all
    TL_RETURN_IF_ERROR(Value(1));
    return std::move(out_);
  }

 private:
  Status Error(std::string_view what) const {
    const int column = static_cast<int>(i_ + 1);
    return Status::Parse(fmt::format("invalid JSON at column {}: {}", column, what), SourcePos{"", 1, column});
  }
  bool At(char c) const { return i_ < s_.size() && s_[i_] == c; }
  bool Match(std::string_view word) const { return s_.substr(i_, word.size()) == word; }

  // White space and, when allowed, comments.
  Status SkipSpace() {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { ++i_; continue; }
      if (c != '/') return Status::Ok();
      if (!f_.allow_comments) return Error("comments are not allowed (allowComments is false)");
      if (Match("//")) {
        while (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != '\r') ++i_;
      } else if (Match("/*")) {
        const size_t end = s_.find("*/", i_ + 2);
        if (end == std::string_view::npos) { i_ = s_.size(); return Error("comment left open"); }
        i_ = end + 2;
      } else {
        return Error("a '/' that starts no comment");
      }
    }
    return Status::Ok();
  }

  Status Value(int depth) {
    if (depth > limits::kMaxValueDepth) return Error("nesting too deep");
    if (i_ >= s_.size()) return Error("the text ends where a value was expected");
    const char c = s_[i_];
    if (c == '{') return Object(depth);
    if (c == '[') return Array(depth);
    if (c == '"' || (c == '\'' && f_.allow_single_quotes)) return String(c);
    if (c == '-' || (c >= '0' && c <= '9')) return Number();
    for (std::string_view word : {"true", "false", "null"})
      if (Match(word)) { out_.append(word); i_ += word.size(); return EndOfToken(); }
    if (c == 'N' || c == 'I' || c == '+') return NonNumeric();
    return Error(c == '\'' ? "a single-quoted string (allowSingleQuotes is false)" : "an unexpected character");
  }

  // A literal must not run on into letters or digits ("truex", "12a").
  Status EndOfToken() {
    if (i_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (std::isalnum(c) || c == '_' || c >= 0x80) return Error("an unexpected character after a value");
    }
    return Status::Ok();
  }

  // NaN, Infinity, +Infinity, +INF; after a minus sign, Infinity and INF (Jackson's
  // _handleUnexpectedValue and _handleInvalidNumberStart).
  Status NonNumeric(bool negative = false) {
    const size_t start = i_;
    const char* value = nullptr;
    if (negative) {
      for (std::string_view word : {"Infinity", "INF"})
        if (value == nullptr && Match(word)) { value = "-Infinity"; i_ += word.size(); }
    } else {
      for (std::string_view word : {"NaN", "Infinity", "+Infinity", "+INF"})
        if (value == nullptr && Match(word)) { value = word == "NaN" ? "NaN" : "Infinity"; i_ += word.size(); }
    }
    if (value == nullptr) return Error("an unexpected character");
    if (!f_.allow_non_numeric_numbers) {
      i_ = start;
      return Error("a non-numeric number (allowNonNumericNumbers is false)");
    }
    out_.push_back('"');
    out_.append(value);
    out_.push_back('"');
    return EndOfToken();
  }

  Status Number() {
    const bool negative = At('-');
    if (negative) {
      ++i_;
      if (At('I')) return NonNumeric(true);
      out_.push_back('-');
    }
    const size_t digits = i_;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    if (i_ == digits) return Error("a number without digits");
    std::string_view integer = s_.substr(digits, i_ - digits);
    if (integer.size() > 1 && integer[0] == '0') {
      if (!f_.allow_numeric_leading_zeros) { i_ = digits; return Error("leading zeros (allowNumericLeadingZeros is false)"); }
      const size_t first = integer.find_first_not_of('0');
      integer = first == std::string_view::npos ? integer.substr(integer.size() - 1) : integer.substr(first);
    }
    out_.append(integer);
    if (At('.')) {
      const size_t start = i_++;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ == start + 1) return Error("a decimal point without digits after it");
      out_.append(s_.substr(start, i_ - start));
    }
    if (At('e') || At('E')) {
      const size_t start = i_++;
      if (At('+') || At('-')) ++i_;
      const size_t exp = i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ == exp) return Error("an exponent without digits");
      out_.append(s_.substr(start, i_ - start));
    }
    return EndOfToken();
  }

  // A string quoted by `quote` (" or '), written double-quoted.
  Status String(char quote) {
    ++i_;
    out_.push_back('"');
    while (true) {
      if (i_ >= s_.size()) return Error("a string left open");
      const char c = s_[i_];
      if (c == quote) { ++i_; break; }
      const unsigned char u = static_cast<unsigned char>(c);
      if (u < 0x20) {
        if (!f_.allow_unquoted_control_chars) return Error("a control character in a string (allowUnquotedControlChars is false)");
        out_.append(fmt::format("\\u{:04x}", u));
        ++i_;
      } else if (c == '"') {  // inside a single-quoted string
        out_.append("\\\"");
        ++i_;
      } else if (c == '\\') {
        TL_RETURN_IF_ERROR(Escape());
      } else {
        out_.push_back(c);
        ++i_;
      }
    }
    out_.push_back('"');
    return Status::Ok();
  }

  Status Escape() {
    if (i_ + 1 >= s_.size()) { ++i_; return Error("a string left open"); }
    const char e = s_[i_ + 1];
    if (std::string_view("\"\\/bfnrtu").find(e) != std::string_view::npos) {
      out_.push_back('\\');
      out_.push_back(e);
      i_ += 2;
      return Status::Ok();
    }
    // ParserBase._handleUnrecognizedCharacterEscape: any character when allowed; a single
    // quote whenever single quotes are allowed.
    if (!f_.allow_backslash_escaping_any && !(e == '\'' && f_.allow_single_quotes)) {
      ++i_;
      return Error("an unrecognized escape (allowBackslashEscapingAnyCharacter is false)");
    }
    i_ += 2;
    const unsigned char u = static_cast<unsigned char>(e);
    if (u < 0x20) out_.append(fmt::format("\\u{:04x}", u));
    else out_.push_back(e);
    return Status::Ok();
  }

  // A member name: quoted, or, when allowed, a run of [A-Za-z0-9_$] and non-ASCII bytes.
  Status Name() {
    if (At('"') || (At('\'') && f_.allow_single_quotes)) return String(s_[i_]);
    auto name_char = [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; };
    if (!f_.allow_unquoted_field_names || i_ >= s_.size() || !name_char(static_cast<unsigned char>(s_[i_])))
      return Error("expected a double-quoted field name");
    const size_t start = i_;
    while (i_ < s_.size() && name_char(static_cast<unsigned char>(s_[i_]))) ++i_;
    out_.push_back('"');
    out_.append(s_.substr(start, i_ - start));
    out_.push_back('"');
    return Status::Ok();
  }

  Status Object(int depth) {
    ++i_;
    out_.push_back('{');
    TL_RETURN_IF_ERROR(SkipSpace());
    if (At('}')) { ++i_; out_.push_back('}'); return Status::Ok(); }
    while (true) {
      TL_RETURN_IF_ERROR(Name());
      TL_RETURN_IF_ERROR(SkipSpace());
      if (!At(':')) return Error("expected ':' after a field name");
      ++i_;
      out_.push_back(':');
      TL_RETURN_IF_ERROR(SkipSpace());
      TL_RETURN_IF_ERROR(Value(depth + 1));
      TL_RETURN_IF_ERROR(SkipSpace());
      if (At('}')) { ++i_; out_.push_back('}'); return Status::Ok(); }
      if (!At(',')) return Error("expected ',' or '}' in an object");
      ++i_;
      out_.push_back(',');
      TL_RETURN_IF_ERROR(SkipSpace());
    }
  }

  Status Array(int depth) {
    ++i_;
    out_.push_back('[');
    TL_RETURN_IF_ERROR(SkipSpace());
    if (At(']')) { ++i_; out_.push_back(']'); return Status::Ok(); }
    while (true) {
      TL_RETURN_IF_ERROR(Value(depth + 1));
      TL_RETURN_IF_ERROR(SkipSpace());
      if (At(']')) { ++i_; out_.push_back(']'); return Status::Ok(); }
      if (!At(',')) return Error("expected ',' or ']' in an array");
      ++i_;
      out_.push_back(',');
      TL_RETURN_IF_ERROR(SkipSpace());
    }
  }

  std::string_view s_;
  const JacksonFeatures& f_;
  size_t i_ = 0;
  std::string out_;
};

}  // namespace

Result<std::string> NormalizeJackson(std::string_view text, const JacksonFeatures& features) {
  return Normalizer(text, features).Run();
}

}  // namespace tideline
