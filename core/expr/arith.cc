// Arithmetic, negation, array indexing and CAST, in the three evaluation modes of Spark's
// EvalMode: LEGACY (ANSI off: null on a division by zero or a bad cast, wrapping integers),
// ANSI (errors with Spark's error classes, ansi.h) and TRY (the try_* functions: null on
// overflow and on a division by zero); and raise_error, the function that always fails.
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/expr/ansi.h"
#include "core/expr/internal.h"
#include "core/expr/numeric.h"

namespace tideline::expr::internal {

namespace {

class ArithEval final : public Evaluator {
 public:
  ArithEval(Arith op, EvalPtr l, EvalPtr r, EvalMode mode) : op_(op), mode_(mode), l_(std::move(l)), r_(std::move(r)) {}
  Value Eval(EvalEnv& env) const override {
    Value a = l_->Eval(env);
    Value b = r_->Eval(env);
    if (a.type() == ValueType::kInt && b.type() == ValueType::kInt) return Ints(a.as_int(), b.as_int());
    if (a.is_null() || b.is_null()) return Value();
    if (a.type() == ValueType::kTimestamp && b.type() == ValueType::kTimestamp && op_ == Arith::kSub)
      return Value::Int(a.as_int() - b.as_int());  // microseconds between
    Value x, y;
    if (!NumericOperand(a, &x) || !NumericOperand(b, &y)) return Value();
    if (x.type() == ValueType::kInt && y.type() == ValueType::kInt) return Ints(x.as_int(), y.as_int());
    double p = x.num(), q = y.num();
    switch (op_) {
      case Arith::kAdd: return Value::Double(p + q);
      case Arith::kSub: return Value::Double(p - q);
      case Arith::kMul: return Value::Double(p * q);
      case Arith::kDiv: return q == 0 ? ByZero() : Value::Double(p / q);
      case Arith::kMod: return q == 0 ? ByZero() : Value::Double(std::fmod(p, q));
      case Arith::kIntDiv: return q == 0 ? ByZero() : Value::Int(JavaLong(std::trunc(p / q)));
    }
    return Value();
  }

 private:
  Value ByZero() const {
    if (mode_ == EvalMode::kAnsi) throw EvalError(DivideByZeroError());
    return Value();
  }
  // A result that overflowed 64 bits: wrapped (LEGACY), an error (ANSI) or null (TRY).
  Value Overflow(int64_t wrapped, const char* hint) const {
    if (mode_ == EvalMode::kAnsi) throw EvalError(ArithmeticOverflowError("long overflow", hint));
    return mode_ == EvalMode::kTry ? Value() : Value::Int(wrapped);
  }
  Value Ints(int64_t p, int64_t q) const {
    int64_t r;
    switch (op_) {
      case Arith::kAdd: return __builtin_add_overflow(p, q, &r) ? Overflow(r, "try_add") : Value::Int(r);
      case Arith::kSub: return __builtin_sub_overflow(p, q, &r) ? Overflow(r, "try_subtract") : Value::Int(r);
      case Arith::kMul: return __builtin_mul_overflow(p, q, &r) ? Overflow(r, "try_multiply") : Value::Int(r);
      case Arith::kDiv: return q == 0 ? ByZero() : Value::Double(static_cast<double>(p) / static_cast<double>(q));
      case Arith::kMod: return q == 0 ? ByZero() : Value::Int(q == -1 ? 0 : p % q);
      case Arith::kIntDiv:
        if (q == 0) return ByZero();
        if (q == -1 && p == INT64_MIN && mode_ == EvalMode::kAnsi)
          throw EvalError(ArithmeticOverflowError("Overflow in integral divide", "try_divide"));
        return Value::Int(q == -1 ? static_cast<int64_t>(0ULL - static_cast<uint64_t>(p)) : p / q);
    }
    return Value();
  }
  Arith op_;
  EvalMode mode_;
  EvalPtr l_, r_;
};

class NegEval final : public Evaluator {
 public:
  NegEval(EvalPtr c, EvalMode mode) : c_(std::move(c)), mode_(mode) {}
  Value Eval(EvalEnv& env) const override {
    Value v = c_->Eval(env), n;
    if (!NumericOperand(v, &n)) return Value();
    if (n.type() != ValueType::kInt) return Value::Double(-n.as_double());
    if (n.as_int() == INT64_MIN && mode_ == EvalMode::kAnsi) throw EvalError(ArithmeticOverflowError("long overflow", ""));
    return Value::Int(static_cast<int64_t>(0ULL - static_cast<uint64_t>(n.as_int())));
  }

 private:
  EvalPtr c_;
  EvalMode mode_;
};

class IndexEval final : public Evaluator {
 public:
  IndexEval(EvalPtr base, EvalPtr idx, EvalMode mode) : base_(std::move(base)), idx_(std::move(idx)), mode_(mode) {}
  Value Eval(EvalEnv& env) const override {
    Value b = base_->Eval(env);
    Value i = idx_->Eval(env);
    if (b.is_null() || i.is_null()) return Value();
    if (b.type() == ValueType::kStruct && i.type() == ValueType::kString) return GetField(b, std::string(i.str()));
    if (!b.is_seq() || i.type() != ValueType::kInt) return Value();
    int64_t k = i.as_int();
    if (k < 0 || static_cast<size_t>(k) >= b.size()) {
      if (mode_ == EvalMode::kAnsi && b.type() == ValueType::kArray) throw EvalError(InvalidArrayIndexError(k, b.size(), false));
      return Value();
    }
    return b[static_cast<size_t>(k)];
  }

 private:
  EvalPtr base_, idx_;
  EvalMode mode_;
};

class CastEval final : public Evaluator {
 public:
  CastEval(EvalPtr c, std::string type, EvalMode mode) : c_(std::move(c)), type_(std::move(type)), mode_(mode) {}
  Value Eval(EvalEnv& env) const override {
    Value v = c_->Eval(env);
    if (mode_ == EvalMode::kLegacy) return CastValue(v, type_);
    if (mode_ == EvalMode::kAnsi) return AnsiCastValue(v, type_);
    try {  // TRY_CAST: null where the ANSI cast fails
      return AnsiCastValue(v, type_);
    } catch (const EvalError&) {
      return Value();
    }
  }

 private:
  EvalPtr c_;
  std::string type_;
  EvalMode mode_;
};

// try_add(a, b) and friends: the operator in TRY mode.
FunctionBuilder TryArith(Arith op) {
  return [op](Compiler& c, const Node& n) -> Result<EvalPtr> {
    TL_RETURN_IF_ERROR(Arity(c, n, 2, 2));
    TL_ASSIGN_OR_RETURN(EvalPtr l, c.Build(*n.children[0]));
    TL_ASSIGN_OR_RETURN(EvalPtr r, c.Build(*n.children[1]));
    return MakeArith(op, std::move(l), std::move(r), EvalMode::kTry);
  };
}

// A function whose ANSI form raises an error where its LEGACY form gives null: the LEGACY
// form runs, and a null it gives for non-null arguments goes to `check`, which throws
// Spark's error when the arguments call for one.
class AnsiCheckEval final : public Evaluator {
 public:
  using Check = void (*)(const std::vector<Value>& args);
  AnsiCheckEval(EvalPtr base, std::vector<EvalPtr> args, Check check)
      : base_(std::move(base)), args_(std::move(args)), check_(check) {}
  Value Eval(EvalEnv& env) const override {
    Value out = base_->Eval(env);
    if (!out.is_null()) return out;
    std::vector<Value> args;
    for (const auto& a : args_) args.push_back(a->Eval(env));
    for (const Value& a : args)
      if (a.is_null()) return out;
    check_(args);
    return out;
  }

 private:
  EvalPtr base_;
  std::vector<EvalPtr> args_;
  Check check_;
};

void ElementAtCheck(const std::vector<Value>& a) {
  if (a[0].type() != ValueType::kArray || a[1].type() != ValueType::kInt) return;
  const int64_t i = a[1].as_int(), n = static_cast<int64_t>(a[0].size());
  if (i > n || -i > n) throw EvalError(InvalidArrayIndexError(i, a[0].size(), true));
}

void ToTimestampCheck(const std::vector<Value>& a) {
  if (a[0].type() != ValueType::kString) return;
  throw EvalError(fmt::format("[CANNOT_PARSE_TIMESTAMP] Text {} could not be parsed at index 0. Use `try_to_timestamp` to "
                              "tolerate invalid input string and return NULL instead. SQLSTATE: 22007",
                              SqlLiteral(a[0])));
}

FunctionBuilder Ansi(FunctionBuilder base, AnsiCheckEval::Check check) {
  return [base, check](Compiler& c, const Node& n) -> Result<EvalPtr> {
    TL_ASSIGN_OR_RETURN(EvalPtr legacy, base(c, n));
    if (CurrentEvalMode() != EvalMode::kAnsi) return legacy;
    std::vector<EvalPtr> args;
    for (const auto& ch : n.children) {
      TL_ASSIGN_OR_RETURN(EvalPtr e, c.Build(*ch));
      args.push_back(std::move(e));
    }
    return EvalPtr(std::make_unique<AnsiCheckEval>(std::move(legacy), std::move(args), check));
  };
}

// A function built in a given mode whatever the setting (the try_ twins: LEGACY).
FunctionBuilder InMode(FunctionBuilder base, EvalMode mode) {
  return [base, mode](Compiler& c, const Node& n) -> Result<EvalPtr> {
    AnsiScope scope(mode == EvalMode::kAnsi);
    return base(c, n);
  };
}

// Spark's If, Coalesce and Nvl evaluate an argument only when they need it, so an error
// in a branch not taken (ANSI arithmetic, raise_error) is never raised.
class LazyEval final : public Evaluator {
 public:
  LazyEval(bool is_if, std::vector<EvalPtr> args) : is_if_(is_if), args_(std::move(args)) {}
  Value Eval(EvalEnv& env) const override {
    if (is_if_) return IsTrue(args_[0]->Eval(env)) ? args_[1]->Eval(env) : args_[2]->Eval(env);
    for (const auto& a : args_) {
      Value v = a->Eval(env);
      if (!v.is_null()) return v;
    }
    return Value();
  }

 private:
  bool is_if_;
  std::vector<EvalPtr> args_;
};

FunctionBuilder Lazy(bool is_if, size_t lo, size_t hi) {
  return [is_if, lo, hi](Compiler& c, const Node& n) -> Result<EvalPtr> {
    TL_RETURN_IF_ERROR(Arity(c, n, lo, hi));
    std::vector<EvalPtr> args;
    for (const auto& ch : n.children) {
      TL_ASSIGN_OR_RETURN(EvalPtr e, c.Build(*ch));
      args.push_back(std::move(e));
    }
    return EvalPtr(std::make_unique<LazyEval>(is_if, std::move(args)));
  };
}

// raise_error(message): Spark's RaiseError with the error class USER_RAISED_EXCEPTION. Its
// message is the argument as a string ("null" for null); evaluating it always throws.
class RaiseErrorEval final : public Evaluator {
 public:
  explicit RaiseErrorEval(EvalPtr message) : message_(std::move(message)) {}
  Value Eval(EvalEnv& env) const override {
    Value m = message_->Eval(env);
    const std::string text = m.is_null() ? "null" : std::string(CastValue(m, "STRING").str());
    throw EvalError(fmt::format("[USER_RAISED_EXCEPTION] {} SQLSTATE: P0001", text));
  }

 private:
  EvalPtr message_;
};

}  // namespace

EvalMode CurrentEvalMode() { return AnsiEnabled() ? EvalMode::kAnsi : EvalMode::kLegacy; }

EvalPtr MakeArith(Arith op, EvalPtr l, EvalPtr r, EvalMode mode) {
  return std::make_unique<ArithEval>(op, std::move(l), std::move(r), mode);
}
EvalPtr MakeNeg(EvalPtr c, EvalMode mode) { return std::make_unique<NegEval>(std::move(c), mode); }
EvalPtr MakeIndex(EvalPtr base, EvalPtr idx, EvalMode mode) {
  return std::make_unique<IndexEval>(std::move(base), std::move(idx), mode);
}
EvalPtr MakeCast(EvalPtr c, std::string type, EvalMode mode) {
  return std::make_unique<CastEval>(std::move(c), std::move(type), mode);
}

void AddTryFunctions(std::map<std::string, FunctionBuilder>* f) {
  (*f)["try_add"] = TryArith(Arith::kAdd);
  (*f)["try_subtract"] = TryArith(Arith::kSub);
  (*f)["try_multiply"] = TryArith(Arith::kMul);
  (*f)["try_divide"] = TryArith(Arith::kDiv);
  (*f)["try_mod"] = TryArith(Arith::kMod);
  // get(array, i): 0-based, null out of bounds, in either mode.
  (*f)["get"] = [](Compiler& c, const Node& n) -> Result<EvalPtr> {
    TL_RETURN_IF_ERROR(Arity(c, n, 2, 2));
    TL_ASSIGN_OR_RETURN(EvalPtr base, c.Build(*n.children[0]));
    TL_ASSIGN_OR_RETURN(EvalPtr idx, c.Build(*n.children[1]));
    return MakeIndex(std::move(base), std::move(idx), EvalMode::kLegacy);
  };
  for (const char* name : {"element_at", "to_timestamp"}) {
    auto it = f->find(name);
    if (it == f->end()) continue;
    (*f)[std::string("try_") + name] = InMode(it->second, EvalMode::kLegacy);
  }
  (*f)["element_at"] = Ansi((*f)["element_at"], ElementAtCheck);
  (*f)["if"] = Lazy(true, 3, 3);
  (*f)["coalesce"] = Lazy(false, 1, SIZE_MAX);
  (*f)["nvl"] = (*f)["ifnull"] = Lazy(false, 2, 2);
  (*f)["raise_error"] = [](Compiler& c, const Node& n) -> Result<EvalPtr> {
    TL_RETURN_IF_ERROR(Arity(c, n, 1, 1));
    TL_ASSIGN_OR_RETURN(EvalPtr message, c.Build(*n.children[0]));
    return EvalPtr(std::make_unique<RaiseErrorEval>(std::move(message)));
  };
  (*f)["to_timestamp"] = Ansi((*f)["to_timestamp"], ToTimestampCheck);
}

}  // namespace tideline::expr::internal
