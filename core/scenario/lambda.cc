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
  l.slots_ = std::make_shared<std::vector<Value>>(static_cast<size_t>(std::max(l.expr_.num_slots(), 1)));
  l.now_ = now;
  return l;
}

Result<Lambda> Lambda::Compile(const YNode& text, std::vector<std::string> params, const Timestamp* now) {
  if (!text.is_scalar())
    return Status::Parse(fmt::format("expected an expression (a string), not {}", text.KindName()), text.pos);
  return CompileString(text.scalar, text.TextPos(), std::move(params), now);
}

Value Lambda::Call(std::initializer_list<const Value*> args) const {
  std::vector<Value>& slots = *slots_;
  size_t i = 0;
  for (const Value* a : args) slots[i++] = *a;
  expr::EvalEnv env{slots.data(), now_ ? *now_ : Timestamp()};
  return expr_.Eval(env);
}

}  // namespace tideline::scenario
