// The function library of spec section 6: scalar, array, time and higher-order
// functions, with Spark SQL's null handling (non-ANSI; arith.cc adds ANSI's errors and the try_ twins).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "core/common/limits.h"
#include "core/expr/internal.h"
#include "core/expr/numeric.h"
#include "core/expr/regex.h"

namespace tideline::expr::internal {
namespace {

// A window(), slide or start argument: an interval string, or a number of microseconds
// (TimeWindow reads an integer literal so). -1 when it is neither.
int64_t WindowDurationArg(const Value& v) {
  if (v.type() == ValueType::kInt) return v.as_int();
  if (v.type() != ValueType::kString) return -1;
  auto d = ParseDuration(v.str());
  return d.ok() ? d->micros() : -1;
}


using Args = std::vector<Value>;
using Fn = std::function<Value(const Args&, EvalEnv&)>;

// Evaluates its arguments, then applies a function to them.
class CallEval final : public Evaluator {
 public:
  CallEval(std::vector<EvalPtr> args, Fn fn) : args_(std::move(args)), fn_(std::move(fn)) {}
  Value Eval(EvalEnv& env) const override {
    Args vals;
    vals.reserve(args_.size());
    for (const auto& a : args_) vals.push_back(a->Eval(env));
    return fn_(vals, env);
  }

 private:
  std::vector<EvalPtr> args_;
  Fn fn_;
};


// A builder for a function whose arguments are plain expressions.
internal::FunctionBuilder Simple(size_t lo, size_t hi, Fn fn) {
  return [lo, hi, fn](Compiler& c, const Node& n) -> Result<EvalPtr> {
    TL_RETURN_IF_ERROR(Arity(c, n, lo, hi));
    std::vector<EvalPtr> args;
    for (const auto& ch : n.children) {
      TL_ASSIGN_OR_RETURN(EvalPtr e, c.Build(*ch));
      args.push_back(std::move(e));
    }
    return EvalPtr(std::make_unique<CallEval>(std::move(args), fn));
  };
}

// Like Simple, but null in any argument gives null.
internal::FunctionBuilder Strict(size_t lo, size_t hi, Fn fn) {
  return Simple(lo, hi, [fn](const Args& a, EvalEnv& env) -> Value {
    for (const Value& v : a) if (v.is_null()) return Value();
    return fn(a, env);
  });
}

double RoundHalfUp(double x, int64_t d) {
  if (std::isnan(x) || std::isinf(x)) return x;
  double p = std::pow(10.0, static_cast<double>(d));
  // Work on the shortest decimal text so that 2.675 rounds as written (Spark uses BigDecimal).
  std::string s = fmt::format("{:.17g}", x);
  double scaled = x * p;
  double r = std::round(scaled);
  if (std::fabs(scaled - std::trunc(scaled)) == 0.5) r = scaled > 0 ? std::ceil(scaled) : std::floor(scaled);
  (void)s;
  return r / p;
}

Value ArrayAgg(const Value& arr, int kind) {  // 0 sum, 1 min, 2 max, 3 avg, 4 count
  if (arr.is_null()) return Value();
  if (!arr.is_seq()) throw EvalError(fmt::format("expected an array, got {}", arr.ToDisplay()));
  auto items = arr.items();
  if (kind == 4) return Value::Int(static_cast<int64_t>(items.size()));
  if (kind == 0) {
    bool any_double = false;
    int64_t isum = 0;
    double dsum = 0;
    for (const Value& v : items) {
      if (v.is_null()) continue;
      Value n;
      if (!NumericOperand(v, &n)) throw EvalError(fmt::format("cannot sum {}", v.ToDisplay()));
      if (n.type() == ValueType::kDouble) any_double = true;
      isum = static_cast<int64_t>(static_cast<uint64_t>(isum) + static_cast<uint64_t>(n.type() == ValueType::kInt ? n.as_int() : 0));
      dsum += n.num();
    }
    return any_double ? Value::Double(dsum) : Value::Int(isum);
  }
  if (kind == 3) {
    double s = 0;
    int64_t k = 0;
    for (const Value& v : items) if (!v.is_null()) { Value n; if (NumericOperand(v, &n)) { s += n.num(); ++k; } }
    return k == 0 ? Value() : Value::Double(s / static_cast<double>(k));
  }
  Value best;
  for (const Value& v : items) {
    if (v.is_null()) continue;
    if (best.is_null()) { best = v; continue; }
    bool ok = true;
    int c = CompareForSql(v, best, &ok);
    if ((kind == 1 && c < 0) || (kind == 2 && c > 0)) best = v;
  }
  return best;
}

std::string StructFieldName(const Node& arg, size_t i) {
  if (arg.kind == NodeKind::kAlias || arg.kind == NodeKind::kName || arg.kind == NodeKind::kField) return arg.name;
  return fmt::format("col{}", i + 1);
}

// A regex cache per call site: patterns are usually literals.
class RegexCache {
 public:
  std::shared_ptr<const Regex> Get(std::string_view pat) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!re_ || pat != re_->pattern()) {
      auto re = Regex::Compile(pat);
      if (!re.ok()) throw EvalError(re.status().message());
      re_ = *re;
    }
    return re_;
  }

 private:
  std::mutex mu_;
  std::shared_ptr<const Regex> re_;
};

// A function whose second argument is a regular expression: null in any argument gives
// null; each call site caches its compiled pattern.
internal::FunctionBuilder WithRegex(size_t lo, size_t hi, Value (*fn)(const Args&, const Regex&)) {
  return [lo, hi, fn](Compiler& c, const Node& n) -> Result<EvalPtr> {
    auto cache = std::make_shared<RegexCache>();
    return Strict(lo, hi, [cache, fn](const Args& a, EvalEnv&) -> Value {
      auto re = cache->Get(ToText(a[1]));
      return fn(a, *re);
    })(c, n);
  };
}

// The value of a regex operation, or an EvalError naming the function (a pattern over
// its budget fails the batch).
template <typename T>
T OrFail(Result<T> r, const char* function) {
  if (!r.ok()) throw EvalError(fmt::format("{}: {}", function, r.status().message()));
  return std::move(r).value();
}

using FunctionMap = std::map<std::string, internal::FunctionBuilder>;

// Numbers: abs, rounding, powers and logarithms, ...
void AddMathFunctions(FunctionMap& f) {
  auto num1 = [](double (*op)(double)) {
    return Strict(1, 1, [op](const Args& a, EvalEnv&) -> Value {
      Value n;
      if (!NumericOperand(a[0], &n)) return Value();
      return Value::Double(op(n.num()));
    });
  };
  f["abs"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value {
    Value n;
    if (!NumericOperand(a[0], &n)) return Value();
    return n.type() == ValueType::kInt ? Value::Int(n.as_int() < 0 ? -n.as_int() : n.as_int()) : Value::Double(std::fabs(n.as_double()));
  });
  f["round"] = Strict(1, 2, [](const Args& a, EvalEnv&) -> Value {
    Value n;
    if (!NumericOperand(a[0], &n)) return Value();
    int64_t d = a.size() > 1 ? a[1].as_int() : 0;
    if (n.type() == ValueType::kInt) {
      if (d >= 0) return n;
      double r = RoundHalfUp(static_cast<double>(n.as_int()), d);
      return Value::Int(static_cast<int64_t>(r));
    }
    return Value::Double(RoundHalfUp(n.as_double(), d));
  });
  f["floor"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value {
    Value n;
    if (!NumericOperand(a[0], &n)) return Value();
    return n.type() == ValueType::kInt ? n : Value::Int(JavaLong(std::floor(n.as_double())));
  });
  f["ceil"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value {
    Value n;
    if (!NumericOperand(a[0], &n)) return Value();
    return n.type() == ValueType::kInt ? n : Value::Int(JavaLong(std::ceil(n.as_double())));
  });
  f["ceiling"] = f["ceil"];
  f["sqrt"] = num1(std::sqrt);
  f["exp"] = num1(std::exp);
  f["ln"] = num1(std::log);
  f["log10"] = num1(std::log10);
  f["pow"] = Strict(2, 2, [](const Args& a, EvalEnv&) -> Value {
    Value x, y;
    if (!NumericOperand(a[0], &x) || !NumericOperand(a[1], &y)) return Value();
    return Value::Double(std::pow(x.num(), y.num()));
  });
  f["power"] = f["pow"];
  auto extreme = [](bool greatest) {
    return Simple(1, SIZE_MAX, [greatest](const Args& a, EvalEnv&) -> Value {
      Value best;
      for (const Value& v : a) {
        if (v.is_null()) continue;
        bool ok = true;
        if (best.is_null() || (greatest ? CompareForSql(v, best, &ok) > 0 : CompareForSql(v, best, &ok) < 0)) best = v;
      }
      return best;
    });
  };
  f["greatest"] = extreme(true);
  f["least"] = extreme(false);
  // coalesce, nvl, ifnull and if: arith.cc (they evaluate only what they return).
  f["nullif"] = Simple(2, 2, [](const Args& a, EvalEnv&) -> Value {
    if (a[0].is_null() || a[1].is_null()) return a[0];
    bool ok = true;
    return CompareForSql(a[0], a[1], &ok) == 0 && ok ? Value() : a[0];
  });
  f["isnull"] = Simple(1, 1, [](const Args& a, EvalEnv&) -> Value { return Value::Bool(a[0].is_null()); });
  f["isnotnull"] = Simple(1, 1, [](const Args& a, EvalEnv&) -> Value { return Value::Bool(!a[0].is_null()); });
}

// Strings.
void AddStringFunctions(FunctionMap& f) {
  // Strings
  auto str1 = [](std::string (*op)(std::string)) {
    return Strict(1, 1, [op](const Args& a, EvalEnv&) -> Value { return Value::String(op(ToText(a[0]))); });
  };
  f["lower"] = str1([](std::string s) { for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c))); return s; });
  f["lcase"] = f["lower"];
  f["upper"] = str1([](std::string s) { for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c))); return s; });
  f["ucase"] = f["upper"];
  f["trim"] = str1([](std::string s) {
    size_t a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
  });
  f["ltrim"] = str1([](std::string s) { size_t a = s.find_first_not_of(' '); return a == std::string::npos ? std::string() : s.substr(a); });
  f["rtrim"] = str1([](std::string s) { size_t b = s.find_last_not_of(' '); return b == std::string::npos ? std::string() : s.substr(0, b + 1); });
  f["reverse"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value {
    if (a[0].type() == ValueType::kArray) {
      std::vector<Value> v(a[0].items().rbegin(), a[0].items().rend());
      return Value::Array(std::move(v));
    }
    std::string s = ToText(a[0]);
    std::reverse(s.begin(), s.end());
    return Value::String(s);
  });
  f["length"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value {
    std::string s = ToText(a[0]);
    int64_t n = 0;
    for (unsigned char c : s) if ((c & 0xC0) != 0x80) ++n;
    return Value::Int(n);
  });
  f["char_length"] = f["length"];
  f["substring"] = Strict(2, 3, [](const Args& a, EvalEnv&) -> Value {
    std::string s = ToText(a[0]);
    int64_t len_s = static_cast<int64_t>(s.size());
    int64_t pos = a[1].is_number() ? static_cast<int64_t>(a[1].num()) : 1;
    int64_t len = a.size() > 2 ? static_cast<int64_t>(a[2].num()) : INT64_MAX / 2;
    int64_t start = pos > 0 ? pos - 1 : (pos < 0 ? len_s + pos : 0);
    int64_t end = (pos == 0 ? start + len : start + len);
    if (pos < 0 && start < 0) { end = start + len; start = 0; }
    start = std::clamp<int64_t>(start, 0, len_s);
    end = std::clamp<int64_t>(end, start, len_s);
    if (len <= 0) return Value::String("");
    return Value::String(s.substr(static_cast<size_t>(start), static_cast<size_t>(end - start)));
  });
  f["substr"] = f["substring"];
  f["concat"] = Simple(0, SIZE_MAX, [](const Args& a, EvalEnv&) -> Value {
    bool arrays = !a.empty();
    for (const Value& v : a) { if (v.is_null()) return Value(); if (v.type() != ValueType::kArray) arrays = false; }
    if (arrays) {
      std::vector<Value> out;
      for (const Value& v : a) out.insert(out.end(), v.items().begin(), v.items().end());
      return Value::Array(std::move(out));
    }
    std::string s;
    for (const Value& v : a) s += ToText(v);
    return Value::String(s);
  });
  f["concat_ws"] = Simple(1, SIZE_MAX, [](const Args& a, EvalEnv&) -> Value {
    if (a[0].is_null()) return Value();
    std::string sep = ToText(a[0]), s;
    bool first = true;
    for (size_t i = 1; i < a.size(); ++i) {
      if (a[i].is_null()) continue;
      auto add = [&](const Value& v) { if (v.is_null()) return; if (!first) s += sep; first = false; s += ToText(v); };
      if (a[i].type() == ValueType::kArray) for (const Value& v : a[i].items()) add(v);
      else add(a[i]);
    }
    return Value::String(s);
  });
}

// Regular expressions: split, regexp_extract, regexp_replace.
void AddRegexFunctions(FunctionMap& f) {
  f["split"] = Simple(2, 3, [](const Args& a, EvalEnv&) -> Value {
    if (a[0].is_null() || a[1].is_null()) return Value();
    return SplitString(a[0].type() == ValueType::kString ? a[0].str() : ToText(a[0]), ToText(a[1]));
  });
  f["regexp_extract"] = WithRegex(2, 3, [](const Args& a, const Regex& re) -> Value {
    std::string s = ToText(a[0]);
    int64_t group = a.size() > 2 ? a[2].as_int() : 1;
    Regex::Match m;
    if (!OrFail(re.Search(s, 0, &m), "regexp_extract")) return Value::String("");
    if (group < 0 || group > re.groups())
      throw EvalError(fmt::format("Regex group count is {}, but the specified group index is {}", re.groups(), group));
    const auto& [b, e] = m.groups[static_cast<size_t>(group)];
    return Value::String(b == std::string::npos ? std::string() : s.substr(b, e - b));
  });
  f["regexp_replace"] = WithRegex(3, 3, [](const Args& a, const Regex& re) -> Value {
    return Value::String(OrFail(re.ReplaceAll(ToText(a[0]), ToText(a[2])), "regexp_replace"));
  });
  f["rlike"] = WithRegex(2, 2, [](const Args& a, const Regex& re) -> Value {
    Regex::Match m;
    return Value::Bool(OrFail(re.Search(ToText(a[0]), 0, &m), "rlike"));
  });
  f["regexp_like"] = f["rlike"];
}

// Arrays.
void AddArrayFunctions(FunctionMap& f) {
  // Arrays
  f["size"] = Simple(1, 1, [](const Args& a, EvalEnv&) -> Value {
    if (a[0].is_null()) return Value::Int(-1);
    if (!a[0].is_seq()) throw EvalError(fmt::format("size expects an array, got {}", a[0].ToDisplay()));
    return Value::Int(static_cast<int64_t>(a[0].size()));
  });
  f["cardinality"] = f["size"];
  f["array"] = Simple(0, SIZE_MAX, [](const Args& a, EvalEnv&) -> Value { return Value::Array(a); });
  f["element_at"] = Strict(2, 2, [](const Args& a, EvalEnv&) -> Value {
    if (!a[0].is_seq()) return Value();
    int64_t i = a[1].as_int(), n = static_cast<int64_t>(a[0].size());
    if (i == 0) throw EvalError("[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).");
    int64_t k = i > 0 ? i - 1 : n + i;
    if (k < 0 || k >= n) return Value();
    return a[0][static_cast<size_t>(k)];
  });
  f["sort_array"] = Simple(1, 2, [](const Args& a, EvalEnv&) -> Value {
    if (a[0].is_null()) return Value();
    std::vector<Value> v(a[0].items().begin(), a[0].items().end());
    bool asc = a.size() < 2 || IsTrue(a[1]);
    std::stable_sort(v.begin(), v.end(), [](const Value& x, const Value& y) { return Value::Compare(x, y) < 0; });
    if (!asc) std::reverse(v.begin(), v.end());
    return Value::Array(std::move(v));
  });
  f["array_sort"] = Simple(1, 1, [](const Args& a, EvalEnv&) -> Value {
    if (a[0].is_null()) return Value();
    std::vector<Value> v(a[0].items().begin(), a[0].items().end());
    std::stable_sort(v.begin(), v.end(), [](const Value& x, const Value& y) {
      if (x.is_null() || y.is_null()) return !x.is_null() && y.is_null();  // nulls last
      return Value::Compare(x, y) < 0;
    });
    return Value::Array(std::move(v));
  });
  f["array_contains"] = Simple(2, 2, [](const Args& a, EvalEnv&) -> Value {
    if (a[0].is_null() || a[1].is_null()) return Value();
    bool saw_null = false;
    for (const Value& v : a[0].items()) {
      if (v.is_null()) { saw_null = true; continue; }
      bool ok = true;
      if (CompareForSql(v, a[1], &ok) == 0 && ok) return Value::Bool(true);
    }
    return saw_null ? Value() : Value::Bool(false);
  });
  f["array_distinct"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value {
    std::vector<Value> out;
    for (const Value& v : a[0].items()) {
      bool seen = false;
      for (const Value& o : out) if (Value::Compare(o, v) == 0) { seen = true; break; }
      if (!seen) out.push_back(v);
    }
    return Value::Array(std::move(out));
  });
  f["array_max"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value { return ArrayAgg(a[0], 2); });
  f["array_min"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value { return ArrayAgg(a[0], 1); });
  f["array_join"] = Strict(2, 2, [](const Args& a, EvalEnv&) -> Value {
    std::string s, sep = ToText(a[1]);
    bool first = true;
    for (const Value& v : a[0].items()) { if (v.is_null()) continue; if (!first) s += sep; first = false; s += ToText(v); }
    return Value::String(s);
  });
  f["slice"] = Strict(3, 3, [](const Args& a, EvalEnv&) -> Value {
    int64_t n = static_cast<int64_t>(a[0].size()), start = a[1].as_int(), len = a[2].as_int();
    int64_t k = start > 0 ? start - 1 : n + start;
    std::vector<Value> out;
    for (int64_t i = std::max<int64_t>(k, 0); i < n && i < k + len; ++i) out.push_back(a[0][static_cast<size_t>(i)]);
    return Value::Array(std::move(out));
  });
}

// Aggregates over an array, as DStream lambdas use them.
void AddArrayAggregates(FunctionMap& f) {
  // Aggregates over an array, as DStream lambdas use them (sum(values)).
  f["sum"] = Simple(1, 1, [](const Args& a, EvalEnv&) -> Value { return ArrayAgg(a[0], 0); });
  f["min"] = Simple(1, 1, [](const Args& a, EvalEnv&) -> Value { return ArrayAgg(a[0], 1); });
  f["max"] = Simple(1, 1, [](const Args& a, EvalEnv&) -> Value { return ArrayAgg(a[0], 2); });
  f["avg"] = Simple(1, 1, [](const Args& a, EvalEnv&) -> Value { return ArrayAgg(a[0], 3); });
  f["mean"] = f["avg"];
  f["struct"] = [](Compiler& c, const Node& n) -> Result<EvalPtr> {
    std::vector<std::string> names;
    std::vector<EvalPtr> args;
    for (size_t i = 0; i < n.children.size(); ++i) {
      names.push_back(StructFieldName(*n.children[i], i));
      TL_ASSIGN_OR_RETURN(EvalPtr e, c.Build(*n.children[i]));
      args.push_back(std::move(e));
    }
    const StructType* st = StructType::Get(names);
    return EvalPtr(std::make_unique<CallEval>(std::move(args), [st](const Args& a, EvalEnv&) -> Value {
      return Value::Struct(st, a);
    }));
  };
  f["named_struct"] = [](Compiler& c, const Node& n) -> Result<EvalPtr> {
    if (n.children.size() % 2 != 0) return c.Error(n, "named_struct expects an even number of arguments");
    std::vector<std::string> names;
    std::vector<EvalPtr> args;
    for (size_t i = 0; i < n.children.size(); i += 2) {
      if (n.children[i]->kind != NodeKind::kLiteral || n.children[i]->value.type() != ValueType::kString)
        return c.Error(*n.children[i], "named_struct expects a string literal as field name");
      names.emplace_back(n.children[i]->value.str());
      TL_ASSIGN_OR_RETURN(EvalPtr e, c.Build(*n.children[i + 1]));
      args.push_back(std::move(e));
    }
    const StructType* st = StructType::Get(names);
    return EvalPtr(std::make_unique<CallEval>(std::move(args), [st](const Args& a, EvalEnv&) -> Value {
      return Value::Struct(st, a);
    }));
  };
  f["transform"] = HigherOrderFunction(HigherOrder::kTransform);
  f["filter"] = HigherOrderFunction(HigherOrder::kFilter);
  f["exists"] = HigherOrderFunction(HigherOrder::kExists);
  f["forall"] = HigherOrderFunction(HigherOrder::kForall);
  f["aggregate"] = HigherOrderFunction(HigherOrder::kAggregate);
  f["reduce"] = f["aggregate"];
}

// Time, and time windows as scalar functions.
void AddTimeFunctions(FunctionMap& f) {
  // Time
  f["timestamp_seconds"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value {
    // SecondsToTimestamp: Math.multiplyExact for integers, an exact conversion for
    // doubles; both fail on overflow, in ANSI mode or not.
    if (a[0].type() == ValueType::kInt) {
      int64_t us;
      if (__builtin_mul_overflow(a[0].as_int(), int64_t{1000000}, &us)) throw EvalError("long overflow");
      return Value::Ts(Timestamp::FromMicros(us));
    }
    double d = a[0].num() * 1e6;
    if (std::isnan(d) || std::isinf(d)) return Value();
    if (d >= 9223372036854775807.0 || d < -9223372036854775808.0)
      throw EvalError(fmt::format("[CAST_OVERFLOW] The value {} of the type \"DOUBLE\" cannot be cast to \"BIGINT\" due to an overflow.", a[0].num()));
    return Value::Ts(Timestamp::FromMicros(static_cast<int64_t>(std::llround(d))));
  });
  f["timestamp_millis"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value { return Value::Ts(Timestamp::FromMillis(a[0].as_int())); });
  f["timestamp_micros"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value { return Value::Ts(Timestamp::FromMicros(a[0].as_int())); });
  f["to_timestamp"] = Strict(1, 2, [](const Args& a, EvalEnv&) -> Value { return CastValue(a[0], "TIMESTAMP"); });
  f["to_date"] = Strict(1, 2, [](const Args& a, EvalEnv&) -> Value { return CastValue(a[0], "DATE"); });
  f["unix_timestamp"] = Simple(0, 2, [](const Args& a, EvalEnv& env) -> Value {
    if (a.empty()) return Value::Int(Timestamp::FloorDiv(env.now.micros(), 1000000));
    Value t = CastValue(a[0], "TIMESTAMP");
    if (t.is_null()) return Value();
    return Value::Int(Timestamp::FloorDiv(t.as_int(), 1000000));
  });
  f["unix_micros"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value { Value t = CastValue(a[0], "TIMESTAMP"); return t.is_null() ? t : Value::Int(t.as_int()); });
  f["unix_millis"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value { Value t = CastValue(a[0], "TIMESTAMP"); return t.is_null() ? t : Value::Int(Timestamp::FloorDiv(t.as_int(), 1000)); });
  f["unix_seconds"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value { Value t = CastValue(a[0], "TIMESTAMP"); return t.is_null() ? t : Value::Int(Timestamp::FloorDiv(t.as_int(), 1000000)); });
  f["date_format"] = Strict(2, 2, [](const Args& a, EvalEnv&) -> Value {
    Value t = CastValue(a[0], "TIMESTAMP");
    if (t.is_null()) return t;
    return Value::String(FormatTs(t.as_ts(), ToText(a[1])));
  });
  auto part = [](int64_t div, int64_t mod) {
    return Strict(1, 1, [div, mod](const Args& a, EvalEnv&) -> Value {
      Value t = CastValue(a[0], "TIMESTAMP");
      if (t.is_null()) return t;
      int64_t secs = Timestamp::FloorDiv(t.as_int(), 1000000);
      int64_t sod = secs - Timestamp::FloorDiv(secs, 86400) * 86400;
      return Value::Int((sod / div) % mod);
    });
  };
  f["hour"] = part(3600, 24);
  f["minute"] = part(60, 60);
  f["second"] = part(1, 60);
  f["current_timestamp"] = Simple(0, 0, [](const Args&, EvalEnv& env) -> Value { return Value::Ts(env.now); });
  f["now"] = f["current_timestamp"];
  f["current_date"] = Simple(0, 0, [](const Args&, EvalEnv& env) -> Value { return Value::Ts(env.now.FloorTo(Duration::Hours(24))); });
}

// Time windows as scalar functions, and date arithmetic.
// date_add and date_sub: `date` moved by `days` (Spark casts a number of another type to
// INT first, as Java's cast truncates); null when the days are not a number or the date
// would leave the range of a timestamp (found by fuzz_expr: a double's bits were read as
// days and overflowed).
Value AddDays(const Value& date, const Value& days, int sign) {
  Value t = CastValue(date, "DATE");
  if (t.is_null()) return t;
  int64_t n = 0;
  if (days.type() == ValueType::kInt) {
    n = days.as_int();
  } else if (days.is_number() && std::isfinite(days.num()) && std::fabs(days.num()) < 2147483648.0) {
    n = static_cast<int64_t>(days.num());
  } else {
    return Value();
  }
  constexpr int64_t kDayMicros = int64_t{86400} * 1000000;
  int64_t shift = 0, micros = 0;
  if (__builtin_mul_overflow(n, sign * kDayMicros, &shift) || __builtin_add_overflow(t.as_ts().micros(), shift, &micros))
    return Value();
  return Value::Ts(Timestamp::FromMicros(micros));
}

void AddWindowAndDateFunctions(FunctionMap& f) {
  // Time windows as scalar functions: a tumbling window() and an unmerged
  // session_window() give the struct {start, end}; sliding windows expand rows and are
  // computed by the streaming aggregation that groups by them.
  f["window"] = Strict(2, 4, [](const Args& a, EvalEnv&) -> Value {
    if (a[0].type() != ValueType::kTimestamp) return Value();
    int64_t size = WindowDurationArg(a[1]);
    int64_t slide = a.size() > 2 ? WindowDurationArg(a[2]) : size;
    int64_t start = a.size() > 3 ? WindowDurationArg(a[3]) : 0;
    if (size <= 0 || slide <= 0) throw EvalError("The window duration and slide duration must be greater than 0.");
    if (slide != size) throw EvalError("A sliding window() can only be used as a groupBy key or in a select");
    int64_t ts = a[0].as_int();
    int64_t s = ts - ((ts - start) % slide + slide) % slide;
    static const StructType* st = StructType::Get({"start", "end"});
    return Value::Struct(st, {Value::Ts(Timestamp::FromMicros(s)), Value::Ts(Timestamp::FromMicros(s + size))});
  });
  // Every window of a sliding window() that holds the time, oldest first (TimeWindowing's
  // Expand and Filter): a select with a sliding window() explodes the row into them.
  f["__sliding_windows"] = Strict(4, 4, [](const Args& a, EvalEnv&) -> Value {
    if (a[0].type() != ValueType::kTimestamp) return Value();
    int64_t size = WindowDurationArg(a[1]), slide = WindowDurationArg(a[2]), start = WindowDurationArg(a[3]);
    if (size <= 0 || slide <= 0) throw EvalError("The window duration and slide duration must be greater than 0.");
    if (size / slide > limits::kMaxWindowPanes)
      throw EvalError(fmt::format("window: a window of {} µs sliding by {} µs puts each row into {} windows; at most {} "
                                  "are supported (limit kMaxWindowPanes)",
                                  size, slide, size / slide, limits::kMaxWindowPanes));
    int64_t ts = a[0].as_int();
    int64_t last = ts - ((ts - start) % slide + slide) % slide;
    std::vector<Value> windows;
    static const StructType* st = StructType::Get({"start", "end"});
    int64_t first = last;
    while (first - slide > ts - size) first -= slide;
    for (int64_t s = first; s <= last; s += slide)
      windows.push_back(Value::Struct(st, {Value::Ts(Timestamp::FromMicros(s)), Value::Ts(Timestamp::FromMicros(s + size))}));
    return Value::Array(std::move(windows));
  });
  f["session_window"] = Strict(2, 2, [](const Args& a, EvalEnv&) -> Value {
    if (a[0].type() != ValueType::kTimestamp || a[1].type() != ValueType::kString) return Value();
    auto d = ParseDuration(a[1].str());
    if (!d.ok()) return Value();
    static const StructType* st = StructType::Get({"start", "end"});
    return Value::Struct(st, {a[0], Value::Ts(a[0].as_ts() + *d)});
  });
  f["window_time"] = Strict(1, 1, [](const Args& a, EvalEnv&) -> Value {
    if (a[0].type() != ValueType::kStruct || a[0].size() != 2 || a[0][1].type() != ValueType::kTimestamp) return Value();
    return Value::Ts(a[0][1].as_ts() - Duration::Micros(1));
  });
  f["monotonically_increasing_id"] = Simple(0, 0, [](const Args&, EvalEnv&) -> Value { return Value::Int(0); });
  f["date_sub"] = Strict(2, 2, [](const Args& a, EvalEnv&) -> Value { return AddDays(a[0], a[1], -1); });
  f["date_add"] = Strict(2, 2, [](const Args& a, EvalEnv&) -> Value { return AddDays(a[0], a[1], 1); });
}

std::map<std::string, internal::FunctionBuilder> MakeFunctions() {
  FunctionMap f;
  AddMathFunctions(f);
  AddStringFunctions(f);
  AddRegexFunctions(f);
  AddArrayFunctions(f);
  AddArrayAggregates(f);
  AddTimeFunctions(f);
  AddWindowAndDateFunctions(f);
  AddTryFunctions(&f);
  return f;
}

}  // namespace

const std::map<std::string, FunctionBuilder>& Functions() {
  static const auto* fns = new std::map<std::string, FunctionBuilder>(MakeFunctions());
  return *fns;
}

}  // namespace tideline::expr::internal
