#pragma once
// How deeply an expression may nest (limits::kMaxExpressionDepth), for the parser: every
// recursive descent (parentheses, calls, arrays, unary operators) and every operator
// that wraps the tree built so far (`a + b + c`, `x.f.g`, `x[0][1]`) goes one level
// deeper; a NestingLevel restores the depth when the parsing function that made it
// returns. Beyond the limit the parse fails at the token where it went over, so that
// neither the parser nor any stage after it (compiler, evaluators) recurses without
// bound. Not thread-safe (one per parse).

#include "core/common/limits.h"
#include "core/common/status.h"

namespace tideline::expr {

class NestingLevel {
 public:
  explicit NestingLevel(int& depth) : depth_(depth), start_(depth) {}
  ~NestingLevel() { depth_ = start_; }
  NestingLevel(const NestingLevel&) = delete;
  NestingLevel& operator=(const NestingLevel&) = delete;

 private:
  int& depth_;
  int start_;
};

// One level deeper: Ok, or the error at `pos` when *depth goes beyond the limit.
Status Deeper(int* depth, const SourcePos& pos);

}  // namespace tideline::expr
