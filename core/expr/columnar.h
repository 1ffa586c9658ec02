#pragma once
// ColumnarExpr: a second compiled form of a simple expression, for hot paths that hold
// their data as columns (a DStream map or filter over a typed input block, a reduce
// function over numbers). It evaluates a small subset of the expression language
// itself, with the Spark SQL semantics of the row evaluator (expr.h), and reports every
// value it does not handle (a type outside the subset) instead of guessing, so that the
// caller can hand that element to the row evaluator: results and errors are then always
// the row evaluator's. Immutable and thread-safe once built; copies share the tree.
//
// The subset: literals; the parameters and their fields (x.name, x._1); + - * / on
// numbers; = <=> != < <= > >= on two strings, two numbers, two booleans or two
// timestamps; IN (...) over those; AND, OR, NOT, IS [NOT] NULL, unary minus;
// CASE WHEN ... THEN ... [ELSE ...] END; and a tuple of those at the top.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/value/column_batch.h"
#include "core/value/value.h"

namespace tideline::expr {

namespace columnar {
struct Node;
}  // namespace columnar

class ColumnarExpr {
 public:
  enum class Arith { kAdd, kSub, kMul, kDiv };

  // The compiled form of `text` with `params` in scope (later names shadow earlier ones,
  // case-insensitive), or nullopt when the text does not parse or is outside the subset.
  static std::optional<ColumnarExpr> Compile(std::string_view text, const std::vector<std::string>& params);

  // A copy whose first parameter (the element) reads the columns of batches shaped like
  // `in` (its kind, struct type and width); nullopt when that shape does not fit.
  std::optional<ColumnarExpr> BindColumns(const ColumnBatch& in) const;

  // A tuple at the top (a map to pairs or tuples) gives width() output columns; any
  // other expression gives one.
  bool is_tuple() const;
  size_t width() const;

  // The value for the parameters (one pointer per name given to Compile); false when a
  // value is outside the subset (`out` is then unspecified).
  bool Eval(const Value* const* params, Value* out) const;

  // REQUIRES: BindColumns made this. For rows [begin, begin + len) of `in`, writes output
  // column k to out[k][0, len) (out.size() == width()). Sets bad[i] for each row it does
  // not handle; the values written for those rows are unspecified.
  void EvalColumns(const ColumnBatch& in, size_t begin, size_t len, std::span<Value* const> out,
                   uint8_t* bad) const;
  // REQUIRES: BindColumns made this. truth[i] says whether row begin + i gives TRUE; bad
  // as for EvalColumns.
  void EvalPredicate(const ColumnBatch& in, size_t begin, size_t len, uint8_t* truth, uint8_t* bad) const;

  // The operator when the expression is `p0 op p1` over the two first parameters in
  // order (a reduce function such as `a + b`), for folding in a tight loop.
  std::optional<Arith> ParamArith() const;
  // a op b for numbers and nulls, as the row evaluator computes it; false for other values.
  static bool EvalArith(Arith op, const Value& a, const Value& b, Value* out);

 private:
  explicit ColumnarExpr(std::shared_ptr<const columnar::Node> root) : root_(std::move(root)) {}
  std::shared_ptr<const columnar::Node> root_;
};

}  // namespace tideline::expr
