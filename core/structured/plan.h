#pragma once
// The logical plan of a Structured Streaming query: a tree of PlanNodes, each
// with its output columns, built by the DataFrame API (dataframe.h) and run by
// the micro-batch executor (query.h). Nodes are immutable once built and shared
// between DataFrames (a DataFrame is a handle on its top node), as Spark's
// logical plans are.
//
// Expressions inside a node are compiled against the node's input columns:
// each column is bound to a parameter "#i" of the expression scope (after the
// names were resolved with Spark's rules, qualifiers and case-insensitivity
// included), so evaluating an expression on a row copies nothing.

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/expr/expr.h"
#include "core/time/time.h"
#include "core/value/value.h"

namespace tideline::structured {

using Row = std::vector<Value>;

// One output column of a plan node.
struct Column {
  std::string name;
  std::string qualifier;  // set by alias (Dataset.as) and kept through plain references
  std::string type;       // Spark SQL type name: INT, BIGINT, DOUBLE, STRING, BOOLEAN, TIMESTAMP,
                          // STRUCT<start:TIMESTAMP,end:TIMESTAMP>, ARRAY<...>; empty when unknown
  bool nullable = true;
  // Event-time metadata (Spark's EventTimeWatermark.delayKey): set by withWatermark and kept
  // by plain references, window() and session_window() over the column.
  bool event_time = false;
  Duration delay;
};
using Columns = std::vector<Column>;

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
  std::string arg_type;
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

struct PlanNode {
  OpKind kind = OpKind::kSource;
  std::vector<PlanPtr> children;
  Columns out;
  bool streaming = false;
  std::string describe;  // one line for explain()

  // kSource
  std::string source;
  // kProject: one expression per output column, over the child's columns; `generator` is
  // the index of an explode(...) among them, or -1.
  std::vector<expr::CompiledExpr> exprs;
  std::vector<std::shared_ptr<const expr::Node>> expr_trees;  // resolved trees; null for the generator
  std::vector<expr::CompiledExpr> not_null;  // rows where one of these is null are dropped (window() times)
  int generator = -1;
  // kFilter, kJoin (the whole condition, over left ++ right columns)
  std::optional<expr::CompiledExpr> cond;
  // kWatermark
  int event_time_col = -1;
  Duration delay;
  // kAggregate: key expressions (plain ones; the window key, if any, at `window_index`),
  // aggregate functions, and result expressions over keys ++ aggregate values.
  std::vector<expr::CompiledExpr> keys;
  int window_index = -1;
  WindowKey window;
  std::vector<AggFunc> aggs;
  std::vector<expr::CompiledExpr> results;
  int num_key_cols = 0;
  // kDedup: the key columns (indices into the child's columns)
  std::vector<int> dedup_cols;
  bool within_watermark = false;
  // kJoin
  JoinType join_type = JoinType::kInner;
  // Equi-join keys (Spark's ExtractEquiJoinKeys), compiled against each side's columns.
  std::vector<expr::CompiledExpr> left_keys, right_keys;
  // The output columns as picks from the joined row (left ++ right): an index, or for a
  // using-join's full outer key, -(1 + i) to coalesce left key column i with the right one.
  std::vector<int> pick;
  std::vector<std::pair<int, int>> using_cols;  // left, right column of each using key
  bool using_join = false;
  // kFilter, kJoin: the resolved condition (column references as #i; over left ++ right
  // for a join). A join's conjuncts that read only one side follow (Spark's
  // JoinConditionSplitPredicates).
  std::shared_ptr<const expr::Node> cond_tree;
  std::vector<expr::CompiledExpr> left_filters, right_filters;
  // The equi-join key (index into left_keys/right_keys) that carries each side's event time, or -1.
  int left_key_event = -1, right_key_event = -1;
  // kSort
  std::vector<expr::CompiledExpr> sort_keys;
  std::vector<bool> ascending;
  // kLimit
  int64_t limit = 0;
  // kGroupState
  std::shared_ptr<GroupStateSpec> group_state;

  bool stateful() const;
};

// Resolves `text` against columns and compiles it. Names outside the columns may be
// given in `extra` (they follow the columns in the scope). `node_out` (optional)
// receives the resolved tree.
struct ResolvedExpr {
  expr::CompiledExpr compiled;
  expr::NodePtr tree;       // with column references rewritten to #i
  std::string name;         // the output name (alias or automatic)
  std::string type;         // inferred type, or empty
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
