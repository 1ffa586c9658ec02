// Methods of the expression syntax tree (ast.h): copying a tree and Spark's SQL text of a
// node, which names unaliased columns.
#include "core/expr/ast.h"

#include <fmt/format.h>

#include "core/expr/lexer.h"

namespace tideline::expr {

std::unique_ptr<Node> Node::Clone() const {
  auto n = std::make_unique<Node>(kind, offset);
  n->name = name;
  n->value = value;
  for (const auto& c : children) n->children.push_back(c->Clone());
  n->params = params;
  n->negated = negated;
  n->distinct = distinct;
  n->has_operand = has_operand;
  n->has_else = has_else;
  return n;
}

std::string Node::SqlName() const {
  auto join = [&](size_t from) {
    std::string s;
    for (size_t i = from; i < children.size(); ++i) {
      if (i > from) s += ", ";
      s += children[i]->SqlName();
    }
    return s;
  };
  switch (kind) {
    case NodeKind::kLiteral:
      if (value.type() == ValueType::kString) return std::string(value.str());
      if (value.is_null()) return "NULL";
      return value.ToDisplay();
    case NodeKind::kName: return name;
    case NodeKind::kField: return children[0]->SqlName() + "." + name;
    case NodeKind::kIndex: return children[0]->SqlName() + "[" + children[1]->SqlName() + "]";
    case NodeKind::kUnary: return name == "NOT" ? "(NOT " + children[0]->SqlName() + ")" : "(- " + children[0]->SqlName() + ")";
    case NodeKind::kBinary: {
      std::string op = name;
      if (op == "=" ) op = "=";
      return "(" + children[0]->SqlName() + " " + op + " " + children[1]->SqlName() + ")";
    }
    case NodeKind::kIsNull: return "(" + children[0]->SqlName() + (negated ? " IS NOT NULL)" : " IS NULL)");
    case NodeKind::kIn: return "(" + children[0]->SqlName() + (negated ? " NOT IN (" : " IN (") + join(1) + "))";
    case NodeKind::kBetween: return "(" + children[0]->SqlName() + " BETWEEN " + children[1]->SqlName() + " AND " + children[2]->SqlName() + ")";
    case NodeKind::kLike: return children[0]->SqlName() + " LIKE " + children[1]->SqlName();
    case NodeKind::kCase: return "CASE WHEN ... END";
    case NodeKind::kCast: return "CAST(" + children[0]->SqlName() + " AS " + name + ")";
    case NodeKind::kCall: {
      if (!children.empty() && children[0]->kind == NodeKind::kStar) return name + "(1)";
      return name + "(" + (distinct ? "DISTINCT " : "") + join(0) + ")";
    }
    case NodeKind::kLambda: return "lambdafunction(" + children[0]->SqlName() + ")";
    case NodeKind::kTuple: return "named_struct(" + join(0) + ")";
    case NodeKind::kArray: return "array(" + join(0) + ")";
    case NodeKind::kAlias: return name;
    case NodeKind::kStar: return "*";
    case NodeKind::kInterval: return "INTERVAL '" + Duration::Micros(value.as_int()).ToString() + "'";
  }
  return "?";
}

}  // namespace tideline::expr
