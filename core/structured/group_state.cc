// (flat)MapGroupsWithState with the declarative state function of spec section 4
// (Spark's FlatMapGroupsWithStateExec), with processing-time and event-time timeouts.
//
#include "core/structured/operators.h"

#include "core/expr/expr.h"

namespace tideline::structured {

namespace {

using Timeout = GroupStateSpec::Timeout;

// One run of the state function over a batch. The function's expressions read the scope
// of StateScopeNames(): key columns, key, rows, state, hasTimedOut, watermark, now, the
// let names, newState.
struct GroupStateRun {
  const PlanNode& n;
  const GroupStateSpec& spec;
  OperatorContext& cx;
  GroupStateState& op;
  StateMap& state;
  const size_t nk;
  const int64_t wm_us;
  std::vector<Value> scope;
  std::vector<const Value*> params;
  std::vector<Value> slots;
  std::vector<Row> out;

  GroupStateRun(const PlanNode& node, OperatorContext& c, GroupStateState& o)
      : n(node), spec(*node.as<GroupStateOp>().spec), cx(c), op(o), state(o.groups), nk(spec.key_cols.size()),
        wm_us(NonNegativeWatermark(o.eviction_watermark).micros()), scope(spec.scope.size()),
        params(spec.scope.size()) {
    for (size_t i = 0; i < scope.size(); ++i) params[i] = &scope[i];
  }

  Value Eval(const expr::CompiledExpr& e) {
    if (slots.size() < static_cast<size_t>(e.num_slots())) slots.resize(static_cast<size_t>(e.num_slots()));
    expr::EvalEnv env;
    env.slots = slots.data();
    env.params = params.data();
    env.now = cx.now();
    return e.Eval(env);
  }

  // The batch's rows as structs by group key; late rows (event-time timeouts) are dropped.
  std::map<Value, std::vector<Value>, ValueLess> Group(std::vector<Row>& in) {
    std::map<Value, std::vector<Value>, ValueLess> groups;
    for (Row& r : in) {
      if (op.event_col >= 0 && spec.timeout == Timeout::kEventTime &&
          IsLate(EventTimeOf(r[static_cast<size_t>(op.event_col)]), op.late_watermark)) {
        ++op.metrics.dropped;
        continue;
      }
      std::vector<Value> k;
      for (int c : spec.key_cols) k.push_back(r[static_cast<size_t>(c)]);
      groups[Value::Array(std::move(k))].push_back(Value::Struct(spec.row_type, r));
    }
    return groups;
  }

  void Emit(const Value& v) {
    if (v.is_null()) return;
    if (v.type() == ValueType::kStruct || v.type() == ValueType::kTuple || v.type() == ValueType::kArray)
      out.push_back(Row(v.items().begin(), v.items().end()));
    else
      out.push_back(Row{v});
  }

  Value NewTimeout(bool exists) {
    Value timeout;
    if (!spec.set_timeout || !exists) return timeout;
    Value t = Eval(*spec.set_timeout);
    if (spec.timeout == Timeout::kProcessingTime) {
      if (t.type() == ValueType::kString) {
        auto d = ParseDuration(t.str());
        if (d.ok()) timeout = Value::Int((cx.now() + *d).micros());
      }
    } else if (spec.timeout == Timeout::kEventTime) {
      if (t.type() == ValueType::kTimestamp) timeout = Value::Int(t.as_int());
    }
    return timeout;
  }

  // Calls the state function for one key.
  void Call(const Value& key, std::vector<Value> rows, bool timed_out) {
    auto it = state.find(key);
    Value before = it == state.end() ? Value() : it->second[0];
    for (size_t i = 0; i < nk; ++i) scope[i] = key[i];
    scope[nk] = Value::Struct(spec.key_type, std::vector<Value>(key.items().begin(), key.items().end()));
    scope[nk + 1] = Value::Array(std::move(rows));
    scope[nk + 2] = before;
    scope[nk + 3] = Value::Bool(timed_out);
    scope[nk + 4] = op.eviction_watermark ? Value::Ts(Timestamp::FromMicros(wm_us)) : Value();
    scope[nk + 5] = Value::Ts(cx.now());
    size_t let_base = nk + 6;
    for (size_t i = 0; i < spec.let.size(); ++i) scope[let_base + i] = Eval(spec.let[i].second);
    size_t new_state = scope.size() - 1;
    Value after = before;
    bool exists = it != state.end();
    bool changed = false;
    if (spec.update) {
      Value u = Eval(*spec.update);
      if (!u.is_null()) { after = u; exists = true; changed = true; }
    }
    if (spec.remove && expr::IsTrue(Eval(*spec.remove))) { after = Value(); exists = false; changed = true; }
    scope[new_state] = exists ? after : Value();
    for (const auto& e : spec.emit) Emit(Eval(e));
    if (spec.emit_all) {
      Value all = Eval(*spec.emit_all);
      for (const Value& v : all.items()) Emit(v);
    }
    Value timeout = NewTimeout(exists);
    if (!exists) {
      // Spark counts a removal by the function as an updated state row.
      if (it != state.end()) { state.erase(it); ++op.metrics.removed; ++op.metrics.updated; }
    } else {
      Value stored = Value::Array({after, timeout});
      if (it == state.end() || changed || it->second != stored) {
        state[key] = stored;
        if (changed) ++op.metrics.updated;
      }
    }
  }

  // Keys not called in this batch whose deadline passed.
  void CallTimedOut(const std::map<Value, std::vector<Value>, ValueLess>& groups) {
    bool can = spec.timeout == Timeout::kProcessingTime || op.eviction_watermark.has_value();
    int64_t threshold = spec.timeout == Timeout::kProcessingTime ? cx.now().micros() : wm_us;
    std::vector<Value> due;
    for (const auto& [k, v] : state) {
      if (groups.count(k)) continue;
      if (v[1].type() == ValueType::kInt &&
          (spec.timeout == Timeout::kProcessingTime ? v[1].as_int() <= threshold : v[1].as_int() < threshold))
        due.push_back(k);
    }
    if (can)
      for (const Value& k : due) Call(k, {}, true);
  }
};

}  // namespace

std::vector<Row> ExecuteGroupState(const PlanNode& n, OperatorContext& cx, GroupStateState& op, std::vector<Row> in) {
  GroupStateRun run(n, cx, op);
  auto groups = run.Group(in);
  for (auto& [key, rows] : groups) run.Call(key, std::move(rows), false);
  if (run.spec.timeout != Timeout::kNone) run.CallTimedOut(groups);
  op.metrics.total = static_cast<int64_t>(run.state.size());
  return std::move(run.out);
}

}  // namespace tideline::structured
