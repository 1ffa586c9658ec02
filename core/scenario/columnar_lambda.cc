#include "core/scenario/columnar_lambda.h"

#include <optional>

#include "core/expr/columnar.h"

namespace tideline::scenario {

using dstream::BoundColumnFn;
using expr::ColumnarExpr;

namespace {

// A column function bound to one shape of batch: the compiled expression over the
// columns, and the Lambda for the rows it does not handle.
class BoundLambda final : public BoundColumnFn {
 public:
  BoundLambda(ColumnarExpr expr, const Lambda& l) : expr_(std::move(expr)), l_(l) {}

  ColumnBatch OutputShape() const override {
    ColumnBatch b;
    b.kind = expr_.is_tuple() ? ColumnBatch::Kind::kTuple : ColumnBatch::Kind::kPlain;
    b.columns.resize(expr_.width());
    return b;
  }

  void Map(const ColumnBatch& in, size_t begin, size_t end, ColumnBatch* out, size_t at) const override {
    const size_t len = end - begin, width = expr_.width();
    thread_local std::vector<uint8_t> bad;
    thread_local std::vector<Value*> dst;
    bad.assign(len, 0);
    dst.resize(width);
    for (size_t k = 0; k < width; ++k) dst[k] = out->columns[k].data() + at;
    expr_.EvalColumns(in, begin, len, dst, bad.data());
    for (size_t i = 0; i < len; ++i) {
      if (!bad[i]) continue;
      Value v = l_(in.Row(begin + i));
      if (expr_.is_tuple()) {
        for (size_t k = 0; k < width; ++k) out->columns[k][at + i] = v[k];  // the expression's tuple
      } else {
        out->columns[0][at + i] = std::move(v);
      }
    }
  }

  void Select(const ColumnBatch& in, size_t begin, size_t end, std::vector<uint32_t>* out) const override {
    const size_t len = end - begin;
    thread_local std::vector<uint8_t> bad, truth;
    bad.assign(len, 0);
    truth.resize(len);
    expr_.EvalPredicate(in, begin, len, truth.data(), bad.data());
    for (size_t i = 0; i < len; ++i) {
      bool keep = bad[i] ? expr::IsTrue(l_(in.Row(begin + i))) : truth[i] != 0;
      if (keep) out->push_back(static_cast<uint32_t>(begin + i));
    }
  }

 private:
  ColumnarExpr expr_;
  Lambda l_;
};

class ColumnLambda final : public dstream::ColumnFn {
 public:
  ColumnLambda(ColumnarExpr expr, Lambda l) : expr_(std::move(expr)), l_(std::move(l)) {}
  std::unique_ptr<const BoundColumnFn> Bind(const ColumnBatch& in) const override {
    if (in.width() == 0) return nullptr;
    auto bound = expr_.BindColumns(in);
    if (!bound) return nullptr;
    return std::make_unique<BoundLambda>(std::move(*bound), l_);
  }

 private:
  ColumnarExpr expr_;
  Lambda l_;
};

std::optional<ColumnarExpr> Compile(const Lambda& l, const std::vector<std::string>& params) {
  if (!l.valid()) return std::nullopt;
  return ColumnarExpr::Compile(l.text(), params);
}

// The compiled form of a reduce function: `a op b` on two numbers folds in a tight loop;
// any other expression of the subset is evaluated per value.
class ReduceLambda final : public dstream::ReduceKernel {
 public:
  ReduceLambda(ColumnarExpr expr, Lambda l) : expr_(std::move(expr)), l_(std::move(l)), op_(expr_.ParamArith()) {}

  Value Apply(const Value& a, const Value& b) const {
    const Value* params[2] = {&a, &b};
    Value out;
    if (expr_.Eval(params, &out)) return out;
    return l_(a, b);
  }

  void Fold(Value* accs, const uint32_t* slots, const Value* values, size_t n) const override {
    if (!op_) {
      for (size_t i = 0; i < n; ++i) {
        Value& acc = accs[slots[i]];
        acc = Apply(acc, values[i]);
      }
      return;
    }
    const ColumnarExpr::Arith op = *op_;
    for (size_t i = 0; i < n; ++i) {
      Value& acc = accs[slots[i]];
      const Value& v = values[i];
      ValueType ta = acc.type(), tv = v.type();
      if (op != ColumnarExpr::Arith::kDiv && ta == ValueType::kInt && tv == ValueType::kInt) {
        uint64_t p = static_cast<uint64_t>(acc.as_int()), q = static_cast<uint64_t>(v.as_int());
        acc = Value::Int(static_cast<int64_t>(op == ColumnarExpr::Arith::kAdd   ? p + q
                                              : op == ColumnarExpr::Arith::kSub ? p - q
                                                                                : p * q));
      } else if (op != ColumnarExpr::Arith::kDiv && ta == ValueType::kDouble && tv == ValueType::kDouble) {
        double p = acc.as_double(), q = v.as_double();
        acc = Value::Double(op == ColumnarExpr::Arith::kAdd   ? p + q
                            : op == ColumnarExpr::Arith::kSub ? p - q
                                                              : p * q);
      } else {
        Value out;
        if (!ColumnarExpr::EvalArith(op, acc, v, &out)) out = l_(acc, v);
        acc = std::move(out);
      }
    }
  }

 private:
  ColumnarExpr expr_;
  Lambda l_;
  std::optional<ColumnarExpr::Arith> op_;
};

}  // namespace

dstream::ColumnFnPtr CompileColumnFn(const Lambda& l, const std::string& param) {
  auto expr = Compile(l, {param});
  if (!expr) return nullptr;
  return std::make_shared<ColumnLambda>(std::move(*expr), l);
}

dstream::ReduceFn CompileReduceFn(const Lambda& l, const std::string& a, const std::string& b) {
  auto expr = Compile(l, {a, b});
  if (!expr) return [l](const Value& x, const Value& y) { return l(x, y); };
  auto kernel = std::make_shared<const ReduceLambda>(std::move(*expr), l);
  dstream::KernelReduceFn f;
  f.fn = [kernel](const Value& x, const Value& y) { return kernel->Apply(x, y); };
  f.kernel = kernel;
  return f;
}

}  // namespace tideline::scenario
