#pragma once
// Internal to core/expr: the tree of a ColumnarExpr (columnar.h) and the value rules it
// shares between evaluating one element (columnar.cc) and a range of rows
// (columnar_range.cc). The rules are inline: they run once per row.

#include <cstdint>
#include <string>
#include <vector>

#include "core/expr/columnar.h"
#include "core/expr/expr.h"

namespace tideline::expr::columnar {

using Arith = ColumnarExpr::Arith;

enum class Op {
  kLiteral, kParam, kParamField, kColumn, kArith, kCompare, kIn, kAnd, kOr, kNot, kIsNull, kNeg, kCase, kTuple
};
enum class Cmp { kEq, kNullSafeEq, kNe, kLt, kLe, kGt, kGe };

// A node of a compiled expression. kParamField is a field of a parameter, looked up on
// the value; binding to a batch's shape turns the element's fields into kColumn.
struct Node {
  Op op = Op::kLiteral;
  Value literal;          // kLiteral
  int param = 0;          // kParam, kParamField
  std::string field;      // kParamField
  int tuple_index = -1;   // kParamField: N - 1 for a name _N
  size_t column = 0;      // kColumn
  Arith arith = Arith::kAdd;
  Cmp cmp = Cmp::kEq;
  bool negated = false;   // kIn, kIsNull
  bool has_operand = false, has_else = false;  // kCase
  std::vector<Node> kids;
};

inline int64_t Wrap(uint64_t v) { return static_cast<int64_t>(v); }

// Spark SQL's comparison (CompareForSql) for the type pairs of the subset; false for
// any other pair.
inline bool SqlCompare(const Value& a, const Value& b, int* out) {
  ValueType ta = a.type(), tb = b.type();
  if (ta == ValueType::kString && tb == ValueType::kString) {
    int r = a.str().compare(b.str());
    *out = r < 0 ? -1 : (r > 0 ? 1 : 0);
    return true;
  }
  if (a.is_number() && b.is_number()) {
    if (ta == ValueType::kInt && tb == ValueType::kInt) {
      *out = a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
    } else {
      double x = a.num(), y = b.num();
      *out = x < y ? -1 : (x > y ? 1 : 0);
    }
    return true;
  }
  if ((ta == ValueType::kBool && tb == ValueType::kBool) ||
      (ta == ValueType::kTimestamp && tb == ValueType::kTimestamp)) {
    *out = Value::Compare(a, b);
    return true;
  }
  return false;
}

inline bool EvalArith(Arith op, const Value& a, const Value& b, Value* out) {
  if (a.type() == ValueType::kInt && b.type() == ValueType::kInt) {
    uint64_t p = static_cast<uint64_t>(a.as_int()), q = static_cast<uint64_t>(b.as_int());
    switch (op) {
      case Arith::kAdd: *out = Value::Int(Wrap(p + q)); return true;
      case Arith::kSub: *out = Value::Int(Wrap(p - q)); return true;
      case Arith::kMul: *out = Value::Int(Wrap(p * q)); return true;
      case Arith::kDiv:
        *out = b.as_int() == 0 ? Value()
                               : Value::Double(static_cast<double>(a.as_int()) / static_cast<double>(b.as_int()));
        return true;
    }
  }
  if (a.is_null() || b.is_null()) {
    *out = Value();
    return true;
  }
  if (!a.is_number() || !b.is_number()) return false;
  double p = a.num(), q = b.num();
  switch (op) {
    case Arith::kAdd: *out = Value::Double(p + q); return true;
    case Arith::kSub: *out = Value::Double(p - q); return true;
    case Arith::kMul: *out = Value::Double(p * q); return true;
    case Arith::kDiv: *out = q == 0 ? Value() : Value::Double(p / q); return true;
  }
  return false;
}

inline bool EvalCompare(Cmp op, const Value& a, const Value& b, Value* out) {
  if (op == Cmp::kNullSafeEq) {
    if (a.is_null() || b.is_null()) {
      *out = Value::Bool(a.is_null() && b.is_null());
      return true;
    }
  } else if (a.is_null() || b.is_null()) {
    *out = Value();
    return true;
  }
  int c;
  if (!SqlCompare(a, b, &c)) return false;
  bool r = false;
  switch (op) {
    case Cmp::kEq:
    case Cmp::kNullSafeEq: r = c == 0; break;
    case Cmp::kNe: r = c != 0; break;
    case Cmp::kLt: r = c < 0; break;
    case Cmp::kLe: r = c <= 0; break;
    case Cmp::kGt: r = c > 0; break;
    case Cmp::kGe: r = c >= 0; break;
  }
  *out = Value::Bool(r);
  return true;
}

// AND and OR of two values, as the row evaluator computes them (null is unknown).
inline Value And(const Value& x, const Value& y) {
  if (x.type() == ValueType::kBool && !x.as_bool()) return x;
  if (y.type() == ValueType::kBool && !y.as_bool()) return y;
  return (x.is_null() || y.is_null()) ? Value() : Value::Bool(true);
}
inline Value Or(const Value& x, const Value& y) {
  if (IsTrue(x)) return x;
  if (IsTrue(y)) return y;
  return (x.is_null() || y.is_null()) ? Value() : Value::Bool(false);
}

// NOT, IS [NOT] NULL and unary minus of a value; false when outside the subset.
inline bool EvalUnary(const Node& n, const Value& x, Value* out) {
  if (n.op == Op::kNot) {
    *out = x.type() == ValueType::kBool ? Value::Bool(!x.as_bool()) : Value();
    return true;
  }
  if (n.op == Op::kIsNull) {
    *out = Value::Bool(x.is_null() != n.negated);
    return true;
  }
  switch (x.type()) {
    case ValueType::kNull: *out = Value(); return true;
    case ValueType::kInt: *out = Value::Int(Wrap(0ULL - static_cast<uint64_t>(x.as_int()))); return true;
    case ValueType::kDouble: *out = Value::Double(-x.as_double()); return true;
    default: return false;
  }
}

// Whether a CASE branch's WHEN value `w` is taken: equal to the operand (when there is
// one) or TRUE. False in *ok when the comparison is outside the subset.
inline bool CaseHit(const Value* operand, const Value& w, bool* ok) {
  if (!operand) return IsTrue(w);
  if (operand->is_null() || w.is_null()) return false;
  int r = 0;
  if (!SqlCompare(*operand, w, &r)) {
    *ok = false;
    return false;
  }
  return r == 0;
}

}  // namespace tideline::expr::columnar
