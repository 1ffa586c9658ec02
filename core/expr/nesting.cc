#include "core/expr/nesting.h"

#include <fmt/format.h>

#include "core/expr/parser.h"

namespace tideline::expr {

SourcePos ExprSource::At(std::string_view text, int offset) const {
  SourcePos p = pos;
  if (!p.known()) { p.line = 1; p.column = 1; }
  for (int i = 0; i < offset && i < static_cast<int>(text.size()); ++i) {
    if (text[i] == '\n') { ++p.line; p.column = 1; }
    else ++p.column;
  }
  return p;
}

Status Deeper(int* depth, const SourcePos& pos) {
  if (++*depth <= limits::kMaxExpressionDepth) return Status::Ok();
  return Status::Parse(fmt::format("expression nested too deeply: more than {} levels of operators, parentheses or "
                                   "calls inside one another (limit kMaxExpressionDepth)",
                                   limits::kMaxExpressionDepth),
                       pos);
}

}  // namespace tideline::expr
