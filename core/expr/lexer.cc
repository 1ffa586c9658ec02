#include "core/expr/lexer.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cstring>

namespace tideline::expr {

std::string Upper(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return o;
}

namespace {

const char* kKeywords[] = {"AND", "OR", "NOT", "IS", "NULL", "IN", "BETWEEN", "LIKE", "CASE", "WHEN",
                           "THEN", "ELSE", "END", "CAST", "TRY_CAST", "AS", "TRUE", "FALSE", "DIV", "INTERVAL",
                           "DISTINCT", "ASC", "DESC"};

class Lexer {
 public:
  Lexer(std::string_view s) : s_(s) {}

  // A number at s_[start]: INT, BIGINT (10L), DOUBLE (1.5, 1e3, 2D).
  Status LexNumber(std::vector<Token>* out, const ExprSource& src, int start) {
    bool is_double = false;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    if (i_ < s_.size() && s_[i_] == '.' && i_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_ + 1]))) {
      is_double = true;
      ++i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    } else if (i_ < s_.size() && s_[i_] == '.' && (i_ + 1 >= s_.size() || !std::isalpha(static_cast<unsigned char>(s_[i_ + 1])))) {
      is_double = true;
      ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      size_t j = i_ + 1;
      if (j < s_.size() && (s_[j] == '+' || s_[j] == '-')) ++j;
      if (j < s_.size() && std::isdigit(static_cast<unsigned char>(s_[j]))) {
        is_double = true;
        i_ = j;
        while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      }
    }
    std::string num(s_.substr(start, i_ - start));
    if (i_ < s_.size() && (s_[i_] == 'L' || s_[i_] == 'l')) ++i_;       // 10L
    else if (i_ < s_.size() && (s_[i_] == 'D' || s_[i_] == 'd') &&
             (i_ + 1 >= s_.size() || !std::isalnum(static_cast<unsigned char>(s_[i_ + 1])))) { ++i_; is_double = true; }
    if (i_ < s_.size() && (std::isalpha(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_'))
      return Err(src, start, fmt::format("invalid number '{}'", s_.substr(start, i_ - start + 1)));
    Token t{is_double ? Tok::kDouble : Tok::kInt, num, start};
    if (is_double) {
      std::from_chars(num.data(), num.data() + num.size(), t.d);
    } else {
      auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), t.i);
      if (ec != std::errc()) { t.type = Tok::kDouble; std::from_chars(num.data(), num.data() + num.size(), t.d); }
    }
    out->push_back(t);
    return Status::Ok();
  }

  // A string literal in single or double quotes at s_[start], with backslash escapes.
  Status LexString(std::vector<Token>* out, const ExprSource& src, int start) {
    const char c = s_[i_];
    char q = c;
    ++i_;
    std::string str;
    while (i_ < s_.size() && s_[i_] != q) {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
        char e = s_[i_ + 1];
        switch (e) {
          case 'n': str.push_back('\n'); break;
          case 't': str.push_back('\t'); break;
          case 'r': str.push_back('\r'); break;
          case '0': str.push_back('\0'); break;
          default: str.push_back(e);
        }
        i_ += 2;
        continue;
      }
      str.push_back(s_[i_++]);
    }
    if (i_ >= s_.size()) return Err(src, start, "unterminated string literal");
    ++i_;
    out->push_back({Tok::kString, str, start});
    return Status::Ok();
  }

  Status Run(std::vector<Token>* out, const ExprSource& src) {
    while (true) {
      while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ >= s_.size()) { out->push_back({Tok::kEnd, "", static_cast<int>(i_)}); return Status::Ok(); }
      int start = static_cast<int>(i_);
      char c = s_[i_];
      if (c == '#' && i_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_ + 1]))) {
        // "#n": a column already resolved by position (the Structured engine's own references).
        ++i_;
        while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
        out->push_back({Tok::kIdent, std::string(s_.substr(start, i_ - start)), start});
        continue;
      }
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
        std::string word(s_.substr(start, i_ - start));
        std::string up = Upper(word);
        bool kw = false;
        for (const char* k : kKeywords) if (up == k) kw = true;
        if (kw) out->push_back({Tok::kKeyword, up, start});
        else out->push_back({Tok::kIdent, word, start});
        continue;
      }
      if (c == '`') {
        ++i_;
        std::string word;
        while (i_ < s_.size() && s_[i_] != '`') word.push_back(s_[i_++]);
        if (i_ >= s_.size()) return Err(src, start, "unterminated quoted identifier");
        ++i_;
        out->push_back({Tok::kQuotedIdent, word, start});
        continue;
      }
      if (std::isdigit(static_cast<unsigned char>(c)) ||
          (c == '.' && i_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_ + 1])) &&
           (out->empty() || (out->back().type != Tok::kIdent && out->back().text != ")" && out->back().text != "]")))) {
        TL_RETURN_IF_ERROR(LexNumber(out, src, start));
        continue;
      }
      if (c == '\'' || c == '"') {
        TL_RETURN_IF_ERROR(LexString(out, src, start));
        continue;
      }
      static const char* kOps[] = {"<=>", "->", "<=", ">=", "<>", "!=", "==", "||", "=", "<", ">", "+", "-",
                                   "*", "/", "%", "(", ")", "[", "]", ",", ".", "!", ":"};
      bool matched = false;
      for (const char* op : kOps) {
        size_t n = std::strlen(op);
        if (s_.substr(i_, n) == op) {
          out->push_back({Tok::kOp, op, start});
          i_ += n;
          matched = true;
          break;
        }
      }
      if (!matched) return Err(src, start, fmt::format("unexpected character '{}'", c));
    }
  }

 private:
  Status Err(const ExprSource& src, int off, const std::string& m) { return Status::Parse(m, src.At(s_, off)); }
  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

Status Tokenize(std::string_view text, const ExprSource& src, std::vector<Token>* out) {
  return Lexer(text).Run(out, src);
}

}  // namespace tideline::expr
