#pragma once
// Helpers of Spark's analysis shared by the DataFrame builder's files (dataframe*.cc):
// automatic column names, aggregate-call and window-call detection, literal durations,
// column-name lists for messages and the output column of a projection. Name resolution
// itself is ResolveExpr/ResolveText (plan.h). Internal to core/structured. Stateless;
// thread-safe.

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"
#include "core/expr/ast.h"
#include "core/structured/plan.h"

namespace tideline::structured {

// Spark's automatic column name of a resolved expression.
std::string NameOf(const expr::Node& n, const Columns& cols);
// The automatic name of a parsed expression over `cols`, with its column references
// resolved when they can be (names print as the input's columns).
std::string ResolvedNameOf(const expr::Node& parsed, const Columns& cols, std::string_view text,
                           const expr::ExprSource& src);
// The names of the aggregate functions, lower-case.
const std::set<std::string>& AggregateNames();
bool IsAggregateCall(const expr::Node& n);
// Whether the tree calls `fn` (case-insensitive) anywhere.
bool ContainsCall(const expr::Node& n, std::string_view fn);
// A literal duration argument (an interval or a string); `what` names it in the error.
Result<Duration> LiteralDuration(const expr::Node& n, const std::string& what);
// The columns' names for a message, backquoted when `quoted`.
std::vector<std::string> ColumnNames(const Columns& cols, bool quoted);
// The output column of a resolved projection: name, type, and the metadata a plain
// reference or a window over an event-time column keeps.
Column ProjectedColumn(const ResolvedExpr& r, const Columns& in);
// The window(...) and session_window(...) calls of a tree, as SQL text.
void CollectWindowCalls(const expr::Node& n, std::set<std::string>* out);
Status MultipleWindowsError();
// A projection that passes column i of `in` through unchanged.
expr::CompiledExpr PassThrough(int i, const Columns& in);
// Adds to a projection node input column i as it is (its compiled expression and its tree).
void AddPassThrough(PlanNode* node, int i, const Columns& in);

}  // namespace tideline::structured
