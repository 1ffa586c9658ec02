#pragma once
// Parses expression text into a syntax tree. Errors carry the position of the
// offending token, mapped to the file position of the text (see ExprSource).
// Thread-safe (pure).

#include <string>
#include <string_view>

#include "core/common/status.h"
#include "core/expr/ast.h"

namespace tideline::expr {

// Where an expression's text sits in its file, so that offsets map to line:col.
struct ExprSource {
  SourcePos pos;        // position of the first character of the text
  // Maps a byte offset in the text to a position in the file.
  SourcePos At(std::string_view text, int offset) const;
};

Result<NodePtr> Parse(std::string_view text, const ExprSource& src = {});

}  // namespace tideline::expr
