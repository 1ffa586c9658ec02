#include "core/scenario/columnar_lambda.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <optional>

#include "core/expr/parser.h"

namespace tideline::scenario {

using dstream::BoundColumnFn;
using dstream::ColumnBatch;

namespace {

enum class Op {
  kLiteral, kParam, kParamField, kColumn, kArith, kCompare, kIn, kAnd, kOr, kNot, kIsNull, kNeg, kCase, kTuple
};
enum class Arith { kAdd, kSub, kMul, kDiv };
enum class Cmp { kEq, kNullSafeEq, kNe, kLt, kLe, kGt, kGe };

// A node of a compiled expression. kParamField is a field of a parameter, looked up
// on the value; binding to a batch's shape turns the element's fields into kColumn.
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

// What an evaluation reads: the element (row `row` of `in`) or the parameters.
struct Ctx {
  const ColumnBatch* in = nullptr;
  size_t row = 0;
  const Value* const* params = nullptr;
};

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// The index of `name` among the parameters (later ones shadow earlier ones), or -1.
int ParamIndex(const std::vector<std::string>& params, std::string_view name) {
  for (int i = static_cast<int>(params.size()) - 1; i >= 0; --i)
    if (SameName(params[static_cast<size_t>(i)], name)) return i;
  return -1;
}

// ---- From the syntax tree (nullopt: outside the subset)

std::optional<Node> Translate(const expr::Node& n, const std::vector<std::string>& params) {
  using expr::NodeKind;
  Node out;
  auto kids = [&](size_t from) -> bool {
    for (size_t i = from; i < n.children.size(); ++i) {
      auto k = Translate(*n.children[i], params);
      if (!k) return false;
      out.kids.push_back(std::move(*k));
    }
    return true;
  };
  switch (n.kind) {
    case NodeKind::kLiteral:
      out.op = Op::kLiteral;
      out.literal = n.value;
      return out;
    case NodeKind::kName: {
      int p = ParamIndex(params, n.name);
      if (p < 0) return std::nullopt;
      out.op = Op::kParam;
      out.param = p;
      return out;
    }
    case NodeKind::kField: {
      const expr::Node& base = *n.children[0];
      if (base.kind != NodeKind::kName) return std::nullopt;
      int p = ParamIndex(params, base.name);
      if (p < 0) return std::nullopt;
      out.op = Op::kParamField;
      out.param = p;
      out.field = n.name;
      if (n.name.size() >= 2 && n.name[0] == '_') {  // as FieldEval reads _N
        size_t idx = 0;
        bool digits = true;
        for (size_t i = 1; i < n.name.size(); ++i) {
          if (!std::isdigit(static_cast<unsigned char>(n.name[i]))) digits = false;
          else idx = idx * 10 + static_cast<size_t>(n.name[i] - '0');
        }
        if (digits && idx >= 1 && idx < 1000000) out.tuple_index = static_cast<int>(idx) - 1;
      }
      return out;
    }
    case NodeKind::kAlias: return Translate(*n.children[0], params);
    case NodeKind::kBinary: {
      const std::string& op = n.name;
      static const std::pair<const char*, Arith> kArith[] = {
          {"+", Arith::kAdd}, {"-", Arith::kSub}, {"*", Arith::kMul}, {"/", Arith::kDiv}};
      static const std::pair<const char*, Cmp> kCmp[] = {{"=", Cmp::kEq}, {"<=>", Cmp::kNullSafeEq},
                                                         {"!=", Cmp::kNe}, {"<", Cmp::kLt},
                                                         {"<=", Cmp::kLe}, {">", Cmp::kGt},
                                                         {">=", Cmp::kGe}};
      bool known = false;
      if (op == "AND") { out.op = Op::kAnd; known = true; }
      if (op == "OR") { out.op = Op::kOr; known = true; }
      for (const auto& [name, a] : kArith)
        if (op == name) { out.op = Op::kArith; out.arith = a; known = true; }
      for (const auto& [name, c] : kCmp)
        if (op == name) { out.op = Op::kCompare; out.cmp = c; known = true; }
      if (!known || n.children.size() != 2) return std::nullopt;
      if (!kids(0)) return std::nullopt;  // an INTERVAL operand is outside the subset
      return out;
    }
    case NodeKind::kUnary:
      out.op = n.name == "NOT" ? Op::kNot : Op::kNeg;  // as the compiler reads it
      if (!kids(0)) return std::nullopt;
      return out;
    case NodeKind::kIsNull:
      out.op = Op::kIsNull;
      out.negated = n.negated;
      if (!kids(0)) return std::nullopt;
      return out;
    case NodeKind::kIn:
      out.op = Op::kIn;
      out.negated = n.negated;
      if (!kids(0)) return std::nullopt;
      return out;
    case NodeKind::kCase:
      out.op = Op::kCase;
      out.has_operand = n.has_operand;
      out.has_else = n.has_else;
      if (!kids(0)) return std::nullopt;
      if ((out.kids.size() - (n.has_operand ? 1 : 0) - (n.has_else ? 1 : 0)) % 2 != 0) return std::nullopt;
      return out;
    case NodeKind::kTuple:
      out.op = Op::kTuple;
      if (!kids(0)) return std::nullopt;
      return out;
    default: return std::nullopt;
  }
}

// Binds the element's fields (parameter 0) to the columns of batches shaped like `in`;
// false when the shape does not fit (the Lambda then reads the elements itself).
bool BindColumns(Node* n, const ColumnBatch& in) {
  if (n->op == Op::kParamField && n->param == 0) {
    if (in.kind == ColumnBatch::Kind::kStruct) {
      int i = in.type ? in.type->Find(n->field) : -1;
      if (i < 0 || static_cast<size_t>(i) >= in.width()) return false;
      n->column = static_cast<size_t>(i);
    } else if (in.kind == ColumnBatch::Kind::kTuple) {
      if (n->tuple_index < 0 || static_cast<size_t>(n->tuple_index) >= in.width()) return false;
      n->column = static_cast<size_t>(n->tuple_index);
    } else {
      return false;
    }
    n->op = Op::kColumn;
    return true;
  }
  if (n->op == Op::kParam && n->param == 0) {
    if (in.kind != ColumnBatch::Kind::kPlain || in.width() != 1) return false;
    n->op = Op::kColumn;
    n->column = 0;
    return true;
  }
  for (Node& k : n->kids)
    if (!BindColumns(&k, in)) return false;
  return true;
}

// ---- Evaluation: each returns false for a value outside the subset

bool Eval(const Node& n, const Ctx& c, Value* out);

// The value of `n` without copying when it is a column, a parameter or a literal.
inline const Value* Ref(const Node& n, const Ctx& c, Value* scratch) {
  switch (n.op) {
    case Op::kColumn: return &c.in->columns[n.column][c.row];
    case Op::kLiteral: return &n.literal;
    case Op::kParam: return c.params[n.param];
    default: return Eval(n, c, scratch) ? scratch : nullptr;
  }
}

// Spark SQL's comparison (CompareForSql) for the type pairs of the subset.
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

inline int64_t Wrap(uint64_t v) { return static_cast<int64_t>(v); }

bool EvalArith(Arith op, const Value& a, const Value& b, Value* out) {
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

bool EvalCompare(Cmp op, const Value& a, const Value& b, Value* out) {
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

// A field of a parameter's value, as FieldEval reads it, for tuples and structs.
const Value* ParamField(const Node& n, const Value& base) {
  if (base.type() == ValueType::kTuple) {
    const size_t i = static_cast<size_t>(n.tuple_index);
    if (n.tuple_index >= 0 && i < base.size()) return &base[i];
    return nullptr;
  }
  if (base.type() == ValueType::kStruct) {
    int i = base.struct_type()->Find(n.field);
    if (i >= 0) return &base[static_cast<size_t>(i)];
  }
  return nullptr;
}

inline bool IsTrue(const Value& v) { return v.type() == ValueType::kBool && v.as_bool(); }

bool Eval(const Node& n, const Ctx& c, Value* out) {
  switch (n.op) {
    case Op::kLiteral: *out = n.literal; return true;
    case Op::kColumn: *out = c.in->columns[n.column][c.row]; return true;
    case Op::kParam: *out = *c.params[n.param]; return true;
    case Op::kParamField: {
      if (!c.params) return false;
      const Value* v = ParamField(n, *c.params[n.param]);
      if (!v) return false;
      *out = *v;
      return true;
    }
    case Op::kArith: {
      Value sa, sb;
      const Value* a = Ref(n.kids[0], c, &sa);
      if (!a) return false;
      const Value* b = Ref(n.kids[1], c, &sb);
      if (!b) return false;
      return EvalArith(n.arith, *a, *b, out);
    }
    case Op::kCompare: {
      Value sa, sb;
      const Value* a = Ref(n.kids[0], c, &sa);
      if (!a) return false;
      const Value* b = Ref(n.kids[1], c, &sb);
      if (!b) return false;
      return EvalCompare(n.cmp, *a, *b, out);
    }
    case Op::kIn: {
      Value sv;
      const Value* v = Ref(n.kids[0], c, &sv);
      if (!v) return false;
      if (v->is_null()) { *out = Value(); return true; }
      bool saw_null = false;
      for (size_t i = 1; i < n.kids.size(); ++i) {
        Value sx;
        const Value* x = Ref(n.kids[i], c, &sx);
        if (!x) return false;
        if (x->is_null()) { saw_null = true; continue; }
        int r;
        if (!SqlCompare(*v, *x, &r)) return false;
        if (r == 0) { *out = Value::Bool(!n.negated); return true; }
      }
      *out = saw_null ? Value() : Value::Bool(n.negated);
      return true;
    }
    case Op::kAnd: {
      Value sa, sb;
      const Value* a = Ref(n.kids[0], c, &sa);
      if (!a) return false;
      if (a->type() == ValueType::kBool && !a->as_bool()) { *out = *a; return true; }
      const Value* b = Ref(n.kids[1], c, &sb);
      if (!b) return false;
      if (b->type() == ValueType::kBool && !b->as_bool()) { *out = *b; return true; }
      *out = (a->is_null() || b->is_null()) ? Value() : Value::Bool(true);
      return true;
    }
    case Op::kOr: {
      Value sa, sb;
      const Value* a = Ref(n.kids[0], c, &sa);
      if (!a) return false;
      if (IsTrue(*a)) { *out = *a; return true; }
      const Value* b = Ref(n.kids[1], c, &sb);
      if (!b) return false;
      if (IsTrue(*b)) { *out = *b; return true; }
      *out = (a->is_null() || b->is_null()) ? Value() : Value::Bool(false);
      return true;
    }
    case Op::kNot: {
      Value sv;
      const Value* v = Ref(n.kids[0], c, &sv);
      if (!v) return false;
      *out = v->type() == ValueType::kBool ? Value::Bool(!v->as_bool()) : Value();
      return true;
    }
    case Op::kIsNull: {
      Value sv;
      const Value* v = Ref(n.kids[0], c, &sv);
      if (!v) return false;
      *out = Value::Bool(v->is_null() != n.negated);
      return true;
    }
    case Op::kNeg: {
      Value sv;
      const Value* v = Ref(n.kids[0], c, &sv);
      if (!v) return false;
      switch (v->type()) {
        case ValueType::kNull: *out = Value(); return true;
        case ValueType::kInt: *out = Value::Int(Wrap(0ULL - static_cast<uint64_t>(v->as_int()))); return true;
        case ValueType::kDouble: *out = Value::Double(-v->as_double()); return true;
        default: return false;
      }
    }
    case Op::kCase: {
      size_t i = 0;
      Value so;
      const Value* operand = nullptr;
      if (n.has_operand) {
        operand = Ref(n.kids[0], c, &so);
        if (!operand) return false;
        i = 1;
      }
      size_t end = n.kids.size() - (n.has_else ? 1 : 0);
      for (; i + 1 < end + 1 && i < end; i += 2) {
        Value sw;
        const Value* w = Ref(n.kids[i], c, &sw);
        if (!w) return false;
        bool hit;
        if (operand) {
          int r = 0;
          if (operand->is_null() || w->is_null()) {
            hit = false;
          } else {
            if (!SqlCompare(*operand, *w, &r)) return false;
            hit = r == 0;
          }
        } else {
          hit = IsTrue(*w);
        }
        if (hit) return Eval(n.kids[i + 1], c, out);
      }
      if (n.has_else) return Eval(n.kids.back(), c, out);
      *out = Value();
      return true;
    }
    case Op::kTuple: {
      std::vector<Value> items(n.kids.size());
      for (size_t i = 0; i < n.kids.size(); ++i)
        if (!Eval(n.kids[i], c, &items[i])) return false;
      *out = items.size() == 2 ? Value::Pair(std::move(items[0]), std::move(items[1])) : Value::Tuple(std::move(items));
      return true;
    }
  }
  return false;
}

// ---- Evaluation over a range of rows (column at a time)

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

void CompareLoop(Cmp op, Run a, Run b, size_t len, Value* out, uint8_t* bad) {
  for (size_t i = 0; i < len; ++i) {
    if (bad[i]) continue;
    const Value& x = a[i];
    const Value& y = b[i];
    if ((op == Cmp::kEq || op == Cmp::kNe) && x.inline_string() && y.inline_string()) {
      out[i] = Value::Bool(x.SameBits(y) == (op == Cmp::kEq));
    } else if (!EvalCompare(op, x, y, &out[i])) {
      bad[i] = 1;
    }
  }
}

// Evaluates `n` for rows [begin, begin + len) of `in` (the element's fields bound to
// columns); sets bad[i] for the rows it does not handle (their results are unspecified).
Run EvalRange(const Node& n, const ColumnBatch& in, size_t begin, size_t len, Scratch& s, uint8_t* bad) {
  switch (n.op) {
    case Op::kColumn: return {in.columns[n.column].data() + begin, 1};
    case Op::kLiteral: return {&n.literal, 0};
    case Op::kArith: {
      Run a = EvalRange(n.kids[0], in, begin, len, s, bad);
      Run b = EvalRange(n.kids[1], in, begin, len, s, bad);
      Value* out = s.Take(len);
      switch (n.arith) {
        case Arith::kAdd: ArithLoop<Arith::kAdd>(a, b, len, out, bad); break;
        case Arith::kSub: ArithLoop<Arith::kSub>(a, b, len, out, bad); break;
        case Arith::kMul: ArithLoop<Arith::kMul>(a, b, len, out, bad); break;
        case Arith::kDiv: ArithLoop<Arith::kDiv>(a, b, len, out, bad); break;
      }
      return {out, 1};
    }
    case Op::kCompare: {
      Run a = EvalRange(n.kids[0], in, begin, len, s, bad);
      Run b = EvalRange(n.kids[1], in, begin, len, s, bad);
      Value* out = s.Take(len);
      CompareLoop(n.cmp, a, b, len, out, bad);
      return {out, 1};
    }
    case Op::kIn: {
      Run v = EvalRange(n.kids[0], in, begin, len, s, bad);
      std::vector<Run> items;
      items.reserve(n.kids.size() - 1);
      for (size_t k = 1; k < n.kids.size(); ++k) items.push_back(EvalRange(n.kids[k], in, begin, len, s, bad));
      Value* out = s.Take(len);
      // A list of inline strings (literals, say): compared without branches on the data.
      bool strings = !items.empty();
      for (const Run& item : items) strings = strings && item.stride == 0 && item[0].inline_string();
      for (size_t i = 0; i < len; ++i) {
        if (bad[i]) continue;
        const Value& x = v[i];
        if (x.is_null()) { out[i] = Value(); continue; }
        if (strings && x.inline_string()) {
          bool hit = false;
          for (const Run& item : items) hit |= x.SameBits(item[0]);
          out[i] = Value::Bool(hit != n.negated);
          continue;
        }
        bool saw_null = false, hit = false, ok = true;
        for (const Run& item : items) {
          const Value& y = item[i];
          if (y.is_null()) { saw_null = true; continue; }
          if (x.inline_string() && y.inline_string()) {
            if (x.SameBits(y)) { hit = true; break; }
            continue;
          }
          int r;
          if (!SqlCompare(x, y, &r)) { ok = false; break; }
          if (r == 0) { hit = true; break; }
        }
        if (!ok) { bad[i] = 1; continue; }
        out[i] = hit ? Value::Bool(!n.negated) : (saw_null ? Value() : Value::Bool(n.negated));
      }
      return {out, 1};
    }
    case Op::kAnd:
    case Op::kOr: {
      Run a = EvalRange(n.kids[0], in, begin, len, s, bad);
      Run b = EvalRange(n.kids[1], in, begin, len, s, bad);
      Value* out = s.Take(len);
      for (size_t i = 0; i < len; ++i) {
        if (bad[i]) continue;
        const Value& x = a[i];
        const Value& y = b[i];
        if (n.op == Op::kAnd) {
          if (x.type() == ValueType::kBool && !x.as_bool()) out[i] = x;
          else if (y.type() == ValueType::kBool && !y.as_bool()) out[i] = y;
          else out[i] = (x.is_null() || y.is_null()) ? Value() : Value::Bool(true);
        } else {
          if (IsTrue(x)) out[i] = x;
          else if (IsTrue(y)) out[i] = y;
          else out[i] = (x.is_null() || y.is_null()) ? Value() : Value::Bool(false);
        }
      }
      return {out, 1};
    }
    case Op::kNot:
    case Op::kIsNull:
    case Op::kNeg: {
      Run a = EvalRange(n.kids[0], in, begin, len, s, bad);
      Value* out = s.Take(len);
      for (size_t i = 0; i < len; ++i) {
        if (bad[i]) continue;
        const Value& x = a[i];
        if (n.op == Op::kNot) {
          out[i] = x.type() == ValueType::kBool ? Value::Bool(!x.as_bool()) : Value();
        } else if (n.op == Op::kIsNull) {
          out[i] = Value::Bool(x.is_null() != n.negated);
        } else {
          switch (x.type()) {
            case ValueType::kNull: out[i] = Value(); break;
            case ValueType::kInt: out[i] = Value::Int(Wrap(0ULL - static_cast<uint64_t>(x.as_int()))); break;
            case ValueType::kDouble: out[i] = Value::Double(-x.as_double()); break;
            default: bad[i] = 1;
          }
        }
      }
      return {out, 1};
    }
    case Op::kCase:
    case Op::kTuple: {
      // Per row, from the runs of every child (children a row does not reach are
      // evaluated anyway: they are pure, and a row one of them cannot handle falls back).
      std::vector<Run> kids;
      kids.reserve(n.kids.size());
      for (const Node& k : n.kids) kids.push_back(EvalRange(k, in, begin, len, s, bad));
      Value* out = s.Take(len);
      for (size_t i = 0; i < len; ++i) {
        if (bad[i]) continue;
        if (n.op == Op::kTuple) {
          if (kids.size() == 2) {
            out[i] = Value::Pair(kids[0][i], kids[1][i]);
          } else {
            std::vector<Value> items;
            items.reserve(kids.size());
            for (const Run& k : kids) items.push_back(k[i]);
            out[i] = Value::Tuple(std::move(items));
          }
          continue;
        }
        size_t k = 0;
        const Value* operand = nullptr;
        if (n.has_operand) { operand = &kids[0][i]; k = 1; }
        size_t end = kids.size() - (n.has_else ? 1 : 0);
        bool done = false;
        for (; k < end; k += 2) {
          const Value& w = kids[k][i];
          bool hit;
          if (operand) {
            int r = 0;
            if (operand->is_null() || w.is_null()) {
              hit = false;
            } else if (!SqlCompare(*operand, w, &r)) {
              bad[i] = 1;
              done = true;
              break;
            } else {
              hit = r == 0;
            }
          } else {
            hit = IsTrue(w);
          }
          if (hit) { out[i] = kids[k + 1][i]; done = true; break; }
        }
        if (!done) out[i] = n.has_else ? kids.back()[i] : Value();
      }
      return {out, 1};
    }
    case Op::kParam:
    case Op::kParamField: break;  // bound to columns before a range is evaluated
  }
  std::fill(bad, bad + len, 1);
  return {&kNullValue, 0};
}

// ---- The column function

class BoundLambda final : public BoundColumnFn {
 public:
  BoundLambda(Node root, const Lambda& l) : root_(std::move(root)), l_(l) {
    tuple_out_ = root_.op == Op::kTuple;
    width_ = tuple_out_ ? root_.kids.size() : 1;
  }

  ColumnBatch OutputShape() const override {
    ColumnBatch b;
    b.kind = tuple_out_ ? ColumnBatch::Kind::kTuple : ColumnBatch::Kind::kPlain;
    b.columns.resize(width_);
    return b;
  }

  void Map(const ColumnBatch& in, size_t begin, size_t end, ColumnBatch* out, size_t at) const override {
    const size_t len = end - begin;
    thread_local Scratch scratch;
    thread_local std::vector<uint8_t> bad;
    scratch.Reset();
    bad.assign(len, 0);
    // Each output column: copied from an input column or a literal, moved from the
    // buffer of a computed result.
    auto write = [&](const Node& n, Value* dst) {
      Run r = EvalRange(n, in, begin, len, scratch, bad.data());
      if (n.op == Op::kColumn || n.op == Op::kLiteral || r.stride != 1) {
        for (size_t i = 0; i < len; ++i) dst[i] = r[i];
      } else {
        Value* src = const_cast<Value*>(r.p);  // a scratch buffer of this call
        for (size_t i = 0; i < len; ++i) dst[i] = std::move(src[i]);
      }
    };
    if (tuple_out_) {
      for (size_t k = 0; k < width_; ++k) write(root_.kids[k], out->columns[k].data() + at);
    } else {
      write(root_, out->columns[0].data() + at);
    }
    for (size_t i = 0; i < len; ++i) {
      if (!bad[i]) continue;
      Value v = l_(in.Row(begin + i));
      if (tuple_out_) {
        for (size_t k = 0; k < width_; ++k) out->columns[k][at + i] = v[k];  // the expression's tuple
      } else {
        out->columns[0][at + i] = std::move(v);
      }
    }
  }

  void Select(const ColumnBatch& in, size_t begin, size_t end, std::vector<uint32_t>* out) const override {
    const size_t len = end - begin;
    thread_local Scratch scratch;
    thread_local std::vector<uint8_t> bad;
    scratch.Reset();
    bad.assign(len, 0);
    Run r = EvalRange(root_, in, begin, len, scratch, bad.data());
    for (size_t i = 0; i < len; ++i) {
      bool keep = bad[i] ? IsTrue(l_(in.Row(begin + i))) : IsTrue(r[i]);
      if (keep) out->push_back(static_cast<uint32_t>(begin + i));
    }
  }

 private:
  Node root_;
  Lambda l_;
  bool tuple_out_ = false;
  size_t width_ = 1;
};

class ColumnLambda final : public dstream::ColumnFn {
 public:
  ColumnLambda(Node root, Lambda l) : root_(std::move(root)), l_(std::move(l)) {}
  std::unique_ptr<const BoundColumnFn> Bind(const ColumnBatch& in) const override {
    if (in.width() == 0) return nullptr;
    Node bound = root_;
    if (!BindColumns(&bound, in)) return nullptr;
    return std::make_unique<BoundLambda>(std::move(bound), l_);
  }

 private:
  Node root_;
  Lambda l_;
};

std::optional<Node> Compile(const Lambda& l, const std::vector<std::string>& params) {
  if (!l.valid()) return std::nullopt;
  auto ast = expr::Parse(l.text());
  if (!ast.ok()) return std::nullopt;
  return Translate(**ast, params);
}

}  // namespace

dstream::ColumnFnPtr CompileColumnFn(const Lambda& l, const std::string& param) {
  auto root = Compile(l, {param});
  if (!root) return nullptr;
  return std::make_shared<ColumnLambda>(std::move(*root), l);
}

namespace {

// The compiled form of a reduce function: `a op b` on two numbers folds in a tight loop;
// any other expression of the subset is evaluated per value.
class ReduceLambda final : public dstream::ReduceKernel {
 public:
  ReduceLambda(Node root, Lambda l) : root_(std::move(root)), l_(std::move(l)) {
    simple_ = root_.op == Op::kArith && root_.kids[0].op == Op::kParam && root_.kids[0].param == 0 &&
              root_.kids[1].op == Op::kParam && root_.kids[1].param == 1;
  }

  Value Apply(const Value& a, const Value& b) const {
    const Value* params[2] = {&a, &b};
    Ctx c;
    c.params = params;
    Value out;
    if (Eval(root_, c, &out)) return out;
    return l_(a, b);
  }

  void Fold(Value* accs, const uint32_t* slots, const Value* values, size_t n) const override {
    if (!simple_) {
      for (size_t i = 0; i < n; ++i) {
        Value& acc = accs[slots[i]];
        acc = Apply(acc, values[i]);
      }
      return;
    }
    const Arith op = root_.arith;
    for (size_t i = 0; i < n; ++i) {
      Value& acc = accs[slots[i]];
      const Value& v = values[i];
      ValueType ta = acc.type(), tv = v.type();
      if (op != Arith::kDiv && ta == ValueType::kInt && tv == ValueType::kInt) {
        uint64_t p = static_cast<uint64_t>(acc.as_int()), q = static_cast<uint64_t>(v.as_int());
        acc = Value::Int(Wrap(op == Arith::kAdd ? p + q : (op == Arith::kSub ? p - q : p * q)));
      } else if (op != Arith::kDiv && ta == ValueType::kDouble && tv == ValueType::kDouble) {
        double p = acc.as_double(), q = v.as_double();
        acc = Value::Double(op == Arith::kAdd ? p + q : (op == Arith::kSub ? p - q : p * q));
      } else {
        Value out;
        if (!EvalArith(op, acc, v, &out)) out = l_(acc, v);
        acc = std::move(out);
      }
    }
  }

 private:
  Node root_;
  Lambda l_;
  bool simple_ = false;
};

}  // namespace

dstream::ReduceFn CompileReduceFn(const Lambda& l, const std::string& a, const std::string& b) {
  auto root = Compile(l, {a, b});
  if (!root) return [l](const Value& x, const Value& y) { return l(x, y); };
  auto kernel = std::make_shared<const ReduceLambda>(std::move(*root), l);
  dstream::KernelReduceFn f;
  f.fn = [kernel](const Value& x, const Value& y) { return kernel->Apply(x, y); };
  f.kernel = kernel;
  return f;
}

}  // namespace tideline::scenario
