// Evaluation of a ColumnarExpr over a range of rows, one column at a time.

#include <algorithm>
#include <deque>
#include <vector>

#include "core/expr/columnar.h"
#include "core/expr/columnar_node.h"

namespace tideline::expr {

namespace columnar {
namespace {

// The results for the rows of a range: p[i * stride] for row i (stride 0: one value).
struct Run {
  const Value* p;
  size_t stride;
  const Value& operator[](size_t i) const { return p[i * stride]; }
};

// Buffers for intermediate results, reused from call to call on one thread.
class Scratch {
 public:
  void Reset() { used_ = 0; }
  Value* Take(size_t n) {
    if (used_ == bufs_.size()) bufs_.emplace_back();
    std::vector<Value>& b = bufs_[used_++];
    if (b.size() < n) b.resize(n);
    return b.data();
  }

 private:
  std::deque<std::vector<Value>> bufs_;  // a deque: taken buffers stay where they are
  size_t used_ = 0;
};

const Value kNullValue;

// What every part of one range evaluation shares: the rows, the buffers and the flags
// of the rows outside the subset.
struct Range {
  const ColumnBatch& in;
  size_t begin, len;
  Scratch& scratch;
  uint8_t* bad;
};

Run EvalRange(const Node& n, const Range& r);

template <Arith op>
void ArithLoop(Run a, Run b, size_t len, Value* out, uint8_t* bad) {
  for (size_t i = 0; i < len; ++i) {
    if (bad[i]) continue;
    const Value& x = a[i];
    const Value& y = b[i];
    ValueType tx = x.type(), ty = y.type();
    if (tx == ValueType::kInt && ty == ValueType::kInt && op != Arith::kDiv) {
      uint64_t p = static_cast<uint64_t>(x.as_int()), q = static_cast<uint64_t>(y.as_int());
      out[i] = Value::Int(Wrap(op == Arith::kAdd ? p + q : (op == Arith::kSub ? p - q : p * q)));
    } else if (op != Arith::kDiv && x.is_number() && y.is_number()) {  // a double and a number
      double p = x.num(), q = y.num();
      out[i] = Value::Double(op == Arith::kAdd ? p + q : (op == Arith::kSub ? p - q : p * q));
    } else if (!EvalArith(op, x, y, &out[i])) {
      bad[i] = 1;
    }
  }
}

// Arithmetic, comparisons, AND and OR (both operands are evaluated over the range).
Run EvalBinaryRange(const Node& n, const Range& r) {
  Run a = EvalRange(n.kids[0], r);
  Run b = EvalRange(n.kids[1], r);
  Value* out = r.scratch.Take(r.len);
  const size_t len = r.len;
  uint8_t* bad = r.bad;
  switch (n.op) {
    case Op::kArith:
      switch (n.arith) {
        case Arith::kAdd: ArithLoop<Arith::kAdd>(a, b, len, out, bad); break;
        case Arith::kSub: ArithLoop<Arith::kSub>(a, b, len, out, bad); break;
        case Arith::kMul: ArithLoop<Arith::kMul>(a, b, len, out, bad); break;
        case Arith::kDiv: ArithLoop<Arith::kDiv>(a, b, len, out, bad); break;
      }
      break;
    case Op::kCompare:
      for (size_t i = 0; i < len; ++i) {
        if (bad[i]) continue;
        const Value& x = a[i];
        const Value& y = b[i];
        if ((n.cmp == Cmp::kEq || n.cmp == Cmp::kNe) && x.inline_string() && y.inline_string()) {
          out[i] = Value::Bool(x.SameBits(y) == (n.cmp == Cmp::kEq));
        } else if (!EvalCompare(n.cmp, x, y, &out[i])) {
          bad[i] = 1;
        }
      }
      break;
    default:
      for (size_t i = 0; i < len; ++i)
        if (!bad[i]) out[i] = n.op == Op::kAnd ? And(a[i], b[i]) : Or(a[i], b[i]);
  }
  return {out, 1};
}

// x IN (items) for one row; false when a comparison is outside the subset.
bool InRow(const Node& n, const Value& x, const std::vector<Run>& items, size_t i, Value* out) {
  bool saw_null = false, hit = false;
  for (const Run& item : items) {
    const Value& y = item[i];
    if (y.is_null()) { saw_null = true; continue; }
    if (x.inline_string() && y.inline_string()) {
      if (x.SameBits(y)) { hit = true; break; }
      continue;
    }
    int c;
    if (!SqlCompare(x, y, &c)) return false;
    if (c == 0) { hit = true; break; }
  }
  *out = hit ? Value::Bool(!n.negated) : (saw_null ? Value() : Value::Bool(n.negated));
  return true;
}

Run EvalInRange(const Node& n, const Range& r) {
  Run v = EvalRange(n.kids[0], r);
  std::vector<Run> items;
  items.reserve(n.kids.size() - 1);
  for (size_t k = 1; k < n.kids.size(); ++k) items.push_back(EvalRange(n.kids[k], r));
  Value* out = r.scratch.Take(r.len);
  // A list of inline strings (literals, say): compared without branches on the data.
  bool strings = !items.empty();
  for (const Run& item : items) strings = strings && item.stride == 0 && item[0].inline_string();
  for (size_t i = 0; i < r.len; ++i) {
    if (r.bad[i]) continue;
    const Value& x = v[i];
    if (x.is_null()) { out[i] = Value(); continue; }
    if (strings && x.inline_string()) {
      bool hit = false;
      for (const Run& item : items) hit |= x.SameBits(item[0]);
      out[i] = Value::Bool(hit != n.negated);
      continue;
    }
    if (!InRow(n, x, items, i, &out[i])) r.bad[i] = 1;
  }
  return {out, 1};
}

// CASE for one row, from the runs of every child; false when a comparison is outside
// the subset.
bool CaseRow(const Node& n, const std::vector<Run>& kids, size_t i, Value* out) {
  size_t k = 0;
  const Value* operand = nullptr;
  if (n.has_operand) { operand = &kids[0][i]; k = 1; }
  size_t end = kids.size() - (n.has_else ? 1 : 0);
  for (; k < end; k += 2) {
    bool ok = true;
    bool hit = CaseHit(operand, kids[k][i], &ok);
    if (!ok) return false;
    if (hit) { *out = kids[k + 1][i]; return true; }
  }
  *out = n.has_else ? kids.back()[i] : Value();
  return true;
}

// CASE and tuples, per row from the runs of every child (children a row does not reach
// are evaluated anyway: they are pure, and a row one of them cannot handle falls back).
Run EvalCaseTupleRange(const Node& n, const Range& r) {
  std::vector<Run> kids;
  kids.reserve(n.kids.size());
  for (const Node& k : n.kids) kids.push_back(EvalRange(k, r));
  Value* out = r.scratch.Take(r.len);
  for (size_t i = 0; i < r.len; ++i) {
    if (r.bad[i]) continue;
    if (n.op == Op::kCase) {
      if (!CaseRow(n, kids, i, &out[i])) r.bad[i] = 1;
    } else if (kids.size() == 2) {
      out[i] = Value::Pair(kids[0][i], kids[1][i]);
    } else {
      std::vector<Value> items;
      items.reserve(kids.size());
      for (const Run& k : kids) items.push_back(k[i]);
      out[i] = Value::Tuple(std::move(items));
    }
  }
  return {out, 1};
}

// Evaluates `n` for the rows of the range (the element's fields bound to columns); sets
// bad[i] for the rows it does not handle (their results are unspecified).
Run EvalRange(const Node& n, const Range& r) {
  switch (n.op) {
    case Op::kColumn: return {r.in.columns[n.column].data() + r.begin, 1};
    case Op::kLiteral: return {&n.literal, 0};
    case Op::kArith:
    case Op::kCompare:
    case Op::kAnd:
    case Op::kOr: return EvalBinaryRange(n, r);
    case Op::kIn: return EvalInRange(n, r);
    case Op::kNot:
    case Op::kIsNull:
    case Op::kNeg: {
      Run a = EvalRange(n.kids[0], r);
      Value* out = r.scratch.Take(r.len);
      for (size_t i = 0; i < r.len; ++i)
        if (!r.bad[i] && !EvalUnary(n, a[i], &out[i])) r.bad[i] = 1;
      return {out, 1};
    }
    case Op::kCase:
    case Op::kTuple: return EvalCaseTupleRange(n, r);
    case Op::kParam:
    case Op::kParamField: break;  // bound to columns before a range is evaluated
  }
  std::fill(r.bad, r.bad + r.len, 1);
  return {&kNullValue, 0};
}

// Writes the values of `n` for the range to dst: copied from an input column or a
// literal, moved from the buffer of a computed result.
void WriteColumn(const Node& n, const Range& r, Value* dst) {
  Run run = EvalRange(n, r);
  if (n.op == Op::kColumn || n.op == Op::kLiteral || run.stride != 1) {
    for (size_t i = 0; i < r.len; ++i) dst[i] = run[i];
  } else {
    Value* src = const_cast<Value*>(run.p);  // a scratch buffer of this call
    for (size_t i = 0; i < r.len; ++i) dst[i] = std::move(src[i]);
  }
}

}  // namespace
}  // namespace columnar

void ColumnarExpr::EvalColumns(const ColumnBatch& in, size_t begin, size_t len, std::span<Value* const> out,
                               uint8_t* bad) const {
  thread_local columnar::Scratch scratch;
  scratch.Reset();
  const columnar::Range r{in, begin, len, scratch, bad};
  if (is_tuple()) {
    for (size_t k = 0; k < out.size(); ++k) columnar::WriteColumn(root_->kids[k], r, out[k]);
  } else {
    columnar::WriteColumn(*root_, r, out[0]);
  }
}

void ColumnarExpr::EvalPredicate(const ColumnBatch& in, size_t begin, size_t len, uint8_t* truth,
                                 uint8_t* bad) const {
  thread_local columnar::Scratch scratch;
  scratch.Reset();
  const columnar::Range r{in, begin, len, scratch, bad};
  columnar::Run run = columnar::EvalRange(*root_, r);
  for (size_t i = 0; i < len; ++i) truth[i] = IsTrue(run[i]);
}

}  // namespace tideline::expr
