#pragma once
// The tokens of the expression language and the lexer that makes them (Spark SQL's
// lexical rules: identifiers and `quoted` identifiers, keywords, numbers with L and D
// suffixes, string literals with backslash escapes, operators). Internal to core/expr.
// Stateless functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"
#include "core/expr/parser.h"

namespace tideline::expr {

enum class Tok { kEnd, kIdent, kQuotedIdent, kInt, kDouble, kString, kOp, kKeyword };

struct Token {
  Tok type;
  std::string text;  // identifier / keyword (upper case) / operator / string contents
  int offset;
  int64_t i = 0;
  double d = 0;
};

// Splits `text` into tokens, ending with a kEnd token. A parse error (positioned with
// `src`) for an unterminated string or quoted identifier, a bad number or an unexpected
// character.
Status Tokenize(std::string_view text, const ExprSource& src, std::vector<Token>* out);

// ASCII upper case (keywords and type names).
std::string Upper(std::string_view s);

}  // namespace tideline::expr
