#pragma once
// The logical plan of a Structured Streaming query: a tree of PlanNodes, each
// with its output columns, built by the DataFrame API (dataframe.h) and run by
// the micro-batch executor (query.h). Nodes are immutable once built and shared
// between DataFrames (a DataFrame is a handle on its top node), as Spark's
// logical plans are. Each node holds what every node has (children, output columns)
// and a payload of its kind (SourceOp, ProjectOp, ..., GroupStateOp); the physical
// operators read their node's payload and keep their mutable data apart, in an
// OperatorState or a state of their own (operator_state.h, operators.h).
//
// Expressions inside a node are compiled against the node's input columns:
// each column is bound to a parameter "#i" of the expression scope (after the
// names were resolved with Spark's rules, qualifiers and case-insensitivity
// included), so evaluating an expression on a row copies nothing.

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "core/common/status.h"
#include "core/expr/expr.h"
#include "core/time/time.h"
#include "core/value/sql_type.h"
#include "core/value/value.h"

namespace tideline::structured {

using Row = std::vector<Value>;

// One output column of a plan node.
struct Column {
  std::string name;
  std::string qualifier;  // set by alias (Dataset.as) and kept through plain references
  SqlType type;           // INT, BIGINT, DOUBLE, STRING, BOOLEAN, TIMESTAMP, ARRAY<...>,
                          // STRUCT<start:TIMESTAMP,end:TIMESTAMP>, ...; kUnknown when unknown (types.h)
  bool nullable = true;
  // Event-time metadata (Spark's EventTimeWatermark.delayKey): set by withWatermark and kept
  // by plain references, window() and session_window() over the column.
  bool event_time = false;
  Duration delay;
};
using Columns = std::vector<Column>;

// The kinds of node, in the order of PlanNode::Payload's alternatives.
enum class OpKind {
  kSource,      // a streaming or static input
  kProject,     // select / withColumn / drop / rename; may hold one generator (explode)
  kFilter,      // where
  kWatermark,   // withWatermark: marks the column, collects event-time statistics
  kAggregate,   // groupBy(...).agg(...), with time or session windows
  kDedup,       // dropDuplicates / dropDuplicatesWithinWatermark
  kJoin,        // stream-static or stream-stream join
  kUnion,
  kSort,        // orderBy
  kLimit,
  kGroupState,  // (flat)MapGroupsWithState
};
const char* OpKindName(OpKind k);

enum class JoinType { kInner, kLeftOuter, kRightOuter, kFullOuter, kLeftSemi, kLeftAnti };
const char* JoinTypeSparkName(JoinType t);  // Inner, LeftOuter, ...

enum class OutputMode { kAppend, kUpdate, kComplete };
const char* OutputModeName(OutputMode m);  // append, update, complete

// An aggregate function inside agg(...): count, sum, avg, min, max, first, last,
// collect_list, collect_set.
struct AggFunc {
  std::string fn;
  bool star = false;      // count(*)
  bool distinct = false;  // count(DISTINCT x): rejected in streaming queries
  expr::CompiledExpr arg; // over the aggregate's input columns
  SqlType arg_type;
};

// A time window used as a grouping key: window(time, size, slide, start) or session_window(time, gap).
struct WindowKey {
  bool session = false;
  int time_col = -1;            // input column of the event time, when the time is a column
  expr::CompiledExpr time;      // the time expression
  Duration size, slide, start;  // time windows
  expr::CompiledExpr gap;       // session windows: a duration per row (a string or interval)
  Duration static_gap;          // when the gap is a literal
  bool gap_is_static = true;
};

// The declarative state function of (flat)MapGroupsWithState (spec section 4).
struct GroupStateSpec {
  bool flat = true;
  OutputMode op_mode = OutputMode::kUpdate;  // the operator's own mode
  enum class Timeout { kNone, kProcessingTime, kEventTime } timeout = Timeout::kNone;
  std::vector<int> key_cols;  // input columns of the grouping key
  // Every expression below is compiled against the scope of StateScopeNames(): the
  // key columns by name, key, rows, state, hasTimedOut, watermark, now, the let names,
  // newState.
  std::vector<std::pair<std::string, expr::CompiledExpr>> let;
  std::optional<expr::CompiledExpr> update, remove, emit_all, set_timeout;
  std::vector<expr::CompiledExpr> emit;
  std::vector<std::string> scope;  // the names, in slot order
  const StructType* row_type = nullptr;  // input rows as structs
  const StructType* key_type = nullptr;
};

struct PlanNode;
using PlanPtr = std::shared_ptr<const PlanNode>;

// ---- The payload of each kind of node, in the order of OpKind.

// A streaming or static input, by the name of its source.
struct SourceOp {
  std::string name;
};

// select / withColumn / drop / rename: one expression per output column, over the child's
// columns; `generator` is the index of an explode(...) among them, or -1.
struct ProjectOp {
  std::vector<expr::CompiledExpr> exprs;
  std::vector<std::shared_ptr<const expr::Node>> expr_trees;  // resolved trees; null for the generator
  std::vector<expr::CompiledExpr> not_null;  // rows where one of these is null are dropped (window() times)
  int generator = -1;
};

// where: the condition and its resolved tree (column references as #i).
struct FilterOp {
  expr::CompiledExpr cond;
  std::shared_ptr<const expr::Node> cond_tree;
};

// withWatermark: the event-time column and the delay.
struct WatermarkOp {
  int event_time_col = -1;
  Duration delay;
};

// groupBy(...).agg(...): key expressions (plain ones; the window key, if any, at
// `window_index`), aggregate functions, and result expressions over keys ++ aggregate values.
struct AggregateOp {
  std::vector<expr::CompiledExpr> keys;
  int window_index = -1;
  WindowKey window;
  std::vector<AggFunc> aggs;
  std::vector<expr::CompiledExpr> results;
  int num_key_cols = 0;
};

// dropDuplicates / dropDuplicatesWithinWatermark: the key columns (indices into the
// child's columns).
struct DedupOp {
  std::vector<int> key_cols;
  bool within_watermark = false;
};

// A stream-static or stream-stream join.
struct JoinOp {
  JoinType join_type = JoinType::kInner;
  // The whole condition, over left ++ right columns, and its resolved tree.
  std::optional<expr::CompiledExpr> cond;
  std::shared_ptr<const expr::Node> cond_tree;
  // Equi-join keys (Spark's ExtractEquiJoinKeys), compiled against each side's columns.
  std::vector<expr::CompiledExpr> left_keys, right_keys;
  // The output columns as picks from the joined row (left ++ right): an index, or for a
  // using-join's full outer key, -(1 + i) to coalesce left key column i with the right one.
  std::vector<int> pick;
  std::vector<std::pair<int, int>> using_cols;  // left, right column of each using key
  bool using_join = false;
  // The conjuncts of the condition that read only one side (Spark's
  // JoinConditionSplitPredicates).
  std::vector<expr::CompiledExpr> left_filters, right_filters;
  // The equi-join key (index into left_keys/right_keys) that carries each side's event time, or -1.
  int left_key_event = -1, right_key_event = -1;
};

struct UnionOp {};

// orderBy.
struct SortOp {
  std::vector<expr::CompiledExpr> keys;
  std::vector<bool> ascending;
};

struct LimitOp {
  int64_t limit = 0;
};

// (flat)MapGroupsWithState.
struct GroupStateOp {
  std::shared_ptr<GroupStateSpec> spec;
};

// A node of the logical plan: what every node has (children, output columns, whether it
// is streaming, its line of explain()) and the payload of its kind.
struct PlanNode {
  using Payload = std::variant<SourceOp, ProjectOp, FilterOp, WatermarkOp, AggregateOp, DedupOp, JoinOp, UnionOp,
                               SortOp, LimitOp, GroupStateOp>;

  std::vector<PlanPtr> children;
  Columns out;
  bool streaming = false;
  std::string describe;  // one line for explain()
  Payload payload;

  OpKind kind() const { return static_cast<OpKind>(payload.index()); }
  bool stateful() const;

  // The payload of kind Op. REQUIRES: kind() is Op's kind.
  template <class Op>
  const Op& as() const { return std::get<Op>(payload); }
  template <class Op>
  Op& as() { return std::get<Op>(payload); }
};

// Resolves `text` against columns and compiles it. Names outside the columns may be
// given in `extra` (they follow the columns in the scope). `node_out` (optional)
// receives the resolved tree.
struct ResolvedExpr {
  expr::CompiledExpr compiled;
  expr::NodePtr tree;       // with column references rewritten to #i
  std::string name;         // the output name (alias or automatic)
  SqlType type;             // inferred type, or kUnknown
  int column = -1;          // a plain reference to this input column, or -1
};
Result<ResolvedExpr> ResolveExpr(const expr::Node& n, std::string_view text, const Columns& cols,
                                 const std::vector<std::string>& extra, const expr::ExprSource& src);
Result<ResolvedExpr> ResolveText(std::string_view text, const Columns& cols,
                                 const std::vector<std::string>& extra = {}, const expr::ExprSource& src = {});

// A row's cells as expression parameters; reused across rows to avoid allocations.
class RowEnv {
 public:
  RowEnv() = default;
  void Bind(const Row& row, size_t extra = 0);
  void SetExtra(size_t i, const Value* v) { params_[base_ + i] = v; }
  Value Eval(const expr::CompiledExpr& e, Timestamp now = Timestamp());
  Value EvalOn(const expr::CompiledExpr& e, const Row& row, Timestamp now = Timestamp()) {
    Bind(row);
    return Eval(e, now);
  }

 private:
  std::vector<const Value*> params_;
  std::vector<Value> slots_;
  size_t base_ = 0;
};

// Resolved trees name column i of their input "#i".
std::string ColName(int i);
bool IsColRef(const expr::Node& n, int* col);
std::shared_ptr<const expr::Node> RefTree(int col);
const expr::Node& Unalias(const expr::Node& n);
void CollectCols(const expr::Node& n, std::set<int>* out);
void Conjuncts(const expr::Node& n, std::vector<const expr::Node*>* out);

// Spark's predicate pushdown (PushPredicateThroughNonJoin, PushPredicateThroughJoin) where
// it changes what a streaming query computes or reports: a filter moved below an
// EventTimeWatermark keeps its rows out of the event-time statistics, and one moved into a
// join's side keeps them out of the join's state. Returns, for each node that a filter or a
// one-sided join condition moves down to, the predicates over that node's output columns
// (the original filter still runs where it was; filters are deterministic, so running one
// twice changes nothing).
std::vector<std::pair<const PlanNode*, std::vector<expr::CompiledExpr>>> PushedDownFilters(const PlanNode& root);

// How a streaming input's rows get their event time: the expression of the watermark
// column over the input's own columns, and the filters a row must pass on its way there
// (for the trace and the Studio: each record's event time at its arrival). Only inputs
// whose path to a withWatermark is made of projections and filters are listed.
struct SourceEventTime {
  std::string source;
  expr::CompiledExpr time;
  std::vector<expr::CompiledExpr> filters;
  Duration delay;
};
std::vector<SourceEventTime> EventTimeBySource(const PlanNode& root);

// explain(): the plan as indented lines, top first.
std::string ExplainPlan(const PlanNode& root);

}  // namespace tideline::structured
