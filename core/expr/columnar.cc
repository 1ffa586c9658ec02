#include "core/expr/columnar.h"

#include <cctype>
#include <optional>
#include <utility>

#include "core/expr/columnar_node.h"
#include "core/expr/parser.h"

namespace tideline::expr {

namespace columnar {
namespace {

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

std::optional<Node> Translate(const expr::Node& n, const std::vector<std::string>& params);

// Translates the children of `n` from `from` on into out->kids; false when one is outside.
bool TranslateKids(const expr::Node& n, size_t from, const std::vector<std::string>& params, Node* out) {
  for (size_t i = from; i < n.children.size(); ++i) {
    auto k = Translate(*n.children[i], params);
    if (!k) return false;
    out->kids.push_back(std::move(*k));
  }
  return true;
}

// A field of a parameter: x.name, or x._N read as a tuple's item as FieldEval reads it.
std::optional<Node> TranslateField(const expr::Node& n, const std::vector<std::string>& params) {
  const expr::Node& base = *n.children[0];
  if (base.kind != NodeKind::kName) return std::nullopt;
  int p = ParamIndex(params, base.name);
  if (p < 0) return std::nullopt;
  Node out;
  out.op = Op::kParamField;
  out.param = p;
  out.field = n.name;
  if (n.name.size() >= 2 && n.name[0] == '_') {
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

// Arithmetic, comparisons, AND and OR.
std::optional<Node> TranslateBinary(const expr::Node& n, const std::vector<std::string>& params) {
  static const std::pair<const char*, Arith> kArith[] = {
      {"+", Arith::kAdd}, {"-", Arith::kSub}, {"*", Arith::kMul}, {"/", Arith::kDiv}};
  static const std::pair<const char*, Cmp> kCmp[] = {{"=", Cmp::kEq}, {"<=>", Cmp::kNullSafeEq},
                                                     {"!=", Cmp::kNe}, {"<", Cmp::kLt},
                                                     {"<=", Cmp::kLe}, {">", Cmp::kGt},
                                                     {">=", Cmp::kGe}};
  const std::string& op = n.name;
  Node out;
  bool known = false;
  if (op == "AND") { out.op = Op::kAnd; known = true; }
  if (op == "OR") { out.op = Op::kOr; known = true; }
  for (const auto& [name, a] : kArith)
    if (op == name) { out.op = Op::kArith; out.arith = a; known = true; }
  for (const auto& [name, c] : kCmp)
    if (op == name) { out.op = Op::kCompare; out.cmp = c; known = true; }
  if (!known || n.children.size() != 2) return std::nullopt;
  if (!TranslateKids(n, 0, params, &out)) return std::nullopt;  // an INTERVAL operand is outside the subset
  return out;
}

std::optional<Node> Translate(const expr::Node& n, const std::vector<std::string>& params) {
  Node out;
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
    case NodeKind::kField: return TranslateField(n, params);
    case NodeKind::kAlias: return Translate(*n.children[0], params);
    case NodeKind::kBinary: return TranslateBinary(n, params);
    case NodeKind::kUnary: out.op = n.name == "NOT" ? Op::kNot : Op::kNeg; break;  // as the compiler reads it
    case NodeKind::kIsNull: out.op = Op::kIsNull; out.negated = n.negated; break;
    case NodeKind::kIn: out.op = Op::kIn; out.negated = n.negated; break;
    case NodeKind::kCase:
      out.op = Op::kCase;
      out.has_operand = n.has_operand;
      out.has_else = n.has_else;
      break;
    case NodeKind::kTuple: out.op = Op::kTuple; break;
    default: return std::nullopt;
  }
  if (!TranslateKids(n, 0, params, &out)) return std::nullopt;
  if (out.op == Op::kCase &&
      (out.kids.size() - (n.has_operand ? 1 : 0) - (n.has_else ? 1 : 0)) % 2 != 0)
    return std::nullopt;
  return out;
}

// Binds the element's fields (parameter 0) to the columns of batches shaped like `in`;
// false when the shape does not fit.
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

// ---- Evaluation of one element: each returns false for a value outside the subset

bool Eval(const Node& n, const Value* const* params, Value* out);

// The value of `n` without copying when it is a parameter or a literal.
inline const Value* Ref(const Node& n, const Value* const* params, Value* scratch) {
  switch (n.op) {
    case Op::kLiteral: return &n.literal;
    case Op::kParam: return params[n.param];
    default: return Eval(n, params, scratch) ? scratch : nullptr;
  }
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

bool EvalIn(const Node& n, const Value* const* params, Value* out) {
  Value sv;
  const Value* v = Ref(n.kids[0], params, &sv);
  if (!v) return false;
  if (v->is_null()) { *out = Value(); return true; }
  bool saw_null = false;
  for (size_t i = 1; i < n.kids.size(); ++i) {
    Value sx;
    const Value* x = Ref(n.kids[i], params, &sx);
    if (!x) return false;
    if (x->is_null()) { saw_null = true; continue; }
    int r;
    if (!SqlCompare(*v, *x, &r)) return false;
    if (r == 0) { *out = Value::Bool(!n.negated); return true; }
  }
  *out = saw_null ? Value() : Value::Bool(n.negated);
  return true;
}

// Two operands: arithmetic and comparisons; AND and OR read the second only when the
// first does not decide.
bool EvalBinary(const Node& n, const Value* const* params, Value* out) {
  Value sa, sb;
  const Value* a = Ref(n.kids[0], params, &sa);
  if (!a) return false;
  if (n.op == Op::kAnd && a->type() == ValueType::kBool && !a->as_bool()) { *out = *a; return true; }
  if (n.op == Op::kOr && IsTrue(*a)) { *out = *a; return true; }
  const Value* b = Ref(n.kids[1], params, &sb);
  if (!b) return false;
  switch (n.op) {
    case Op::kArith: return EvalArith(n.arith, *a, *b, out);
    case Op::kCompare: return EvalCompare(n.cmp, *a, *b, out);
    case Op::kAnd: *out = And(*a, *b); return true;
    default: *out = Or(*a, *b); return true;
  }
}

bool EvalCase(const Node& n, const Value* const* params, Value* out) {
  size_t i = 0;
  Value so;
  const Value* operand = nullptr;
  if (n.has_operand) {
    operand = Ref(n.kids[0], params, &so);
    if (!operand) return false;
    i = 1;
  }
  size_t end = n.kids.size() - (n.has_else ? 1 : 0);
  for (; i < end; i += 2) {
    Value sw;
    const Value* w = Ref(n.kids[i], params, &sw);
    if (!w) return false;
    bool ok = true;
    bool hit = CaseHit(operand, *w, &ok);
    if (!ok) return false;
    if (hit) return Eval(n.kids[i + 1], params, out);
  }
  if (n.has_else) return Eval(n.kids.back(), params, out);
  *out = Value();
  return true;
}

bool Eval(const Node& n, const Value* const* params, Value* out) {
  switch (n.op) {
    case Op::kLiteral: *out = n.literal; return true;
    case Op::kColumn: return false;  // bound nodes are evaluated over ranges only
    case Op::kParam: *out = *params[n.param]; return true;
    case Op::kParamField: {
      if (!params) return false;
      const Value* v = ParamField(n, *params[n.param]);
      if (!v) return false;
      *out = *v;
      return true;
    }
    case Op::kArith:
    case Op::kCompare:
    case Op::kAnd:
    case Op::kOr: return EvalBinary(n, params, out);
    case Op::kIn: return EvalIn(n, params, out);
    case Op::kNot:
    case Op::kIsNull:
    case Op::kNeg: {
      Value sv;
      const Value* v = Ref(n.kids[0], params, &sv);
      return v && EvalUnary(n, *v, out);
    }
    case Op::kCase: return EvalCase(n, params, out);
    case Op::kTuple: {
      std::vector<Value> items(n.kids.size());
      for (size_t i = 0; i < n.kids.size(); ++i)
        if (!Eval(n.kids[i], params, &items[i])) return false;
      *out = items.size() == 2 ? Value::Pair(std::move(items[0]), std::move(items[1])) : Value::Tuple(std::move(items));
      return true;
    }
  }
  return false;
}

}  // namespace
}  // namespace columnar

std::optional<ColumnarExpr> ColumnarExpr::Compile(std::string_view text, const std::vector<std::string>& params) {
  auto ast = Parse(text);
  if (!ast.ok()) return std::nullopt;
  auto root = columnar::Translate(**ast, params);
  if (!root) return std::nullopt;
  return ColumnarExpr(std::make_shared<const columnar::Node>(std::move(*root)));
}

std::optional<ColumnarExpr> ColumnarExpr::BindColumns(const ColumnBatch& in) const {
  columnar::Node bound = *root_;
  if (!columnar::BindColumns(&bound, in)) return std::nullopt;
  return ColumnarExpr(std::make_shared<const columnar::Node>(std::move(bound)));
}

bool ColumnarExpr::is_tuple() const { return root_->op == columnar::Op::kTuple; }

size_t ColumnarExpr::width() const { return is_tuple() ? root_->kids.size() : 1; }

bool ColumnarExpr::Eval(const Value* const* params, Value* out) const { return columnar::Eval(*root_, params, out); }

std::optional<ColumnarExpr::Arith> ColumnarExpr::ParamArith() const {
  const columnar::Node& r = *root_;
  if (r.op == columnar::Op::kArith && r.kids[0].op == columnar::Op::kParam && r.kids[0].param == 0 &&
      r.kids[1].op == columnar::Op::kParam && r.kids[1].param == 1)
    return r.arith;
  return std::nullopt;
}

bool ColumnarExpr::EvalArith(Arith op, const Value& a, const Value& b, Value* out) {
  return columnar::EvalArith(op, a, b, out);
}

}  // namespace tideline::expr
