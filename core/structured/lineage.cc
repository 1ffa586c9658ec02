// LineageCapture: the rows each plan node gave in each batch, and the walk from an output
// row down to the source rows that made it (lineage.h).

#include "core/structured/lineage.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/structured/operators.h"

namespace tideline::structured {

namespace {

using RowSet = std::set<Value, ValueLess>;

RowSet ToSet(const std::vector<Row>& rows) {
  RowSet s;
  for (const Row& r : rows) s.insert(Value::Array(r));
  return s;
}

bool In(const RowSet& s, const Row& r) { return s.count(Value::Array(r)) > 0; }

// Rows asked about, with how many times each.
using RowCounts = std::map<Value, int, ValueLess>;
RowCounts Count(const std::vector<Row>& rows) {
  RowCounts c;
  for (const Row& r : rows) ++c[Value::Array(r)];
  return c;
}
// Takes one of `r` from the rows asked about; false when none is left.
bool Take(RowCounts* c, const Row& r) {
  auto it = c->find(Value::Array(r));
  if (it == c->end() || it->second == 0) return false;
  --it->second;
  return true;
}

Row Prefix(const Row& r, size_t n) { return Row(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(std::min(n, r.size()))); }

}  // namespace

void LineageCapture::Install(QueryOptions& opts) {
  opts_ = opts;
  opts.on_node_output = [this](const PlanNode& n, const BatchContext& ctx, const std::vector<Row>& rows,
                               std::optional<Timestamp> late) { Capture(n, ctx, rows, late); };
}

void LineageCapture::Capture(const PlanNode& n, const BatchContext& ctx, const std::vector<Row>& rows,
                             std::optional<Timestamp> late_watermark) {
  BatchRows& b = rows_[&n][ctx.batch_id];  // a batch run again after a restart replaces the first run
  b.now = ctx.now;
  b.watermark = ctx.watermark;
  b.rows = rows;
  b.late_watermark = late_watermark;
  root_ = &n;  // children report before their parent: the last one of a batch is the root
}

Result<std::vector<Row>> LineageCapture::OutputRows(int64_t batch) const {
  if (!root_) return Status::InvalidArgument("the query ran no batch");
  auto it = rows_.find(root_);
  auto b = it->second.find(batch);
  if (b == it->second.end()) return Status::InvalidArgument(fmt::format("the query ran no batch {}", batch));
  return b->second.rows;
}

// One walk from an output row down the plan.
struct LineageCapture::Walk {
  const LineageCapture& cap;
  RowLineage* out;
  BatchContext batch;
  OperatorContext cx{cap.opts_};
  std::set<const PlanNode*> visited;

  Walk(const LineageCapture& c, RowLineage* o) : cap(c), out(o) { cx.batch = &batch; }

  // The rows `n` gave in batch `b` (none when it did not run then), with the batch's time
  // set for evaluation.
  const std::vector<Row>& RowsAt(const PlanNode& n, int64_t b) {
    static const std::vector<Row> kNone;
    auto it = cap.rows_.find(&n);
    if (it == cap.rows_.end()) return kNone;
    auto r = it->second.find(b);
    if (r == it->second.end()) return kNone;
    batch.batch_id = b;
    batch.now = r->second.now;
    batch.watermark = r->second.watermark;
    return r->second.rows;
  }
  // The batches `n` ran in, up to `b`: all of them for a node that keeps state across
  // batches (`across`), else `b` alone.
  std::vector<int64_t> BatchesUpTo(const PlanNode& n, int64_t b, bool across) const {
    std::vector<int64_t> out_batches;
    auto it = cap.rows_.find(&n);
    if (it == cap.rows_.end()) return out_batches;
    for (const auto& [id, rows] : it->second)
      if (id == b || (across && id < b)) out_batches.push_back(id);
    return out_batches;
  }
  std::optional<Timestamp> LateWatermark(const PlanNode& n, int64_t b) const {
    auto it = cap.rows_.find(&n);
    if (it == cap.rows_.end()) return std::nullopt;
    auto r = it->second.find(b);
    return r == it->second.end() ? std::nullopt : r->second.late_watermark;
  }

  void Back(const PlanNode& n, int64_t b, const std::vector<Row>& targets, const std::string& role);
  void BackSame(const PlanNode& n, int64_t b, const std::vector<Row>& targets, const std::string& role);
  void BackProject(const PlanNode& n, int64_t b, const std::vector<Row>& targets, const std::string& role);
  void BackAggregate(const PlanNode& n, int64_t b, const Row& target, const std::string& role);
  void BackJoin(const PlanNode& n, int64_t b, const std::vector<Row>& targets, const std::string& role);
  void BackGroupState(const PlanNode& n, int64_t b, const Row& target, const std::string& role);
  // Whether child row `r` of aggregation `n` belongs to the group `key`; `event_us` gets
  // the event time its lateness is judged by.
  bool InGroup(const PlanNode& n, const Row& r, const Row& key, std::optional<int64_t>* event_us);
  void History(const PlanNode& n, const Row& key, const std::map<int64_t, std::vector<Row>>& counted);
};

void LineageCapture::Walk::Back(const PlanNode& n, int64_t b, const std::vector<Row>& targets, const std::string& role) {
  if (targets.empty()) return;
  if (visited.insert(&n).second) out->path.push_back(n.describe);
  switch (n.kind()) {
    case OpKind::kSource:
      for (const Row& r : targets) out->inputs.push_back({n.as<SourceOp>().name, b, r, role});
      return;
    case OpKind::kProject: return BackProject(n, b, targets, role);
    case OpKind::kAggregate:
      for (const Row& t : targets) BackAggregate(n, b, t, role);
      return;
    case OpKind::kJoin: return BackJoin(n, b, targets, role);
    case OpKind::kGroupState:
      for (const Row& t : targets) BackGroupState(n, b, t, role);
      return;
    default: return BackSame(n, b, targets, role);
  }
}

// Filters, watermarks, sorts, limits, deduplication and unions pass rows on unchanged: each
// row asked about is the first equal input row not taken yet (deduplication passes the
// first row of a key on and drops the others).
void LineageCapture::Walk::BackSame(const PlanNode& n, int64_t b, const std::vector<Row>& targets, const std::string& role) {
  RowCounts want = Count(targets);
  for (const PlanPtr& child : n.children) {
    std::vector<Row> picked;
    for (const Row& r : RowsAt(*child, b))
      if (Take(&want, r)) picked.push_back(r);
    Back(*child, b, picked, role);
  }
}

void LineageCapture::Walk::BackProject(const PlanNode& n, int64_t b, const std::vector<Row>& targets, const std::string& role) {
  RowCounts want = Count(targets);
  const PlanNode& child = *n.children[0];
  std::vector<Row> picked;
  for (const Row& r : RowsAt(child, b)) {
    bool made_one = false;
    for (const Row& m : ExecuteProject(n, cx, {r})) made_one = Take(&want, m) || made_one;
    if (made_one) picked.push_back(r);
  }
  Back(child, b, picked, role);
}

bool LineageCapture::Walk::InGroup(const PlanNode& n, const Row& r, const Row& key, std::optional<int64_t>* event_us) {
  const auto& agg = n.as<AggregateOp>();
  const int nk = agg.num_key_cols;
  event_us->reset();
  for (int i = 0; i < nk; ++i)
    if (n.out[static_cast<size_t>(i)].event_time && i != agg.window_index) *event_us = EventTimeOf(key[static_cast<size_t>(i)]);
  if (agg.window_index >= 0 && agg.window.session) {
    cx.env.Bind(r);
    for (int i = 0; i < nk; ++i) {
      if (i == agg.window_index) continue;
      if (!(cx.env.Eval(agg.keys[static_cast<size_t>(i)], cx.now()) == key[static_cast<size_t>(i)])) return false;
    }
    Value t = cx.env.Eval(agg.window.time, cx.now());
    const Value& w = key[static_cast<size_t>(agg.window_index)];
    if (t.type() != ValueType::kTimestamp || w.type() != ValueType::kStruct || w.size() != 2) return false;
    *event_us = t.as_ts().micros() + agg.window.static_gap.micros();  // the row's own session ends there
    return t.as_ts() >= w[0].as_ts() && t.as_ts() < w[1].as_ts();
  }
  StateMap groups = PartialAggregate(n, cx, {r});
  if (groups.count(Value::Array(key)) == 0) return false;
  if (agg.window_index >= 0) *event_us = EventTimeOf(key[static_cast<size_t>(agg.window_index)]);
  return true;
}

void LineageCapture::Walk::BackAggregate(const PlanNode& n, int64_t b, const Row& target, const std::string& role) {
  const auto& agg = n.as<AggregateOp>();
  const PlanNode& child = *n.children[0];
  Row key = Prefix(target, static_cast<size_t>(agg.num_key_cols));
  out->has_key = true;
  out->key = key;
  std::map<int64_t, std::vector<Row>> counted;
  for (int64_t id : BatchesUpTo(child, b, n.streaming)) {
    std::vector<Row> in_group, late;
    const std::optional<Timestamp> late_wm = n.streaming ? LateWatermark(n, id) : std::nullopt;
    for (const Row& r : RowsAt(child, id)) {
      std::optional<int64_t> event_us;
      if (!InGroup(n, r, key, &event_us)) continue;
      (IsLate(event_us, late_wm) ? late : in_group).push_back(r);
    }
    if (!in_group.empty()) counted[id] = in_group;
    Back(child, id, in_group, role);
    Back(child, id, late, "late");
  }
  if (!(agg.window_index >= 0 && agg.window.session)) History(n, key, counted);
}

// The group's value after each batch that brought it rows.
void LineageCapture::Walk::History(const PlanNode& n, const Row& key, const std::map<int64_t, std::vector<Row>>& counted) {
  std::vector<Row> so_far;
  for (const auto& [id, rows] : counted) {
    so_far.insert(so_far.end(), rows.begin(), rows.end());
    RowsAt(*n.children[0], id);  // the batch's time
    StateMap groups = PartialAggregate(n, cx, so_far);
    auto g = groups.find(Value::Array(key));
    if (g == groups.end()) continue;
    out->history.push_back({id, FinishAggregate(n, cx, key, g->second)});
  }
}

void LineageCapture::Walk::BackJoin(const PlanNode& n, int64_t b, const std::vector<Row>& targets, const std::string& role) {
  const auto& join = n.as<JoinOp>();
  RowSet want = ToSet(targets);
  struct Side {
    std::vector<std::pair<int64_t, Row>> rows;
    std::set<size_t> picked;
  } sides[2];
  for (int s = 0; s < 2; ++s) {
    const PlanNode& child = *n.children[static_cast<size_t>(s)];
    for (int64_t id : BatchesUpTo(child, b, n.stateful() && child.streaming))
      for (const Row& r : RowsAt(child, id)) sides[s].rows.emplace_back(id, r);
  }
  RowsAt(n, b);  // the batch's time for the condition
  std::map<Value, std::vector<size_t>, ValueLess> right_by_key;
  for (size_t j = 0; j < sides[1].rows.size(); ++j)
    right_by_key[JoinKey(cx, join.right_keys, sides[1].rows[j].second)].push_back(j);
  for (size_t i = 0; i < sides[0].rows.size(); ++i) {
    const Row& l = sides[0].rows[i].second;
    Value k = JoinKey(cx, join.left_keys, l);
    bool matched = false;
    auto it = HasNullKey(k) ? right_by_key.end() : right_by_key.find(k);
    if (it != right_by_key.end()) {
      for (size_t j : it->second) {
        Row both = JoinedRow(n, &l, &sides[1].rows[j].second);
        if (!JoinConditionHolds(n, cx, both) || !In(want, PickJoinColumns(n, both))) continue;
        sides[0].picked.insert(i);
        sides[1].picked.insert(j);
        matched = true;
      }
    }
    if (!matched && join.join_type != JoinType::kInner && join.join_type != JoinType::kRightOuter &&
        In(want, PickJoinColumns(n, JoinedRow(n, &l, nullptr))))
      sides[0].picked.insert(i);
  }
  if (join.join_type == JoinType::kRightOuter || join.join_type == JoinType::kFullOuter)
    for (size_t j = 0; j < sides[1].rows.size(); ++j)
      if (sides[1].picked.count(j) == 0 && In(want, PickJoinColumns(n, JoinedRow(n, nullptr, &sides[1].rows[j].second))))
        sides[1].picked.insert(j);
  for (int s = 0; s < 2; ++s) {
    std::map<int64_t, std::vector<Row>> by_batch;
    for (size_t i : sides[s].picked) by_batch[sides[s].rows[i].first].push_back(sides[s].rows[i].second);
    const std::string side_role = role == "late" ? role : (s == 0 ? "left" : "right");
    for (const auto& [id, rows] : by_batch) Back(*n.children[static_cast<size_t>(s)], id, rows, side_role);
  }
}

void LineageCapture::Walk::BackGroupState(const PlanNode& n, int64_t b, const Row& target, const std::string& role) {
  const GroupStateSpec& spec = *n.as<GroupStateOp>().spec;
  const PlanNode& child = *n.children[0];
  auto key_of = [&](const Row& r) {
    Row k;
    for (int c : spec.key_cols) k.push_back(r[static_cast<size_t>(c)]);
    return k;
  };
  // The key: the output's columns named as the key's; or the one key of this batch and the
  // earlier ones whose values all are in the row (an emitted row usually carries its key);
  // or the only key of this batch.
  std::optional<Row> key;
  Row named;
  for (int c : spec.key_cols) {
    const std::string& name = child.out[static_cast<size_t>(c)].name;
    auto it = std::find_if(n.out.begin(), n.out.end(), [&](const Column& col) { return col.name == name; });
    if (it == n.out.end()) break;
    named.push_back(target[static_cast<size_t>(it - n.out.begin())]);
  }
  if (named.size() == spec.key_cols.size() && !named.empty()) key = named;
  auto contained = [&](const Row& k) {
    return std::all_of(k.begin(), k.end(), [&](const Value& v) { return std::find(target.begin(), target.end(), v) != target.end(); });
  };
  RowSet in_row, in_batch;
  for (int64_t id : BatchesUpTo(child, b, true))
    for (const Row& r : RowsAt(child, id)) {
      Row k = key_of(r);
      if (contained(k)) in_row.insert(Value::Array(k));
      if (id == b) in_batch.insert(Value::Array(k));
    }
  const RowSet& only = in_row.size() == 1 ? in_row : in_batch;
  if (!key && only.size() == 1) key = Row(only.begin()->items().begin(), only.begin()->items().end());
  if (key) {
    out->has_key = true;
    out->key = *key;
  }
  for (int64_t id : BatchesUpTo(child, b, true)) {
    std::vector<Row> picked;
    for (const Row& r : RowsAt(child, id))
      if (key ? key_of(r) == *key : id == b) picked.push_back(r);
    Back(child, id, picked, role);
  }
}

Result<RowLineage> LineageCapture::Explain(int64_t batch, size_t row) const {
  TL_ASSIGN_OR_RETURN(std::vector<Row> rows, OutputRows(batch));
  if (row >= rows.size())
    return Status::InvalidArgument(fmt::format("batch {} has {} output rows; there is no row {}", batch, rows.size(), row + 1));
  RowLineage lineage;
  lineage.row = rows[row];
  Walk walk(*this, &lineage);
  walk.Back(*root_, batch, {rows[row]}, "");
  std::stable_sort(lineage.inputs.begin(), lineage.inputs.end(),
                   [](const LineageInput& a, const LineageInput& b) { return a.batch < b.batch; });
  return lineage;
}

}  // namespace tideline::structured
