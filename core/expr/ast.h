#pragma once
// The syntax tree of an expression (spec section 6), as parsed from text. Nodes
// are immutable once built and owned by their parent through unique_ptr; each
// node remembers its offset in the source text so that later errors (an unknown
// column, a wrong argument count) point at the offending token.

#include <memory>
#include <string>
#include <vector>

#include "core/value/value.h"

namespace tideline::expr {

enum class NodeKind {
  kLiteral,    // value
  kName,       // name (a column, variable, or lambda parameter)
  kField,      // children[0].name  (struct field, tuple part _1, window.start)
  kIndex,      // children[0][children[1]]
  kUnary,      // op: "-", "NOT"
  kBinary,     // op: "+", "-", "*", "/", "%", "DIV", "||", "=", "<=>", "!=", "<", "<=", ">", ">=", "AND", "OR"
  kIsNull,     // negated: IS NOT NULL
  kIn,         // children[0] IN (children[1..]); negated
  kBetween,    // children[0] BETWEEN children[1] AND children[2]; negated
  kLike,       // children[0] LIKE children[1]; negated
  kCase,       // CASE [operand] WHEN..THEN.. [ELSE]; has_operand, has_else
  kCast,       // CAST(children[0] AS type_name); negated: TRY_CAST
  kCall,       // name(children...); distinct for count(DISTINCT x); star for count(*)
  kLambda,     // params -> children[0]
  kTuple,      // (a, b, ...)
  kArray,      // [a, b, ...]
  kAlias,      // children[0] AS name
  kStar,       // *
  kInterval,   // INTERVAL ...: value holds microseconds as an int
};

struct Node {
  NodeKind kind;
  int offset = 0;  // byte offset of the node's first token in the source text
  std::string name;  // kName, kField, kCall, kAlias, kCast (type), kBinary/kUnary (op)
  Value value;       // kLiteral, kInterval
  std::vector<std::unique_ptr<Node>> children;
  std::vector<std::string> params;  // kLambda
  bool negated = false;
  bool distinct = false;
  bool has_operand = false;
  bool has_else = false;

  Node(NodeKind k, int off) : kind(k), offset(off) {}
  std::unique_ptr<Node> Clone() const;
  // The text Spark would use as the automatic column name of this expression.
  std::string SqlName() const;
};

using NodePtr = std::unique_ptr<Node>;

}  // namespace tideline::expr
