#pragma once
// Compiled expressions: a syntax tree (ast.h) resolved against a Scope of names
// into a tree of evaluator nodes, once; evaluated many times without re-parsing.
// Evaluation reads its inputs from slots (one Value per name in the scope, plus
// slots for lambda parameters) in an EvalEnv owned by the caller, so one
// CompiledExpr may be evaluated by several threads, each with its own EvalEnv.
//
// Semantics follow Spark SQL without ANSI mode: null in, null out; `/` is always
// DOUBLE and a division by zero is null; a failed CAST is null; casting a number
// to TIMESTAMP reads seconds. A failure that Spark raises at run time surfaces as
// an EvalError (caught by the operator that runs the expression).

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"
#include "core/expr/ast.h"
#include "core/expr/parser.h"
#include "core/value/value.h"

namespace tideline::expr {

// Raised while evaluating; never crosses a public function of the engine.
class EvalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What an evaluation reads: the scope's names are `params` (pointers, so that
// calling an expression copies nothing); lambda parameters of higher-order
// functions live in `slots`, owned by the caller (CompiledExpr::num_slots()).
struct EvalEnv {
  Value* slots = nullptr;
  Timestamp now;                          // the batch's processing time: current_timestamp()
  const Value* const* params = nullptr;   // one per name of the Scope, in order
};

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  virtual Value Eval(EvalEnv& env) const = 0;
  // A reference to the result when the evaluator holds one already (a parameter or a
  // slot), so that a field access need not copy the whole record; nullptr otherwise.
  virtual const Value* Peek(EvalEnv&) const { return nullptr; }
};
using EvalPtr = std::unique_ptr<Evaluator>;

// Names visible to an expression, each bound to a slot in order of Add().
class Scope {
 public:
  Scope() = default;
  Scope(std::initializer_list<std::string> names) { for (const auto& n : names) Add(n); }
  int Add(const std::string& name) { names_.push_back(name); return static_cast<int>(names_.size()) - 1; }
  // The slot of a name (case-insensitive), or -1. Later names shadow earlier ones.
  int Find(std::string_view name) const;
  size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
};

class CompiledExpr {
 public:
  CompiledExpr() = default;
  CompiledExpr(EvalPtr root, int num_slots, std::string text)
      : root_(std::shared_ptr<Evaluator>(std::move(root))), num_slots_(num_slots), text_(std::move(text)) {}

  bool valid() const { return root_ != nullptr; }
  // REQUIRES: env.params points at one value per scope name; env.slots has at least
  // num_slots() values.
  Value Eval(EvalEnv& env) const { return root_->Eval(env); }
  int num_slots() const { return num_slots_; }
  const std::string& text() const { return text_; }

 private:
  std::shared_ptr<const Evaluator> root_;
  int num_slots_ = 0;
  std::string text_;
};

// Compiles a parsed tree. `text` and `src` are used to place errors.
Result<CompiledExpr> Compile(const Node& ast, const Scope& scope, std::string_view text,
                             const ExprSource& src = {});

// Parses and compiles in one step.
Result<CompiledExpr> CompileText(std::string_view text, const Scope& scope, const ExprSource& src = {});

// Casts a value to a Spark SQL type name (INT, BIGINT, DOUBLE, STRING, BOOLEAN, TIMESTAMP).
// Returns null when the cast fails, as Spark without ANSI mode does.
Value CastValue(const Value& v, std::string_view type);
bool IsKnownCastType(std::string_view type);

// Spark's three-valued truth: true only for a non-null true boolean.
inline bool IsTrue(const Value& v) { return v.type() == ValueType::kBool && v.as_bool(); }

// Splits `s` around matches of the regular expression `pattern`, as Spark SQL's
// split with limit -1 (trailing empty strings kept).
Value SplitString(std::string_view s, std::string_view pattern);

}  // namespace tideline::expr
