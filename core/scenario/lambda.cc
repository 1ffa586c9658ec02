#include "core/scenario/lambda.h"

#include <fmt/format.h>

namespace tideline::scenario {

Result<Lambda> Lambda::CompileString(const std::string& text, const SourcePos& pos, std::vector<std::string> params,
                                     const Timestamp* now) {
  expr::Scope scope;
  for (const auto& p : params) scope.Add(p);
  expr::ExprSource src{pos};
  TL_ASSIGN_OR_RETURN(expr::CompiledExpr e, expr::CompileText(text, scope, src));
  Lambda l;
  l.expr_ = std::move(e);
  l.now_ = now;
  return l;
}

Result<Lambda> Lambda::Compile(const YNode& text, std::vector<std::string> params, const Timestamp* now) {
  if (!text.is_scalar())
    return Status::Parse(fmt::format("expected an expression (a string), not {}", text.KindName()), text.pos);
  return CompileString(text.scalar, text.TextPos(), std::move(params), now);
}

Value Lambda::Call(std::initializer_list<const Value*> args) const {
  int n = expr_.num_slots();
  if (n == 0) {
    expr::EvalEnv env{nullptr, now_ ? *now_ : Timestamp(), args.begin()};
    return expr_.Eval(env);
  }
  std::vector<Value> slots(static_cast<size_t>(n));  // lambda parameters of higher-order functions
  expr::EvalEnv env{slots.data(), now_ ? *now_ : Timestamp(), args.begin()};
  return expr_.Eval(env);
}

}  // namespace tideline::scenario
