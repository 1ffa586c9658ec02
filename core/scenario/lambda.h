#pragma once
// Lambda: a compiled expression bound to named parameters (x; a, b; key, value,
// state, ...), callable as a C++ function. This is how scenario expressions become
// the functions the DStream API takes. Thread-safe: a call keeps its evaluation
// state on its own stack, so the pieces of a batch may run it in parallel.

#include <memory>
#include <string>
#include <vector>

#include "core/expr/expr.h"
#include "core/scenario/ynode.h"

namespace tideline::scenario {

class Lambda {
 public:
  Lambda() = default;
  // Compiles the text of a YAML scalar with `params` in scope. `now` (may be null)
  // is read by current_timestamp().
  static Result<Lambda> Compile(const YNode& text, std::vector<std::string> params, const Timestamp* now);
  static Result<Lambda> CompileString(const std::string& text, const SourcePos& pos, std::vector<std::string> params,
                                      const Timestamp* now);

  Value operator()(const Value& a) const { return Call({&a}); }
  Value operator()(const Value& a, const Value& b) const { return Call({&a, &b}); }
  Value Call(std::initializer_list<const Value*> args) const;
  bool valid() const { return expr_.valid(); }
  const std::string& text() const { return expr_.text(); }

 private:
  expr::CompiledExpr expr_;
  const Timestamp* now_ = nullptr;
};

}  // namespace tideline::scenario
