#include "core/expr/parser.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "core/common/strings.h"
#include "core/expr/lexer.h"
#include "core/expr/nesting.h"

namespace tideline::expr {

namespace {

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> toks, const ExprSource& src)
      : text_(text), t_(std::move(toks)), src_(src) {}

  Result<NodePtr> Top() {
    NodePtr n;
    TL_RETURN_IF_ERROR(Named(&n));
    if (Peek().type != Tok::kEnd) return Unexpected(Peek());
    return n;
  }

 private:
  const Token& Peek(int k = 0) const { return t_[std::min(pos_ + k, t_.size() - 1)]; }
  const Token& Next() { const Token& t = t_[pos_]; if (pos_ + 1 < t_.size()) ++pos_; return t; }
  bool IsOp(const char* op, int k = 0) const { return Peek(k).type == Tok::kOp && Peek(k).text == op; }
  bool IsKw(const char* kw, int k = 0) const { return Peek(k).type == Tok::kKeyword && Peek(k).text == kw; }
  bool AcceptOp(const char* op) { if (IsOp(op)) { Next(); return true; } return false; }
  bool AcceptKw(const char* kw) { if (IsKw(kw)) { Next(); return true; } return false; }

  Status Unexpected(const Token& t) {
    if (t.type == Tok::kEnd) return Status::Parse("unexpected end of expression", src_.At(text_, t.offset));
    std::string shown = t.type == Tok::kString ? "'" + t.text + "'" : std::string(text_.substr(t.offset, std::max<size_t>(1, TokenLen(t))));
    return Status::Parse(fmt::format("unexpected token '{}' in expression", shown), src_.At(text_, t.offset));
  }
  size_t TokenLen(const Token& t) const {
    size_t next = pos_ + 1 < t_.size() ? t_[pos_ + 1].offset : text_.size();
    for (size_t k = 0; k + 1 < t_.size(); ++k)
      if (t_[k].offset == t.offset) { next = t_[k + 1].offset; break; }
    size_t len = next - t.offset;
    while (len > 0 && std::isspace(static_cast<unsigned char>(text_[t.offset + len - 1]))) --len;
    return len;
  }
  Status ExpectOp(const char* op) {
    if (AcceptOp(op)) return Status::Ok();
    if (Peek().type == Tok::kEnd)
      return Status::Parse(fmt::format("expected '{}' but the expression ended", op), src_.At(text_, Peek().offset));
    return Status::Parse(fmt::format("expected '{}' but found '{}'", op, text_.substr(Peek().offset, TokenLen(Peek()))),
                         src_.At(text_, Peek().offset));
  }
  Status ExpectKw(const char* kw) {
    if (AcceptKw(kw)) return Status::Ok();
    if (Peek().type == Tok::kEnd)
      return Status::Parse(fmt::format("expected {} but the expression ended", kw), src_.At(text_, Peek().offset));
    return Status::Parse(fmt::format("expected {} but found '{}'", kw, text_.substr(Peek().offset, TokenLen(Peek()))),
                         src_.At(text_, Peek().offset));
  }
  static NodePtr Make(NodeKind k, int off) { return std::make_unique<Node>(k, off); }

  // One level of nesting deeper (nesting.h), at the current token.
  Status Deeper() { return expr::Deeper(&depth_, src_.At(text_, Peek().offset)); }

  Status Named(NodePtr* out) {
    TL_RETURN_IF_ERROR(Expr(out));
    if (IsKw("AS") || (Peek().type == Tok::kIdent && Peek(1).type == Tok::kEnd && false)) {
      int off = Peek().offset;
      Next();
      const Token& t = Peek();
      if (t.type != Tok::kIdent && t.type != Tok::kQuotedIdent && t.type != Tok::kKeyword) return Unexpected(t);
      auto a = Make(NodeKind::kAlias, off);
      a->name = t.type == Tok::kKeyword ? std::string(text_.substr(t.offset, TokenLen(t))) : t.text;
      Next();
      a->children.push_back(std::move(*out));
      *out = std::move(a);
    }
    return Status::Ok();
  }

  Status Expr(NodePtr* out) {
    NestingLevel level(depth_);
    TL_RETURN_IF_ERROR(Deeper());
    return Or(out);
  }

  Status Or(NodePtr* out) {
    NestingLevel level(depth_);
    TL_RETURN_IF_ERROR(And(out));
    while (IsKw("OR")) {
      int off = Next().offset;
      TL_RETURN_IF_ERROR(Deeper());
      NodePtr r;
      TL_RETURN_IF_ERROR(And(&r));
      *out = Bin("OR", off, std::move(*out), std::move(r));
    }
    return Status::Ok();
  }
  Status And(NodePtr* out) {
    NestingLevel level(depth_);
    TL_RETURN_IF_ERROR(Not(out));
    while (IsKw("AND")) {
      int off = Next().offset;
      TL_RETURN_IF_ERROR(Deeper());
      NodePtr r;
      TL_RETURN_IF_ERROR(Not(&r));
      *out = Bin("AND", off, std::move(*out), std::move(r));
    }
    return Status::Ok();
  }
  Status Not(NodePtr* out) {
    NestingLevel level(depth_);
    if (IsKw("NOT") || IsOp("!")) {
      int off = Next().offset;
      TL_RETURN_IF_ERROR(Deeper());
      NodePtr c;
      TL_RETURN_IF_ERROR(Not(&c));
      auto n = Make(NodeKind::kUnary, off);
      n->name = "NOT";
      n->children.push_back(std::move(c));
      *out = std::move(n);
      return Status::Ok();
    }
    return Comparison(out);
  }
  bool AtComparison() const {
    for (const char* op : {"=", "==", "<=>", "!=", "<>", "<", "<=", ">", ">=", "IS", "IN", "BETWEEN", "LIKE", "NOT"})
      if (IsOp(op) || IsKw(op)) return true;
    return false;
  }
  Status Comparison(NodePtr* out) {
    NestingLevel level(depth_);
    TL_RETURN_IF_ERROR(Additive(out));
    while (true) {
      if (AtComparison()) TL_RETURN_IF_ERROR(Deeper());
      if (Peek().type == Tok::kOp && (IsOp("=") || IsOp("==") || IsOp("<=>") || IsOp("!=") || IsOp("<>") || IsOp("<") ||
                                      IsOp("<=") || IsOp(">") || IsOp(">="))) {
        const Token& t = Next();
        NodePtr r;
        TL_RETURN_IF_ERROR(Additive(&r));
        *out = Bin(t.text == "==" ? "=" : t.text == "<>" ? "!=" : t.text, t.offset, std::move(*out), std::move(r));
        continue;
      }
      if (IsKw("IS")) {
        int off = Next().offset;
        bool neg = AcceptKw("NOT");
        TL_RETURN_IF_ERROR(ExpectKw("NULL"));
        auto n = Make(NodeKind::kIsNull, off);
        n->negated = neg;
        n->children.push_back(std::move(*out));
        *out = std::move(n);
        continue;
      }
      bool neg = false;
      if (IsKw("NOT") && (IsKw("IN", 1) || IsKw("BETWEEN", 1) || IsKw("LIKE", 1))) { Next(); neg = true; }
      if (IsKw("IN")) {
        int off = Next().offset;
        TL_RETURN_IF_ERROR(ExpectOp("("));
        auto n = Make(NodeKind::kIn, off);
        n->negated = neg;
        n->children.push_back(std::move(*out));
        do {
          NodePtr e;
          TL_RETURN_IF_ERROR(Expr(&e));
          n->children.push_back(std::move(e));
        } while (AcceptOp(","));
        TL_RETURN_IF_ERROR(ExpectOp(")"));
        *out = std::move(n);
        continue;
      }
      if (IsKw("BETWEEN")) {
        int off = Next().offset;
        NodePtr lo, hi;
        TL_RETURN_IF_ERROR(Additive(&lo));
        TL_RETURN_IF_ERROR(ExpectKw("AND"));
        TL_RETURN_IF_ERROR(Additive(&hi));
        auto n = Make(NodeKind::kBetween, off);
        n->negated = neg;
        n->children.push_back(std::move(*out));
        n->children.push_back(std::move(lo));
        n->children.push_back(std::move(hi));
        *out = std::move(n);
        continue;
      }
      if (IsKw("LIKE")) {
        int off = Next().offset;
        NodePtr pat;
        TL_RETURN_IF_ERROR(Additive(&pat));
        auto n = Make(NodeKind::kLike, off);
        n->negated = neg;
        n->children.push_back(std::move(*out));
        n->children.push_back(std::move(pat));
        *out = std::move(n);
        continue;
      }
      if (neg) return Unexpected(Peek());
      return Status::Ok();
    }
  }
  Status Additive(NodePtr* out) {
    NestingLevel level(depth_);
    TL_RETURN_IF_ERROR(Multiplicative(out));
    while (IsOp("+") || IsOp("-") || IsOp("||")) {
      const Token& t = Next();
      TL_RETURN_IF_ERROR(Deeper());
      std::string op = t.text;
      int off = t.offset;
      NodePtr r;
      TL_RETURN_IF_ERROR(Multiplicative(&r));
      *out = Bin(op, off, std::move(*out), std::move(r));
    }
    return Status::Ok();
  }
  Status Multiplicative(NodePtr* out) {
    NestingLevel level(depth_);
    TL_RETURN_IF_ERROR(Unary(out));
    while (IsOp("*") || IsOp("/") || IsOp("%") || IsKw("DIV")) {
      const Token& t = Next();
      TL_RETURN_IF_ERROR(Deeper());
      std::string op = t.text;
      int off = t.offset;
      NodePtr r;
      TL_RETURN_IF_ERROR(Unary(&r));
      *out = Bin(op, off, std::move(*out), std::move(r));
    }
    return Status::Ok();
  }
  Status Unary(NodePtr* out) {
    NestingLevel level(depth_);
    if (IsOp("-") || IsOp("+")) {
      const Token& t = Next();
      TL_RETURN_IF_ERROR(Deeper());
      bool minus = t.text == "-";
      int off = t.offset;
      NodePtr c;
      TL_RETURN_IF_ERROR(Unary(&c));
      if (!minus) { *out = std::move(c); return Status::Ok(); }
      const bool is_int = c->kind == NodeKind::kLiteral && c->value.type() == ValueType::kInt;
      if (is_int || (c->kind == NodeKind::kLiteral && c->value.type() == ValueType::kDouble)) {
        // A negative literal; -(-2^63) stays -2^63, as Java's negation wraps.
        c->value = is_int ? Value::Int(static_cast<int64_t>(0 - static_cast<uint64_t>(c->value.as_int())))
                          : Value::Double(-c->value.as_double());
        c->offset = off;
        *out = std::move(c);
        return Status::Ok();
      }
      auto n = Make(NodeKind::kUnary, off);
      n->name = "-";
      n->children.push_back(std::move(c));
      *out = std::move(n);
      return Status::Ok();
    }
    return Postfix(out);
  }
  Status Postfix(NodePtr* out) {
    NestingLevel level(depth_);
    TL_RETURN_IF_ERROR(Primary(out));
    while (true) {
      if (IsOp(".") || IsOp("[")) TL_RETURN_IF_ERROR(Deeper());
      if (IsOp(".")) {
        int off = Next().offset;
        const Token& t = Peek();
        if (t.type != Tok::kIdent && t.type != Tok::kQuotedIdent && t.type != Tok::kKeyword) return Unexpected(t);
        auto n = Make(NodeKind::kField, off);
        n->name = t.text;
        Next();
        n->children.push_back(std::move(*out));
        *out = std::move(n);
        continue;
      }
      if (IsOp("[")) {
        int off = Next().offset;
        NodePtr idx;
        TL_RETURN_IF_ERROR(Expr(&idx));
        TL_RETURN_IF_ERROR(ExpectOp("]"));
        auto n = Make(NodeKind::kIndex, off);
        n->children.push_back(std::move(*out));
        n->children.push_back(std::move(idx));
        *out = std::move(n);
        continue;
      }
      return Status::Ok();
    }
  }

  // A function argument: a lambda `x -> e` or `(a, b) -> e`, or an expression.
  Status Argument(NodePtr* out) {
    if ((Peek().type == Tok::kIdent) && IsOp("->", 1)) {
      int off = Peek().offset;
      auto n = Make(NodeKind::kLambda, off);
      n->params.push_back(Next().text);
      Next();
      NodePtr body;
      TL_RETURN_IF_ERROR(Expr(&body));
      n->children.push_back(std::move(body));
      *out = std::move(n);
      return Status::Ok();
    }
    if (IsOp("(")) {
      // Look ahead for (a, b, ...) ->
      size_t k = 1;
      bool lambda = true;
      while (true) {
        if (Peek(k).type != Tok::kIdent) { lambda = false; break; }
        ++k;
        if (IsOp(",", k)) { ++k; continue; }
        if (IsOp(")", k)) { ++k; break; }
        lambda = false;
        break;
      }
      if (lambda && IsOp("->", k)) {
        int off = Next().offset;
        auto n = Make(NodeKind::kLambda, off);
        while (!IsOp(")")) {
          n->params.push_back(Next().text);
          AcceptOp(",");
        }
        Next();
        Next();
        NodePtr body;
        TL_RETURN_IF_ERROR(Expr(&body));
        n->children.push_back(std::move(body));
        *out = std::move(n);
        return Status::Ok();
      }
    }
    TL_RETURN_IF_ERROR(Expr(out));
    if (IsKw("AS")) {  // struct(1 AS a, ...): named arguments
      int off = Next().offset;
      const Token& t = Peek();
      if (t.type != Tok::kIdent && t.type != Tok::kQuotedIdent && t.type != Tok::kKeyword) return Unexpected(t);
      auto a = Make(NodeKind::kAlias, off);
      a->name = t.type == Tok::kKeyword ? std::string(text_.substr(t.offset, TokenLen(t))) : t.text;
      Next();
      a->children.push_back(std::move(*out));
      *out = std::move(a);
    }
    return Status::Ok();
  }

  // A name, or a call name(args), name(*), name(DISTINCT args).
  Status NameOrCall(NodePtr* out) {
    const Token& t = Peek();
    int off = t.offset;
    std::string name = t.text;
    Next();
    if (IsOp("(")) {
      Next();
      auto n = Make(NodeKind::kCall, off);
      n->name = name;
      if (AcceptOp(")")) { *out = std::move(n); return Status::Ok(); }
      if (IsOp("*") && IsOp(")", 1)) {
        Next();
        Next();
        n->children.push_back(Make(NodeKind::kStar, off));
        *out = std::move(n);
        return Status::Ok();
      }
      if (AcceptKw("DISTINCT")) n->distinct = true;
      do {
        NodePtr a;
        TL_RETURN_IF_ERROR(Argument(&a));
        n->children.push_back(std::move(a));
      } while (AcceptOp(","));
      TL_RETURN_IF_ERROR(ExpectOp(")"));
      *out = std::move(n);
      return Status::Ok();
    }
    auto n = Make(NodeKind::kName, off);
    n->name = name;
    *out = std::move(n);
    return Status::Ok();
  }

  // A parenthesised expression or tuple, an array [..], or a bare *.
  Status Bracketed(NodePtr* out) {
    const Token& t = Peek();
    if (t.text == "(") {
      int off = Next().offset;
      NodePtr first;
      TL_RETURN_IF_ERROR(Expr(&first));
      if (AcceptOp(")")) { *out = std::move(first); return Status::Ok(); }
      auto n = Make(NodeKind::kTuple, off);
      n->children.push_back(std::move(first));
      while (AcceptOp(",")) {
        NodePtr e;
        TL_RETURN_IF_ERROR(Expr(&e));
        n->children.push_back(std::move(e));
      }
      TL_RETURN_IF_ERROR(ExpectOp(")"));
      *out = std::move(n);
      return Status::Ok();
    }
    if (t.text == "[") {
      int off = Next().offset;
      auto n = Make(NodeKind::kArray, off);
      if (!AcceptOp("]")) {
        do {
          NodePtr e;
          TL_RETURN_IF_ERROR(Expr(&e));
          n->children.push_back(std::move(e));
        } while (AcceptOp(","));
        TL_RETURN_IF_ERROR(ExpectOp("]"));
      }
      *out = std::move(n);
      return Status::Ok();
    }
    if (t.text == "*" && (Peek(1).type == Tok::kEnd || (Peek(1).type == Tok::kOp && (Peek(1).text == "," || Peek(1).text == ")")))) {
      auto n = Make(NodeKind::kStar, t.offset);
      Next();
      *out = std::move(n);
      return Status::Ok();
    }
    return Unexpected(t);
  }

  Status Primary(NodePtr* out) {
    const Token& t = Peek();
    switch (t.type) {
      case Tok::kInt: {
        auto n = Make(NodeKind::kLiteral, t.offset);
        n->value = Value::Int(t.i);
        Next();
        *out = std::move(n);
        return Status::Ok();
      }
      case Tok::kDouble: {
        auto n = Make(NodeKind::kLiteral, t.offset);
        n->value = Value::Double(t.d);
        Next();
        *out = std::move(n);
        return Status::Ok();
      }
      case Tok::kString: {
        auto n = Make(NodeKind::kLiteral, t.offset);
        n->value = Value::String(t.text);
        Next();
        *out = std::move(n);
        return Status::Ok();
      }
      case Tok::kQuotedIdent: {
        auto n = Make(NodeKind::kName, t.offset);
        n->name = t.text;
        Next();
        *out = std::move(n);
        return Status::Ok();
      }
      case Tok::kIdent: return NameOrCall(out);
      case Tok::kKeyword: {
        if (t.text == "NULL" || t.text == "TRUE" || t.text == "FALSE") {
          auto n = Make(NodeKind::kLiteral, t.offset);
          n->value = t.text == "NULL" ? Value::Null() : Value::Bool(t.text == "TRUE");
          Next();
          *out = std::move(n);
          return Status::Ok();
        }
        if (t.text == "CASE") return Case(out);
        if (t.text == "CAST" || t.text == "TRY_CAST") return Cast(out);
        if (t.text == "INTERVAL") return Interval(out);
        if (t.text == "END" || t.text == "ASC" || t.text == "DESC") {
          // Non-reserved words name columns too (Spark SQL: `_2 AS end`, then `end`).
          auto n = Make(NodeKind::kName, t.offset);
          n->name = std::string(text_.substr(t.offset, TokenLen(t)));
          Next();
          *out = std::move(n);
          return Status::Ok();
        }
        return Unexpected(t);
      }
      case Tok::kOp: return Bracketed(out);
      case Tok::kEnd:
        return Unexpected(t);
    }
    return Unexpected(t);
  }

  Status Case(NodePtr* out) {
    int off = Next().offset;
    auto n = Make(NodeKind::kCase, off);
    if (!IsKw("WHEN")) {
      NodePtr operand;
      TL_RETURN_IF_ERROR(Expr(&operand));
      n->has_operand = true;
      n->children.push_back(std::move(operand));
    }
    if (!IsKw("WHEN")) return ExpectKw("WHEN");
    while (AcceptKw("WHEN")) {
      NodePtr c, v;
      TL_RETURN_IF_ERROR(Expr(&c));
      TL_RETURN_IF_ERROR(ExpectKw("THEN"));
      TL_RETURN_IF_ERROR(Expr(&v));
      n->children.push_back(std::move(c));
      n->children.push_back(std::move(v));
    }
    if (AcceptKw("ELSE")) {
      NodePtr e;
      TL_RETURN_IF_ERROR(Expr(&e));
      n->has_else = true;
      n->children.push_back(std::move(e));
    }
    TL_RETURN_IF_ERROR(ExpectKw("END"));
    *out = std::move(n);
    return Status::Ok();
  }

  Status Cast(NodePtr* out) {
    int off = Peek().offset;
    const bool try_cast = Next().text == "TRY_CAST";
    TL_RETURN_IF_ERROR(ExpectOp("("));
    NodePtr e;
    TL_RETURN_IF_ERROR(Expr(&e));
    TL_RETURN_IF_ERROR(ExpectKw("AS"));
    // A type name: words and <...> up to the closing parenthesis.
    int depth = 0;
    std::string type;
    int type_off = Peek().offset;
    while (Peek().type != Tok::kEnd) {
      if (IsOp(")") && depth == 0) break;
      if (IsOp("<") || IsOp("(")) ++depth;
      if (IsOp(">") || IsOp(")")) --depth;
      if (!type.empty() && Peek().type != Tok::kOp && type.back() != '<' && type.back() != '(') type += " ";
      type += Peek().type == Tok::kKeyword ? Peek().text : Upper(Peek().text);
      Next();
    }
    if (type.empty()) return Status::Parse("expected a type name after AS", src_.At(text_, type_off));
    TL_RETURN_IF_ERROR(ExpectOp(")"));
    auto n = Make(NodeKind::kCast, off);
    n->name = type;
    n->negated = try_cast;
    n->children.push_back(std::move(e));
    *out = std::move(n);
    return Status::Ok();
  }

  Status Interval(NodePtr* out) {
    int off = Next().offset;
    std::string text;
    if (Peek().type == Tok::kString) {
      text = Next().text;
      // An ANSI literal's qualifier: INTERVAL '3:30' MINUTE TO SECOND, INTERVAL '5' SECOND.
      auto unit = [&](size_t ahead) {
        const Token& t = Peek(ahead);
        if (t.type != Tok::kIdent && t.type != Tok::kKeyword) return false;
        std::string u = AsciiLower(t.text);
        if (!u.empty() && u.back() == 's') u.pop_back();
        return u == "year" || u == "month" || u == "day" || u == "hour" || u == "minute" || u == "second";
      };
      if (unit(0)) {
        std::string qualified = "interval '" + text + "' " + Next().text;
        if ((Peek().type == Tok::kIdent || Peek().type == Tok::kKeyword) && AsciiLower(Peek().text) == "to" && unit(1)) {
          Next();
          qualified += " to " + Next().text;
        }
        text = qualified;
      }
    } else {
      while (Peek().type == Tok::kInt || Peek().type == Tok::kDouble ||
             (IsOp("-") && (Peek(1).type == Tok::kInt || Peek(1).type == Tok::kDouble))) {
        if (IsOp("-")) { text += "-"; Next(); }
        const Token& num = Next();
        text += std::string(text_.substr(num.offset, TokenLen(num))) + " ";
        if (Peek().type != Tok::kIdent) return Unexpected(Peek());
        text += Next().text + " ";
      }
    }
    auto d = ParseDuration(text);
    if (!d.ok()) return Status::Parse(fmt::format("invalid interval literal '{}'", text), src_.At(text_, off));
    auto n = Make(NodeKind::kInterval, off);
    n->value = Value::Int(d->micros());
    *out = std::move(n);
    return Status::Ok();
  }

  static NodePtr Bin(const std::string& op, int off, NodePtr l, NodePtr r) {
    auto n = std::make_unique<Node>(NodeKind::kBinary, off);
    n->name = op;
    n->children.push_back(std::move(l));
    n->children.push_back(std::move(r));
    return n;
  }

  std::string_view text_;
  std::vector<Token> t_;
  size_t pos_ = 0;
  int depth_ = 0;  // current nesting, see Level
  const ExprSource& src_;
};

}  // namespace

Result<NodePtr> Parse(std::string_view text, const ExprSource& src) {
  std::vector<Token> toks;
  TL_RETURN_IF_ERROR(Tokenize(text, src, &toks));
  Parser p(text, std::move(toks), src);
  return p.Top();
}
}  // namespace tideline::expr
