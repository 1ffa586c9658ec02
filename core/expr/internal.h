#pragma once
// Internal to core/expr: the compiler that turns syntax into evaluator nodes,
// shared by compile.cc (operators, casts) and functions.cc (the function library).

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/expr/expr.h"

namespace tideline::expr::internal {

class Compiler {
 public:
  Compiler(const Scope& scope, std::string_view text, const ExprSource& src)
      : text_(text), src_(src), next_slot_(0), scope_(scope) {}

  Result<EvalPtr> Build(const Node& n);
  // Compiles a lambda's body with its parameters bound to fresh slots.
  Result<EvalPtr> BuildLambda(const Node& lambda, size_t arity, std::vector<int>* param_slots);
  Status Error(const Node& at, const std::string& message) const {
    return Status::Analysis(message, src_.At(text_, at.offset));
  }
  int num_slots() const { return next_slot_; }

 private:
  Result<EvalPtr> BuildName(const Node& n);
  Result<EvalPtr> BuildBinary(const Node& n);
  Result<EvalPtr> BuildCase(const Node& n);
  Result<EvalPtr> BuildCall(const Node& n);
  int Lookup(std::string_view name) const;

  std::string_view text_;
  const ExprSource& src_;
  int next_slot_;
  const Scope& scope_;
  std::vector<std::pair<std::string, int>> lambda_params_;  // innermost last
};

// Builds a function call; arguments not yet compiled (HOFs compile their lambdas).
using FunctionBuilder = std::function<Result<EvalPtr>(Compiler&, const Node&)>;
// The function library, by lower-case name.
const std::map<std::string, FunctionBuilder>& Functions();

// The arity check of a function call: a parse error naming the function when it has fewer
// than `lo` or more than `hi` arguments.
Status Arity(Compiler& c, const Node& n, size_t lo, size_t hi);
// The higher-order functions over arrays (in HofEval's order).
enum class HigherOrder { kTransform, kFilter, kExists, kForall, kAggregate };
FunctionBuilder HigherOrderFunction(HigherOrder which);

// Whether a pattern has no regular-expression metacharacters (matched as plain text).
bool IsRegexLiteral(std::string_view p);
// A timestamp in a Java SimpleDateFormat-style pattern (the common letters).
std::string FormatTs(Timestamp t, std::string_view fmt_text);

// Helpers shared by operators and functions.
Value ToStringValue(const Value& v);
std::string ToText(const Value& v);
// Numeric view of a value for arithmetic: ints stay ints; strings are read as doubles;
// returns false when the value cannot take part in arithmetic.
bool NumericOperand(const Value& v, Value* out);
int CompareForSql(const Value& a, const Value& b, bool* comparable);
// A field of a struct or tuple (_1, _2, ...), of every element of an array, or null of
// null; throws EvalError for anything else.
Value GetField(const Value& base, const std::string& name);

// Spark's EvalMode: LEGACY (ANSI off), ANSI, TRY (the try_* functions). See arith.cc.
enum class EvalMode { kLegacy, kAnsi, kTry };
// The mode of expressions compiled now (ansi.h's AnsiEnabled()).
EvalMode CurrentEvalMode();
enum class Arith { kAdd, kSub, kMul, kDiv, kMod, kIntDiv };
EvalPtr MakeArith(Arith op, EvalPtr l, EvalPtr r, EvalMode mode);
EvalPtr MakeNeg(EvalPtr c, EvalMode mode);
EvalPtr MakeIndex(EvalPtr base, EvalPtr idx, EvalMode mode);
EvalPtr MakeCast(EvalPtr c, std::string type, EvalMode mode);
// try_add, try_subtract, try_multiply, try_divide, try_mod, get, try_element_at,
// try_to_timestamp; added to the library after the functions they are twins of; if,
// coalesce, nvl and ifnull, which evaluate only what they return; and raise_error, which
// always throws Spark's USER_RAISED_EXCEPTION.
void AddTryFunctions(std::map<std::string, FunctionBuilder>* f);

class ConstEval final : public Evaluator {
 public:
  explicit ConstEval(Value v) : v_(std::move(v)) {}
  Value Eval(EvalEnv&) const override { return v_; }

 private:
  Value v_;
};

}  // namespace tideline::expr::internal
