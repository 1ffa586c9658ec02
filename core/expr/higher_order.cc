// Higher-order functions over arrays (Spark's transform, filter, exists, forall,
// aggregate) with lambda arguments, and the arity check every function builder makes.
#include <fmt/format.h>

#include <cstdint>

#include "core/expr/expr.h"
#include "core/expr/internal.h"

namespace tideline::expr::internal {

Status Arity(Compiler& c, const Node& n, size_t lo, size_t hi) {
  size_t k = n.children.size();
  if (k < lo || k > hi) {
    std::string expected = lo == hi ? std::to_string(lo) : (hi == SIZE_MAX ? fmt::format("at least {}", lo) : fmt::format("{} to {}", lo, hi));
    return c.Error(n, fmt::format("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{}` requires {} parameters but the actual number is {}.",
                                  n.name, expected, k));
  }
  return Status::Ok();
}

namespace {

class HofEval final : public Evaluator {
 public:
  enum Kind { kTransform, kFilter, kExists, kForall, kAggregate };
  HofEval(Kind k, EvalPtr arr, EvalPtr body, std::vector<int> slots, EvalPtr zero = nullptr, EvalPtr finish = nullptr,
          std::vector<int> finish_slots = {})
      : k_(k), arr_(std::move(arr)), body_(std::move(body)), slots_(std::move(slots)), zero_(std::move(zero)),
        finish_(std::move(finish)), finish_slots_(std::move(finish_slots)) {}
  Value Eval(EvalEnv& env) const override {
    Value arr = arr_->Eval(env);
    if (arr.is_null()) return Value();
    if (!arr.is_seq()) throw EvalError("expected an array in a higher-order function");
    auto items = arr.items();
    switch (k_) {
      case kTransform: {
        std::vector<Value> out;
        out.reserve(items.size());
        for (size_t i = 0; i < items.size(); ++i) {
          env.slots[slots_[0]] = items[i];
          if (slots_.size() > 1) env.slots[slots_[1]] = Value::Int(static_cast<int64_t>(i));
          out.push_back(body_->Eval(env));
        }
        return Value::Array(std::move(out));
      }
      case kFilter: {
        std::vector<Value> out;
        for (size_t i = 0; i < items.size(); ++i) {
          env.slots[slots_[0]] = items[i];
          if (slots_.size() > 1) env.slots[slots_[1]] = Value::Int(static_cast<int64_t>(i));
          if (IsTrue(body_->Eval(env))) out.push_back(items[i]);
        }
        return Value::Array(std::move(out));
      }
      case kExists:
      case kForall: {
        bool saw_null = false;
        for (const Value& v : items) {
          env.slots[slots_[0]] = v;
          Value r = body_->Eval(env);
          if (r.is_null()) { saw_null = true; continue; }
          if (k_ == kExists && r.as_bool()) return Value::Bool(true);
          if (k_ == kForall && !r.as_bool()) return Value::Bool(false);
        }
        if (saw_null) return Value();
        return Value::Bool(k_ == kForall);
      }
      case kAggregate: {
        Value acc = zero_->Eval(env);
        for (const Value& v : items) {
          env.slots[slots_[0]] = acc;
          env.slots[slots_[1]] = v;
          acc = body_->Eval(env);
        }
        if (finish_) {
          env.slots[finish_slots_[0]] = acc;
          return finish_->Eval(env);
        }
        return acc;
      }
    }
    return Value();
  }

 private:
  Kind k_;
  EvalPtr arr_, body_;
  std::vector<int> slots_;
  EvalPtr zero_, finish_;
  std::vector<int> finish_slots_;
};

}  // namespace

FunctionBuilder HigherOrderFunction(HigherOrder which) {
  const auto kind = static_cast<HofEval::Kind>(static_cast<int>(which));
  return [kind](Compiler& c, const Node& n) -> Result<EvalPtr> {
    size_t lo = kind == HofEval::kAggregate ? 3 : 2, hi = kind == HofEval::kAggregate ? 4 : 2;
    TL_RETURN_IF_ERROR(Arity(c, n, lo, hi));
    TL_ASSIGN_OR_RETURN(EvalPtr arr, c.Build(*n.children[0]));
    if (kind == HofEval::kAggregate) {
      TL_ASSIGN_OR_RETURN(EvalPtr zero, c.Build(*n.children[1]));
      std::vector<int> slots, fslots;
      TL_ASSIGN_OR_RETURN(EvalPtr body, c.BuildLambda(*n.children[2], 2, &slots));
      EvalPtr finish;
      if (n.children.size() == 4) { TL_ASSIGN_OR_RETURN(finish, c.BuildLambda(*n.children[3], 1, &fslots)); }
      return EvalPtr(std::make_unique<HofEval>(kind, std::move(arr), std::move(body), slots, std::move(zero),
                                               std::move(finish), fslots));
    }
    const Node& lam = *n.children[1];
    size_t arity = lam.kind == NodeKind::kLambda && lam.params.size() == 2 &&
                           (kind == HofEval::kTransform || kind == HofEval::kFilter) ? 2 : 1;
    std::vector<int> slots;
    TL_ASSIGN_OR_RETURN(EvalPtr body, c.BuildLambda(lam, arity, &slots));
    return EvalPtr(std::make_unique<HofEval>(kind, std::move(arr), std::move(body), slots));
  };
}

}  // namespace tideline::expr::internal
