#pragma once
// DataFrame: the C++ builder of Structured Streaming queries, with Spark's names
// (selectExpr, where, withColumn, withWatermark, groupBy(...).agg(...),
// dropDuplicates, join, union, orderBy, limit, flatMapGroupsWithState). Each call
// returns a new DataFrame over a new plan node; columns are resolved and types
// inferred as the call is made, as Spark's analyzer does. An analysis error is
// kept in the DataFrame (Spark would throw it from the call) and every later call
// passes it on; StreamingQuery refuses to start a DataFrame with an error, and a
// scenario reports it at the step that starts the query.
//
// Expression texts take an optional ExprSource so that a syntax error names the
// file, line and column of the offending token.

#include <memory>
#include <string>
#include <vector>

#include "core/structured/plan.h"
#include "core/value/schema.h"

namespace tideline::structured {

class GroupedData;

// The declarative state function of (flat)MapGroupsWithState, as texts.
struct GroupStateDef {
  bool flat = true;
  std::vector<std::string> group_by;
  std::string output_mode = "update";  // flatMapGroupsWithState's own mode
  std::string timeout = "none";        // none | processingTime | eventTime
  std::vector<std::pair<std::string, std::string>> let;
  std::string update, remove, emit_all, set_timeout;  // empty: absent
  std::vector<std::string> emit;
};

class DataFrame {
 public:
  DataFrame() = default;
  // A streaming input (readStream) or a static table.
  static DataFrame Source(const std::string& name, const Schema& schema, bool streaming);

  DataFrame SelectExpr(const std::vector<std::string>& exprs, const std::vector<expr::ExprSource>& srcs = {}) const;
  DataFrame Where(const std::string& cond, const expr::ExprSource& src = {}) const;
  DataFrame WithColumn(const std::string& name, const std::string& expr, const expr::ExprSource& src = {}) const;
  DataFrame WithColumnRenamed(const std::string& from, const std::string& to) const;
  DataFrame Drop(const std::vector<std::string>& cols) const;
  DataFrame WithWatermark(const std::string& column, const std::string& delay) const;
  DataFrame As(const std::string& alias) const;
  GroupedData GroupBy(const std::vector<std::string>& exprs, const std::vector<expr::ExprSource>& srcs = {}) const;
  DataFrame DropDuplicates(const std::vector<std::string>& cols = {}) const;
  DataFrame DropDuplicatesWithinWatermark(const std::vector<std::string>& cols = {}) const;
  DataFrame Join(const DataFrame& right, const std::string& on, JoinType type, const expr::ExprSource& src = {}) const;
  DataFrame JoinUsing(const DataFrame& right, const std::vector<std::string>& cols, JoinType type) const;
  DataFrame Union(const DataFrame& other) const;
  DataFrame OrderBy(const std::vector<std::string>& exprs, const std::vector<expr::ExprSource>& srcs = {}) const;
  DataFrame Limit(int64_t n) const;
  DataFrame FlatMapGroupsWithState(const GroupStateDef& def, const expr::ExprSource& src = {}) const;

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  const PlanPtr& plan() const { return plan_; }
  bool is_streaming() const { return plan_ && plan_->streaming; }
  const Columns& columns() const;

 private:
  friend class GroupedData;
  DataFrame(PlanPtr plan, Status st) : plan_(std::move(plan)), status_(std::move(st)) {}
  static DataFrame Failed(Status st) { return DataFrame(nullptr, std::move(st)); }
  DataFrame Derive(std::shared_ptr<PlanNode> node) const;

  PlanPtr plan_;
  Status status_;
};

class GroupedData {
 public:
  DataFrame Agg(const std::vector<std::string>& exprs, const std::vector<expr::ExprSource>& srcs = {}) const;

 private:
  friend class DataFrame;
  DataFrame df_;
  std::vector<std::string> keys_;
  std::vector<expr::ExprSource> srcs_;
};

// Parses a join type as Spark's JoinType(String): inner, left_outer/left/leftouter, ...
Result<JoinType> ParseJoinType(std::string_view s);

}  // namespace tideline::structured
