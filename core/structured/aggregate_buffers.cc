// The buffers of the aggregate functions: initial value, update by one input value, merge
// of two partial buffers, final value (Spark's DeclarativeAggregate and
// TypedImperativeAggregate functions: count, sum, avg, min, max, first, last, collect_list,
// collect_set, count_if, max_by, min_by, stddev and variance).
#include "core/structured/aggregate_buffers.h"

#include <cmath>

#include "core/expr/expr.h"

namespace tideline::structured {

namespace {

bool Moments(const std::string& fn) { return fn.rfind("stddev", 0) == 0 || fn.rfind("var_", 0) == 0; }

// Welford's running moments [n, mean, m2], merged as Chan et al. (Spark's CentralMomentAgg).
Value MomentsMerge(const Value& a, const Value& b) {
  double na = a[0].as_double(), nb = b[0].as_double();
  if (nb == 0) return a;
  if (na == 0) return b;
  double n = na + nb, delta = b[1].as_double() - a[1].as_double();
  double mean = a[1].as_double() + delta * nb / n;
  double m2 = a[2].as_double() + b[2].as_double() + delta * delta * na * nb / n;
  return Value::Array({Value::Double(n), Value::Double(mean), Value::Double(m2)});
}

}  // namespace

Value InitBuffer(const AggFunc& f) {
  if (f.fn == "count" || f.fn == "count_if") return Value::Int(0);
  if (Moments(f.fn)) return Value::Array({Value::Double(0), Value::Double(0), Value::Double(0)});
  if (f.fn == "approx_count_distinct") return Value::Array({});
  if (f.fn == "max_by" || f.fn == "min_by") return Value();
  if (f.fn == "avg") return Value::Array({Value::Double(0), Value::Int(0)});
  if (f.fn == "first" || f.fn == "last") return Value::Array({Value::Bool(false), Value()});
  if (f.fn == "collect_list" || f.fn == "collect_set") return Value::Array({});
  return Value();  // sum, min, max
}

namespace {

Value AddNumbers(const Value& a, const Value& b) {
  if (a.type() == ValueType::kInt && b.type() == ValueType::kInt) return Value::Int(a.as_int() + b.as_int());
  return Value::Double(a.num() + b.num());
}

Value NumericOf(const Value& v) {
  if (v.is_number()) return v;
  if (v.type() == ValueType::kString) {
    Value c = expr::CastValue(v, "DOUBLE");
    return c;
  }
  if (v.type() == ValueType::kBool) return Value::Int(v.as_bool() ? 1 : 0);
  return Value();
}

}  // namespace

void UpdateBuffer(const AggFunc& f, Value& buf, const Value& x) {
  const std::string& fn = f.fn;
  if (fn == "count") {
    if (f.star || !x.is_null()) buf = Value::Int(buf.as_int() + 1);
    return;
  }
  if (fn == "count_if") {
    if (x.type() == ValueType::kBool && x.as_bool()) buf = Value::Int(buf.as_int() + 1);
    return;
  }
  if (fn == "max_by" || fn == "min_by") {
    // x = [value, ordering]; rows with a null ordering are skipped.
    if (x.size() != 2 || x[1].is_null()) return;
    int c = buf.is_null() ? 0 : Value::Compare(x[1], buf[1]);
    if (buf.is_null() || (fn == "max_by" ? c > 0 : c < 0)) buf = x;
    return;
  }
  if (fn == "first") {
    if (!buf[0].as_bool()) buf = Value::Array({Value::Bool(true), x});
    return;
  }
  if (fn == "last") {
    buf = Value::Array({Value::Bool(true), x});
    return;
  }
  if (x.is_null()) return;
  if (fn == "sum") {
    Value n = NumericOf(x);
    if (n.is_null()) return;
    buf = buf.is_null() ? n : AddNumbers(buf, n);
  } else if (fn == "avg") {
    Value n = NumericOf(x);
    if (n.is_null()) return;
    buf = Value::Array({Value::Double(buf[0].as_double() + n.num()), Value::Int(buf[1].as_int() + 1)});
  } else if (Moments(fn)) {
    Value n = NumericOf(x);
    if (n.is_null()) return;
    buf = MomentsMerge(buf, Value::Array({Value::Double(1), Value::Double(n.num()), Value::Double(0)}));
  } else if (fn == "approx_count_distinct") {
    for (const Value& v : buf.items()) if (v == x) return;
    std::vector<Value> items(buf.items().begin(), buf.items().end());
    items.push_back(x);
    buf = Value::Array(std::move(items));
  } else if (fn == "bool_and" || fn == "bool_or") {
    bool b = x.type() == ValueType::kBool && x.as_bool();
    buf = buf.is_null() ? Value::Bool(b) : Value::Bool(fn == "bool_and" ? (buf.as_bool() && b) : (buf.as_bool() || b));
  } else if (fn == "min") {
    if (buf.is_null() || Value::Compare(x, buf) < 0) buf = x;
  } else if (fn == "max") {
    if (buf.is_null() || Value::Compare(x, buf) > 0) buf = x;
  } else if (fn == "collect_list" || fn == "collect_set") {
    std::vector<Value> items(buf.items().begin(), buf.items().end());
    if (fn == "collect_set")
      for (const Value& v : items) if (v == x) return;
    items.push_back(x);
    buf = Value::Array(std::move(items));
  }
}

void MergeBuffer(const AggFunc& f, Value& buf, const Value& other) {
  const std::string& fn = f.fn;
  if (fn == "count" || fn == "count_if") { buf = Value::Int(buf.as_int() + other.as_int()); return; }
  if (Moments(fn)) { buf = MomentsMerge(buf, other); return; }
  if (fn == "max_by" || fn == "min_by") {
    if (other.is_null()) return;
    int c = buf.is_null() ? 0 : Value::Compare(other[1], buf[1]);
    if (buf.is_null() || (fn == "max_by" ? c > 0 : c < 0)) buf = other;
    return;
  }
  if (fn == "bool_and" || fn == "bool_or") { if (!other.is_null()) UpdateBuffer(f, buf, other); return; }
  if (fn == "first") { if (!buf[0].as_bool()) buf = other; return; }
  if (fn == "last") { if (other[0].as_bool()) buf = other; return; }
  if (fn == "sum") { if (!other.is_null()) buf = buf.is_null() ? other : AddNumbers(buf, other); return; }
  if (fn == "avg") {
    buf = Value::Array({Value::Double(buf[0].as_double() + other[0].as_double()), Value::Int(buf[1].as_int() + other[1].as_int())});
    return;
  }
  if (fn == "min" || fn == "max") { if (!other.is_null()) UpdateBuffer(f, buf, other); return; }
  for (const Value& v : other.items()) UpdateBuffer(f, buf, v);
}

void MergeGroupBuffers(const std::vector<AggFunc>& aggs, std::map<Value, Value, ValueLess>* groups,
                       const Value& key, const Value& bufs) {
  auto it = groups->find(key);
  if (it == groups->end()) {
    groups->emplace(key, bufs);
    return;
  }
  std::vector<Value> merged(it->second.items().begin(), it->second.items().end());
  for (size_t i = 0; i < aggs.size(); ++i) MergeBuffer(aggs[i], merged[i], bufs[i]);
  it->second = Value::Array(std::move(merged));
}

Value FinalValue(const AggFunc& f, const Value& buf) {
  if (f.fn == "avg") return buf[1].as_int() == 0 ? Value() : Value::Double(buf[0].as_double() / static_cast<double>(buf[1].as_int()));
  if (f.fn == "first" || f.fn == "last") return buf[1];
  if (Moments(f.fn)) {
    double n = buf[0].as_double(), m2 = buf[2].as_double();
    bool samp = f.fn == "stddev_samp" || f.fn == "var_samp";
    // Spark 3.1+: null without rows, and for a sample of one row.
    if (n == 0 || (samp && n == 1)) return Value();
    double var = m2 / (samp ? n - 1 : n);
    return Value::Double(f.fn.rfind("stddev", 0) == 0 ? std::sqrt(var) : var);
  }
  if (f.fn == "approx_count_distinct") return Value::Int(static_cast<int64_t>(buf.size()));
  if (f.fn == "max_by" || f.fn == "min_by") return buf.is_null() ? Value() : buf[0];
  return buf;
}

}  // namespace tideline::structured
