#include <fmt/format.h>

#include <atomic>
#include <cmath>

#include "core/expr/internal.h"
#include "core/expr/numeric.h"

namespace tideline::expr {

using internal::Compiler;
using internal::ConstEval;
using internal::GetField;

int Scope::Find(std::string_view name) const {
  for (int i = static_cast<int>(names_.size()) - 1; i >= 0; --i) {
    const std::string& n = names_[i];
    if (n.size() != name.size()) continue;
    bool eq = true;
    for (size_t k = 0; k < n.size() && eq; ++k)
      eq = std::tolower(static_cast<unsigned char>(n[k])) == std::tolower(static_cast<unsigned char>(name[k]));
    if (eq) return i;
  }
  return -1;
}


namespace {

using internal::CompareForSql;
using internal::NumericOperand;

class SlotEval final : public Evaluator {
 public:
  explicit SlotEval(int slot) : slot_(slot) {}
  Value Eval(EvalEnv& env) const override { return env.slots[slot_]; }
  const Value* Peek(EvalEnv& env) const override { return &env.slots[slot_]; }

 private:
  int slot_;
};

class ParamEval final : public Evaluator {
 public:
  explicit ParamEval(int index) : index_(index) {}
  Value Eval(EvalEnv& env) const override { return *env.params[index_]; }
  const Value* Peek(EvalEnv& env) const override { return env.params[index_]; }

 private:
  int index_;
};


class FieldEval final : public Evaluator {
 public:
  FieldEval(EvalPtr base, std::string name) : base_(std::move(base)), name_(std::move(name)) {
    // `_N` (N from 1) names a tuple's element; an N beyond any arity names none, never a wrapped one.
    size_t idx = 0;
    bool digits = name_.size() >= 2 && name_.size() <= 8 && name_[0] == '_';
    for (size_t i = 1; digits && i < name_.size(); ++i) {
      digits = std::isdigit(static_cast<unsigned char>(name_[i])) != 0;
      idx = idx * 10 + static_cast<size_t>(name_[i] - '0');
    }
    if (digits && idx >= 1) tuple_index_ = static_cast<int>(idx) - 1;
  }
  Value Eval(EvalEnv& env) const override {
    if (const Value* p = base_->Peek(env)) return Field(*p);
    return Field(base_->Eval(env));
  }

 private:
  Value Field(const Value& b) const {
    if (tuple_index_ >= 0 && b.type() == ValueType::kTuple && static_cast<size_t>(tuple_index_) < b.size())
      return b[static_cast<size_t>(tuple_index_)];
    if (b.type() == ValueType::kStruct) {
      // Cache the field index per struct type: one atomic word, so concurrent readers agree.
      const StructType* st = b.struct_type();
      uint64_t c = cache_.load(std::memory_order_relaxed);
      if (c != 0 && reinterpret_cast<const StructType*>(c >> 16) == st) return b[c & 0xFFFF];
      int i = st->Find(name_);
      if (i >= 0 && i < 0xFFFF) {
        cache_.store((reinterpret_cast<uint64_t>(st) << 16) | static_cast<uint64_t>(i), std::memory_order_relaxed);
        return b[static_cast<size_t>(i)];
      }
    }
    return GetField(b, name_);
  }

  EvalPtr base_;
  std::string name_;
  int tuple_index_ = -1;
  mutable std::atomic<uint64_t> cache_{0};  // (StructType* << 16) | field index
};

class NotEval final : public Evaluator {
 public:
  explicit NotEval(EvalPtr c) : c_(std::move(c)) {}
  Value Eval(EvalEnv& env) const override {
    Value v = c_->Eval(env);
    if (v.type() != ValueType::kBool) return Value();
    return Value::Bool(!v.as_bool());
  }

 private:
  EvalPtr c_;
};

// timestamp +/- interval
class TsIntervalEval final : public Evaluator {
 public:
  TsIntervalEval(EvalPtr ts, int64_t micros) : ts_(std::move(ts)), micros_(micros) {}
  Value Eval(EvalEnv& env) const override {
    Value t = ts_->Eval(env);
    if (t.is_null()) return t;
    if (t.type() == ValueType::kString) t = CastValue(t, "TIMESTAMP");
    if (t.type() != ValueType::kTimestamp) return Value();
    return Value::Ts(Timestamp::FromMicros(t.as_int() + micros_));
  }

 private:
  EvalPtr ts_;
  int64_t micros_;
};

class ConcatOpEval final : public Evaluator {
 public:
  ConcatOpEval(EvalPtr l, EvalPtr r) : l_(std::move(l)), r_(std::move(r)) {}
  Value Eval(EvalEnv& env) const override {
    Value a = l_->Eval(env), b = r_->Eval(env);
    if (a.is_null() || b.is_null()) return Value();
    if (a.type() == ValueType::kArray && b.type() == ValueType::kArray) {
      std::vector<Value> out(a.items().begin(), a.items().end());
      out.insert(out.end(), b.items().begin(), b.items().end());
      return Value::Array(std::move(out));
    }
    return Value::String(internal::ToText(a) + internal::ToText(b));
  }

 private:
  EvalPtr l_, r_;
};

enum class Cmp { kEq, kNullSafeEq, kNe, kLt, kLe, kGt, kGe };

class CompareEval final : public Evaluator {
 public:
  CompareEval(Cmp op, EvalPtr l, EvalPtr r) : op_(op), l_(std::move(l)), r_(std::move(r)) {}
  Value Eval(EvalEnv& env) const override {
    Value a = l_->Eval(env), b = r_->Eval(env);
    if (op_ == Cmp::kNullSafeEq) {
      if (a.is_null() || b.is_null()) return Value::Bool(a.is_null() && b.is_null());
    } else if (a.is_null() || b.is_null()) {
      return Value();
    }
    bool ok = true;
    int c = CompareForSql(a, b, &ok);
    if (!ok) return op_ == Cmp::kNullSafeEq ? Value::Bool(false) : Value();
    switch (op_) {
      case Cmp::kEq:
      case Cmp::kNullSafeEq: return Value::Bool(c == 0);
      case Cmp::kNe: return Value::Bool(c != 0);
      case Cmp::kLt: return Value::Bool(c < 0);
      case Cmp::kLe: return Value::Bool(c <= 0);
      case Cmp::kGt: return Value::Bool(c > 0);
      case Cmp::kGe: return Value::Bool(c >= 0);
    }
    return Value();
  }

 private:
  Cmp op_;
  EvalPtr l_, r_;
};

class AndEval final : public Evaluator {
 public:
  AndEval(EvalPtr l, EvalPtr r) : l_(std::move(l)), r_(std::move(r)) {}
  Value Eval(EvalEnv& env) const override {
    Value a = l_->Eval(env);
    if (a.type() == ValueType::kBool && !a.as_bool()) return a;
    Value b = r_->Eval(env);
    if (b.type() == ValueType::kBool && !b.as_bool()) return b;
    if (a.is_null() || b.is_null()) return Value();
    return Value::Bool(true);
  }

 private:
  EvalPtr l_, r_;
};

class OrEval final : public Evaluator {
 public:
  OrEval(EvalPtr l, EvalPtr r) : l_(std::move(l)), r_(std::move(r)) {}
  Value Eval(EvalEnv& env) const override {
    Value a = l_->Eval(env);
    if (IsTrue(a)) return a;
    Value b = r_->Eval(env);
    if (IsTrue(b)) return b;
    if (a.is_null() || b.is_null()) return Value();
    return Value::Bool(false);
  }

 private:
  EvalPtr l_, r_;
};

class IsNullEval final : public Evaluator {
 public:
  IsNullEval(EvalPtr c, bool negated) : c_(std::move(c)), negated_(negated) {}
  Value Eval(EvalEnv& env) const override { return Value::Bool(c_->Eval(env).is_null() != negated_); }

 private:
  EvalPtr c_;
  bool negated_;
};

class InEval final : public Evaluator {
 public:
  InEval(EvalPtr v, std::vector<EvalPtr> list, bool negated)
      : v_(std::move(v)), list_(std::move(list)), negated_(negated) {}
  Value Eval(EvalEnv& env) const override {
    Value v = v_->Eval(env);
    if (v.is_null()) return Value();
    bool saw_null = false;
    for (const auto& e : list_) {
      Value x = e->Eval(env);
      if (x.is_null()) { saw_null = true; continue; }
      bool ok = true;
      if (CompareForSql(v, x, &ok) == 0 && ok) return Value::Bool(!negated_);
    }
    if (saw_null) return Value();
    return Value::Bool(negated_);
  }

 private:
  EvalPtr v_;
  std::vector<EvalPtr> list_;
  bool negated_;
};

class LikeEval final : public Evaluator {
 public:
  LikeEval(EvalPtr v, EvalPtr pat, bool negated) : v_(std::move(v)), pat_(std::move(pat)), negated_(negated) {}
  Value Eval(EvalEnv& env) const override {
    Value v = v_->Eval(env), p = pat_->Eval(env);
    if (v.is_null() || p.is_null()) return Value();
    std::string s = internal::ToText(v), pat = internal::ToText(p);
    return Value::Bool(Match(s, 0, pat, 0) != negated_);
  }

 private:
  // Wildcard matching without recursion or backtracking beyond the last `%`: time
  // O(|s| * |p|) at worst, constant stack, whatever the pattern.
  static bool Match(const std::string& s, size_t i, const std::string& p, size_t j) {
    size_t star_j = std::string::npos, star_i = 0;
    while (i < s.size()) {
      if (j < p.size() && p[j] == '%') {
        star_j = ++j;
        star_i = i;
        continue;
      }
      if (j < p.size()) {
        size_t step = 1;
        char c = p[j];
        if (c == '\\' && j + 1 < p.size()) { c = p[j + 1]; step = 2; }
        else if (c == '_') c = s[i];
        if (s[i] == c) { ++i; j += step; continue; }
      }
      if (star_j == std::string::npos) return false;
      j = star_j;
      i = ++star_i;
    }
    while (j < p.size() && p[j] == '%') ++j;
    return j == p.size();
  }
  EvalPtr v_, pat_;
  bool negated_;
};

class CaseEval final : public Evaluator {
 public:
  CaseEval(EvalPtr operand, std::vector<EvalPtr> whens, std::vector<EvalPtr> thens, EvalPtr otherwise)
      : operand_(std::move(operand)), whens_(std::move(whens)), thens_(std::move(thens)), else_(std::move(otherwise)) {}
  Value Eval(EvalEnv& env) const override {
    Value op;
    if (operand_) op = operand_->Eval(env);
    for (size_t i = 0; i < whens_.size(); ++i) {
      Value w = whens_[i]->Eval(env);
      bool hit;
      if (operand_) {
        bool ok = true;
        hit = !op.is_null() && !w.is_null() && CompareForSql(op, w, &ok) == 0 && ok;
      } else {
        hit = IsTrue(w);
      }
      if (hit) return thens_[i]->Eval(env);
    }
    return else_ ? else_->Eval(env) : Value();
  }

 private:
  EvalPtr operand_;
  std::vector<EvalPtr> whens_, thens_;
  EvalPtr else_;
};

class SeqEval final : public Evaluator {
 public:
  SeqEval(bool tuple, std::vector<EvalPtr> items) : tuple_(tuple), items_(std::move(items)) {}
  Value Eval(EvalEnv& env) const override {
    if (tuple_ && items_.size() == 2) return Value::Pair(items_[0]->Eval(env), items_[1]->Eval(env));
    std::vector<Value> out;
    out.reserve(items_.size());
    for (const auto& e : items_) out.push_back(e->Eval(env));
    return tuple_ ? Value::Tuple(std::move(out)) : Value::Array(std::move(out));
  }

 private:
  bool tuple_;
  std::vector<EvalPtr> items_;
};

}  // namespace
namespace internal {

int Compiler::Lookup(std::string_view name) const {
  for (auto it = lambda_params_.rbegin(); it != lambda_params_.rend(); ++it) {
    if (it->first.size() == name.size()) {
      bool eq = true;
      for (size_t k = 0; k < name.size() && eq; ++k)
        eq = std::tolower(static_cast<unsigned char>(it->first[k])) == std::tolower(static_cast<unsigned char>(name[k]));
      if (eq) return it->second;
    }
  }
  return -1;
}

Result<EvalPtr> Compiler::BuildName(const Node& n) {
  int slot = Lookup(n.name);
  if (slot >= 0) return EvalPtr(std::make_unique<SlotEval>(slot));
  int param = scope_.Find(n.name);
  if (param >= 0) return EvalPtr(std::make_unique<ParamEval>(param));
  std::vector<std::string> cands;
  for (const auto& p : lambda_params_) cands.push_back("`" + p.first + "`");
  for (const auto& s : scope_.names()) cands.push_back("`" + s + "`");
  if (cands.empty())
    return Error(n, fmt::format("[UNRESOLVED_COLUMN] A column, variable, or function parameter with name `{}` cannot be resolved.", n.name));
  return Error(n, fmt::format("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name "
                              "`{}` cannot be resolved. Did you mean one of the following? [{}].",
                              n.name, fmt::join(cands, ", ")));
}

Result<EvalPtr> Compiler::BuildBinary(const Node& n) {
  const std::string& op = n.name;
  // timestamp +/- INTERVAL
  if ((op == "+" || op == "-") && n.children[1]->kind == NodeKind::kInterval) {
    TL_ASSIGN_OR_RETURN(EvalPtr l, Build(*n.children[0]));
    int64_t us = n.children[1]->value.as_int();
    return EvalPtr(std::make_unique<TsIntervalEval>(std::move(l), op == "+" ? us : -us));
  }
  if (op == "+" && n.children[0]->kind == NodeKind::kInterval) {
    TL_ASSIGN_OR_RETURN(EvalPtr r, Build(*n.children[1]));
    return EvalPtr(std::make_unique<TsIntervalEval>(std::move(r), n.children[0]->value.as_int()));
  }
  TL_ASSIGN_OR_RETURN(EvalPtr l, Build(*n.children[0]));
  TL_ASSIGN_OR_RETURN(EvalPtr r, Build(*n.children[1]));
  if (op == "AND") return EvalPtr(std::make_unique<AndEval>(std::move(l), std::move(r)));
  if (op == "OR") return EvalPtr(std::make_unique<OrEval>(std::move(l), std::move(r)));
  if (op == "||") return EvalPtr(std::make_unique<ConcatOpEval>(std::move(l), std::move(r)));
  using internal::Arith;
  static const std::pair<const char*, Arith> kArith[] = {{"+", Arith::kAdd}, {"-", Arith::kSub}, {"*", Arith::kMul},
                                                         {"/", Arith::kDiv}, {"%", Arith::kMod}, {"DIV", Arith::kIntDiv}};
  for (const auto& [name, a] : kArith)
    if (op == name) return internal::MakeArith(a, std::move(l), std::move(r), internal::CurrentEvalMode());
  static const std::pair<const char*, Cmp> kCmp[] = {{"=", Cmp::kEq}, {"<=>", Cmp::kNullSafeEq}, {"!=", Cmp::kNe},
                                                     {"<", Cmp::kLt}, {"<=", Cmp::kLe}, {">", Cmp::kGt}, {">=", Cmp::kGe}};
  for (const auto& [name, c] : kCmp)
    if (op == name) return EvalPtr(std::make_unique<CompareEval>(c, std::move(l), std::move(r)));
  return Error(n, "unknown operator " + op);
}

Result<EvalPtr> Compiler::BuildCall(const Node& n) {
  std::string lower;
  for (char c : n.name) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  const auto& fns = Functions();
  auto it = fns.find(lower);
  if (it == fns.end()) {
    return Error(n, fmt::format("[UNRESOLVED_ROUTINE] Cannot resolve routine `{}` on search path [`system`.`builtin`, `system`.`session`].", n.name));
  }
  return it->second(*this, n);
}

Result<EvalPtr> Compiler::BuildLambda(const Node& lambda, size_t arity, std::vector<int>* param_slots) {
  if (lambda.kind != NodeKind::kLambda) return Error(lambda, "expected a lambda function (x -> ...)");
  if (lambda.params.size() != arity)
    return Error(lambda, fmt::format("the lambda function takes {} parameter(s) here, not {}", arity, lambda.params.size()));
  size_t mark = lambda_params_.size();
  param_slots->clear();
  for (const auto& p : lambda.params) {
    int slot = next_slot_++;
    lambda_params_.emplace_back(p, slot);
    param_slots->push_back(slot);
  }
  auto body = Build(*lambda.children[0]);
  lambda_params_.resize(mark);
  return body;
}

Result<EvalPtr> Compiler::BuildCase(const Node& n) {
  size_t i = 0;
  EvalPtr operand;
  if (n.has_operand) { TL_ASSIGN_OR_RETURN(operand, Build(*n.children[0])); i = 1; }
  size_t end = n.children.size() - (n.has_else ? 1 : 0);
  std::vector<EvalPtr> whens, thens;
  for (; i + 1 < end + 1 && i < end; i += 2) {
    TL_ASSIGN_OR_RETURN(EvalPtr w, Build(*n.children[i]));
    TL_ASSIGN_OR_RETURN(EvalPtr t, Build(*n.children[i + 1]));
    whens.push_back(std::move(w));
    thens.push_back(std::move(t));
  }
  EvalPtr otherwise;
  if (n.has_else) { TL_ASSIGN_OR_RETURN(otherwise, Build(*n.children.back())); }
  return EvalPtr(std::make_unique<CaseEval>(std::move(operand), std::move(whens), std::move(thens), std::move(otherwise)));
}

Result<EvalPtr> Compiler::Build(const Node& n) {
  switch (n.kind) {
    case NodeKind::kLiteral: return EvalPtr(std::make_unique<ConstEval>(n.value));
    case NodeKind::kName: return BuildName(n);
    case NodeKind::kField: {
      TL_ASSIGN_OR_RETURN(EvalPtr base, Build(*n.children[0]));
      return EvalPtr(std::make_unique<FieldEval>(std::move(base), n.name));
    }
    case NodeKind::kIndex: {
      TL_ASSIGN_OR_RETURN(EvalPtr base, Build(*n.children[0]));
      TL_ASSIGN_OR_RETURN(EvalPtr idx, Build(*n.children[1]));
      return internal::MakeIndex(std::move(base), std::move(idx), internal::CurrentEvalMode());
    }
    case NodeKind::kUnary: {
      TL_ASSIGN_OR_RETURN(EvalPtr c, Build(*n.children[0]));
      if (n.name == "NOT") return EvalPtr(std::make_unique<NotEval>(std::move(c)));
      return internal::MakeNeg(std::move(c), internal::CurrentEvalMode());
    }
    case NodeKind::kBinary: return BuildBinary(n);
    case NodeKind::kIsNull: {
      TL_ASSIGN_OR_RETURN(EvalPtr c, Build(*n.children[0]));
      return EvalPtr(std::make_unique<IsNullEval>(std::move(c), n.negated));
    }
    case NodeKind::kIn: {
      TL_ASSIGN_OR_RETURN(EvalPtr v, Build(*n.children[0]));
      std::vector<EvalPtr> list;
      for (size_t i = 1; i < n.children.size(); ++i) {
        TL_ASSIGN_OR_RETURN(EvalPtr e, Build(*n.children[i]));
        list.push_back(std::move(e));
      }
      return EvalPtr(std::make_unique<InEval>(std::move(v), std::move(list), n.negated));
    }
    case NodeKind::kBetween: {
      // a BETWEEN lo AND hi  ==  a >= lo AND a <= hi
      TL_ASSIGN_OR_RETURN(EvalPtr a1, Build(*n.children[0]));
      TL_ASSIGN_OR_RETURN(EvalPtr a2, Build(*n.children[0]));
      TL_ASSIGN_OR_RETURN(EvalPtr lo, Build(*n.children[1]));
      TL_ASSIGN_OR_RETURN(EvalPtr hi, Build(*n.children[2]));
      EvalPtr both = std::make_unique<AndEval>(std::make_unique<CompareEval>(Cmp::kGe, std::move(a1), std::move(lo)),
                                               std::make_unique<CompareEval>(Cmp::kLe, std::move(a2), std::move(hi)));
      if (n.negated) return EvalPtr(std::make_unique<NotEval>(std::move(both)));
      return both;
    }
    case NodeKind::kLike: {
      TL_ASSIGN_OR_RETURN(EvalPtr v, Build(*n.children[0]));
      TL_ASSIGN_OR_RETURN(EvalPtr p, Build(*n.children[1]));
      return EvalPtr(std::make_unique<LikeEval>(std::move(v), std::move(p), n.negated));
    }
    case NodeKind::kCase: return BuildCase(n);
    case NodeKind::kCast: {
      if (!IsKnownCastType(n.name)) return Error(n, fmt::format("[UNSUPPORTED_DATATYPE] Unsupported data type \"{}\".", n.name));
      TL_ASSIGN_OR_RETURN(EvalPtr c, Build(*n.children[0]));
      std::string t = n.name;
      if (t == "INTEGER") t = "INT";
      return internal::MakeCast(std::move(c), t, n.negated ? internal::EvalMode::kTry : internal::CurrentEvalMode());
    }
    case NodeKind::kCall: return BuildCall(n);
    case NodeKind::kLambda: return Error(n, "a lambda function is allowed only as an argument of a higher-order function");
    case NodeKind::kTuple:
    case NodeKind::kArray: {
      std::vector<EvalPtr> items;
      for (const auto& c : n.children) {
        TL_ASSIGN_OR_RETURN(EvalPtr e, Build(*c));
        items.push_back(std::move(e));
      }
      return EvalPtr(std::make_unique<SeqEval>(n.kind == NodeKind::kTuple, std::move(items)));
    }
    case NodeKind::kAlias: return Build(*n.children[0]);
    case NodeKind::kStar: return Error(n, "'*' is not allowed here");
    case NodeKind::kInterval: return EvalPtr(std::make_unique<ConstEval>(Value::String(Duration::Micros(n.value.as_int()).ToString())));
  }
  return Error(n, "unsupported expression");
}

}  // namespace internal

Result<CompiledExpr> Compile(const Node& ast, const Scope& scope, std::string_view text, const ExprSource& src) {
  Compiler c(scope, text, src);
  TL_ASSIGN_OR_RETURN(EvalPtr root, c.Build(ast));
  return CompiledExpr(std::move(root), c.num_slots(), std::string(text));
}

Result<CompiledExpr> CompileText(std::string_view text, const Scope& scope, const ExprSource& src) {
  TL_ASSIGN_OR_RETURN(NodePtr ast, Parse(text, src));
  return Compile(*ast, scope, text, src);
}

}  // namespace tideline::expr
