// Stream-stream joins (Spark's StreamingSymmetricHashJoinExec and the state watermarks
// of StreamingSymmetricHashJoinHelper).
#include "core/structured/operators.h"

#include "core/expr/expr.h"

namespace tideline::structured {

namespace {

using expr::Node;
using expr::NodeKind;

// A linear time term: sum of coef * column + constant (microseconds).
struct Linear {
  std::map<int, int> coef;
  int64_t constant = 0;
  bool ok = true;
};

Linear ToLinear(const Node& n) {
  Linear l;
  switch (n.kind) {
    case NodeKind::kName:
      if (n.name.size() > 1 && n.name[0] == '#') { l.coef[std::stoi(n.name.substr(1))] = 1; return l; }
      l.ok = false;
      return l;
    case NodeKind::kCast: {
      std::string t = n.name;
      for (char& c : t) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (t == "TIMESTAMP") return ToLinear(*n.children[0]);
      // CAST(ts AS LONG/DOUBLE) reads seconds: scale constants by 1e6 in the comparison.
      if (t == "LONG" || t == "BIGINT" || t == "DOUBLE" || t == "INT") return ToLinear(*n.children[0]);
      l.ok = false;
      return l;
    }
    case NodeKind::kInterval: l.constant = n.value.as_int(); return l;
    case NodeKind::kLiteral:
      if (n.value.is_number()) { l.constant = static_cast<int64_t>(n.value.num() * 1e6); return l; }
      l.ok = false;
      return l;
    case NodeKind::kBinary:
      if (n.name == "+" || n.name == "-") {
        Linear a = ToLinear(*n.children[0]), b = ToLinear(*n.children[1]);
        if (!a.ok || !b.ok) { l.ok = false; return l; }
        int s = n.name == "+" ? 1 : -1;
        for (auto [c, k] : b.coef) a.coef[c] += s * k;
        a.constant += s * b.constant;
        return a;
      }
      l.ok = false;
      return l;
    case NodeKind::kAlias: return ToLinear(*n.children[0]);
    default: l.ok = false; return l;
  }
}

void TimeConjuncts(const Node& n, std::vector<std::tuple<const Node*, std::string, const Node*>>* out) {
  if (n.kind == NodeKind::kBinary && n.name == "AND") {
    TimeConjuncts(*n.children[0], out);
    TimeConjuncts(*n.children[1], out);
    return;
  }
  if (n.kind == NodeKind::kBetween && !n.negated) {
    out->emplace_back(n.children[0].get(), ">=", n.children[1].get());
    out->emplace_back(n.children[0].get(), "<=", n.children[2].get());
    return;
  }
  if (n.kind == NodeKind::kBinary && (n.name == "<" || n.name == "<=" || n.name == ">" || n.name == ">="))
    out->emplace_back(n.children[0].get(), n.name, n.children[1].get());
}

}  // namespace

std::optional<Timestamp> JoinStateWatermark(const StreamJoinState& op, int side, Timestamp other_watermark) {
  const PlanNode& n = *op.node;
  auto& join_op = n.as<JoinOp>();
  const int64_t watermark_ms = other_watermark.millis();
  // Keys with the event time: the state is cleaned by key, at the event watermark.
  if (side == 0 ? join_op.left_key_event >= 0 : join_op.right_key_event >= 0) return Timestamp::FromMillis(watermark_ms);
  int my_col = op.event_col[side];
  int other_col = op.event_col[1 - side];
  if (my_col < 0 || other_col < 0 || !join_op.cond_tree) return std::nullopt;
  // Column numbers in the condition: left columns first, then the right ones.
  int nl = static_cast<int>(n.children[0]->out.size());
  int me = side == 0 ? my_col : nl + my_col;
  int them = side == 0 ? nl + other_col : other_col;
  std::vector<std::tuple<const Node*, std::string, const Node*>> conj;
  TimeConjuncts(*join_op.cond_tree, &conj);
  std::optional<int64_t> best;
  for (auto& [a, op, b] : conj) {
    Linear la = ToLinear(*a), lb = ToLinear(*b);
    if (!la.ok || !lb.ok) continue;
    // a op b  =>  (a - b) op 0, as  coef_me * me + coef_them * them + c  op 0
    std::map<int, int> co = la.coef;
    for (auto [c, k] : lb.coef) co[c] -= k;
    int64_t c = la.constant - lb.constant;
    for (auto it2 = co.begin(); it2 != co.end();) it2 = it2->second == 0 ? co.erase(it2) : std::next(it2);
    if (co.size() != 2 || !co.count(me) || !co.count(them) || co[me] != -co[them]) continue;
    // Normalise to: me - them (op') c'
    bool flip = co[me] < 0;
    std::string o = op;
    if (flip) {
      c = -c;
      if (o == "<") o = ">"; else if (o == "<=") o = ">="; else if (o == ">") o = "<"; else if (o == ">=") o = "<=";
    }
    // me - them + c (o) 0  =>  me (o) them - c
    int64_t bound = -c;
    if (o == ">" || o == ">=") {
      // me > them + bound, and future rows of the other side have them > the watermark.
      int64_t w = watermark_ms * 1000 + bound;
      if (o == ">=") w -= 1000;  // Spark subtracts one millisecond for a non-strict bound
      int64_t w_ms = Timestamp::FloorDiv(w, 1000);
      best = best ? std::max(*best, w_ms) : w_ms;
    }
  }
  return WatermarkFromMillis(best);
}

namespace {

// One run of a stream-stream join over a batch: each side's rows are matched against the
// other side's state and stored in their own; then old state is removed.
struct StreamJoinRun {
  const PlanNode& n;
  OperatorContext& cx;
  StreamJoinState& op;
  const JoinType t;
  const bool have_evict;
  std::optional<Timestamp> state_watermark[2];       // the state watermarks that evict
  std::optional<Timestamp> late_state_watermark[2];  // the same at the watermark for late rows
  std::vector<Row> out;

  StreamJoinRun(const PlanNode& node, OperatorContext& c, StreamJoinState& o)
      : n(node), cx(c), op(o), t(node.as<JoinOp>().join_type), have_evict(o.eviction_watermark.has_value()) {
    const Timestamp eviction = NonNegativeWatermark(op.eviction_watermark);
    state_watermark[0] = JoinStateWatermark(op, 0, eviction);
    state_watermark[1] = JoinStateWatermark(op, 1, eviction);
    // SPARK-49829: an input row is left out of the state only when it is behind the
    // watermark for late events; one that this batch's eviction removes is still stored, so
    // the other side's rows of the same batch can match it.
    const Timestamp late = NonNegativeWatermark(op.late_watermark);
    late_state_watermark[0] = JoinStateWatermark(op, 0, late);
    late_state_watermark[1] = JoinStateWatermark(op, 1, late);
  }

  int KeyEvent(int side) const { return side == 0 ? n.as<JoinOp>().left_key_event : n.as<JoinOp>().right_key_event; }
  int SideEvent(int side) const { return op.event_col[side]; }

  // Would a row be removed from state (the state watermark predicates, at `limits`)?
  bool Below(const std::optional<Timestamp>* limits, int side, const Value& key, const Row& row) const {
    if (!have_evict || !limits[side]) return false;
    if (KeyEvent(side) >= 0) return IsLate(EventTimeOf(key[static_cast<size_t>(KeyEvent(side))]), limits[side]);
    if (SideEvent(side) >= 0) return IsLate(EventTimeOf(row[static_cast<size_t>(SideEvent(side))]), limits[side]);
    return false;
  }

  // Whether an outer join preserves `side`, and that side's row padded with nulls.
  bool Preserved(int side) const {
    return t == JoinType::kFullOuter || (side == 0 ? t == JoinType::kLeftOuter : t == JoinType::kRightOuter);
  }
  Row Padded(int side, const Row& row) const {
    return PickJoinColumns(n, side == 0 ? JoinedRow(n, &row, nullptr) : JoinedRow(n, nullptr, &row));
  }

  bool PassesSideFilters(int side, const Row& row) {
    auto& join_op = n.as<JoinOp>();
    cx.env.Bind(row);
    for (const auto& f : side == 0 ? join_op.left_filters : join_op.right_filters)
      if (!expr::IsTrue(cx.env.Eval(f, cx.now()))) return false;
    return true;
  }

  // Matches `row` of `side` against the other side's state entries [row, matched] of `key`;
  // returns whether any matched.
  bool Match(int side, const Row& row, const Value& key) {
    StateMap& theirs = op.sides[1 - side];
    auto it = theirs.find(key);
    if (it == theirs.end()) return false;
    bool matched = false;
    std::vector<Value> entries(it->second.items().begin(), it->second.items().end());
    bool changed = false;
    for (Value& e : entries) {
      Row other(e[0].items().begin(), e[0].items().end());
      Row both = side == 0 ? JoinedRow(n, &row, &other) : JoinedRow(n, &other, &row);
      if (!JoinConditionHolds(n, cx, both)) continue;
      matched = true;
      if (t == JoinType::kLeftSemi) {
        // Left semi: a left row is output once, on its first match.
        if (side == 1 && !e[1].as_bool()) out.push_back(PickJoinColumns(n, JoinedRow(n, &other, nullptr)));
      } else {
        out.push_back(PickJoinColumns(n, both));
      }
      if (!e[1].as_bool()) { e = Value::Array({e[0], Value::Bool(true)}); changed = true; }
    }
    if (changed) it->second = Value::Array(std::move(entries));
    return matched;
  }

  void Store(int side, const Value& key, const Row& row, bool matched) {
    StateMap& mine = op.sides[side];
    Value entry = Value::Array({Value::Array(Row(row)), Value::Bool(matched)});
    auto mit = mine.find(key);
    if (mit == mine.end()) {
      mine.emplace(key, Value::Array({entry}));
    } else {
      std::vector<Value> entries(mit->second.items().begin(), mit->second.items().end());
      entries.push_back(entry);
      mit->second = Value::Array(std::move(entries));
    }
    ++op.metrics.updated;
  }

  void Process(int side, std::vector<Row>& rows) {
    auto& join_op = n.as<JoinOp>();
    const auto& keys = side == 0 ? join_op.left_keys : join_op.right_keys;
    for (Row& row : rows) {
      if (SideEvent(side) >= 0 &&
          IsLate(EventTimeOf(row[static_cast<size_t>(SideEvent(side))]), op.late_watermark)) {
        ++op.metrics.dropped;
        continue;
      }
      if (!PassesSideFilters(side, row)) {
        // A row that fails its own side's condition can never match: an outer join outputs
        // it at once with nulls, and no join keeps it in state.
        if (Preserved(side)) out.push_back(Padded(side, row));
        continue;
      }
      Value key = JoinKey(cx, keys, row);
      bool null_key = HasNullKey(key);
      bool matched = !null_key && Match(side, row, key);
      if (t == JoinType::kLeftSemi && side == 0 && matched) out.push_back(PickJoinColumns(n, JoinedRow(n, &row, nullptr)));
      bool left_semi_matched = t == JoinType::kLeftSemi && side == 0 && matched;
      if (!null_key && !Below(late_state_watermark, side, key, row) && !left_semi_matched) {
        Store(side, key, row, matched);
      } else if (!left_semi_matched && !matched) {
        // Not kept: an outer join still owes the row its null-padded output.
        if (Preserved(side)) out.push_back(Padded(side, row));
      }
    }
  }

  // Removes old state; outer joins emit the rows that never matched.
  void Evict() {
    for (int side = 0; side < 2; ++side) {
      if (!state_watermark[side]) continue;
      bool owes = Preserved(side);
      StateMap& mine = op.sides[side];
      for (auto it = mine.begin(); it != mine.end();) {
        std::vector<Value> keep;
        for (const Value& e : it->second.items()) {
          Row row(e[0].items().begin(), e[0].items().end());
          if (Below(state_watermark, side, it->first, row)) {
            ++op.metrics.removed;
            if (owes && !e[1].as_bool()) out.push_back(Padded(side, row));
          } else {
            keep.push_back(e);
          }
        }
        if (keep.empty()) it = mine.erase(it);
        else { it->second = Value::Array(std::move(keep)); ++it; }
      }
    }
  }
};

}  // namespace

std::vector<Row> ExecuteStreamStreamJoin(const PlanNode& n, OperatorContext& cx, StreamJoinState& op,
                                         std::vector<Row> l, std::vector<Row> r) {
  StreamJoinRun run(n, cx, op);
  run.Process(0, l);
  run.Process(1, r);
  if (run.have_evict) run.Evict();
  int64_t total = 0;
  for (int side = 0; side < 2; ++side)
    for (const auto& [k, v] : op.sides[side]) total += static_cast<int64_t>(v.size());
  op.metrics.total = total;
  return std::move(run.out);
}

}  // namespace tideline::structured
