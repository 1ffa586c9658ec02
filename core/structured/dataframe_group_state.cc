// (flat)MapGroupsWithState: the declarative state function of spec section 4 compiled
// into a GroupStateSpec.
#include "core/structured/dataframe.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/common/strings.h"
#include "core/expr/parser.h"
#include "core/structured/resolution.h"
#include "core/structured/types.h"

namespace tideline::structured {

using expr::Node;
using expr::NodeKind;
using expr::NodePtr;

namespace {

// The names in scope of the state function's expressions: key columns, key, rows, state,
// hasTimedOut, watermark, now, the let names, newState. A grouping column's name wins over
// the names of the state function.
std::vector<std::string> StateFunctionScope(const std::vector<std::string>& key_names, const GroupStateDef& def) {
  std::vector<std::string> scope = key_names;
  for (const char* s : {"key", "rows", "state", "hasTimedOut", "watermark", "now"}) {
    bool taken = false;
    for (const auto& k : key_names) taken = taken || AsciiIEq(k, s);
    scope.push_back(taken ? std::string("#shadowed_") + s : s);
  }
  for (const auto& [name, text] : def.let) scope.push_back(name);
  scope.push_back("newState");
  return scope;
}

// The field names of the structs an emit expression makes. Their names come from the
// expression's aliases (the struct's field names), found when the first row is made;
// statically, from `AS name` parts of a struct(...) call.
std::vector<std::string> EmittedFieldNames(const std::string& text) {
  std::vector<std::string> names;
  auto p = expr::Parse(text);
  if (!p.ok()) return names;
  const Node* n = p->get();
  if (n->kind == NodeKind::kCall && (AsciiIEq(n->name, "transform")) && n->children.size() == 2 &&
      n->children[1]->kind == NodeKind::kLambda)
    n = n->children[1]->children[0].get();
  if (n->kind == NodeKind::kCall && AsciiIEq(n->name, "struct")) {
    for (size_t i = 0; i < n->children.size(); ++i) {
      const Node& f = *n->children[i];
      if (f.kind == NodeKind::kAlias) names.push_back(f.name);
      else if (f.kind == NodeKind::kName) names.push_back(f.name);
      else if (f.kind == NodeKind::kField) names.push_back(f.name);
      else names.push_back("col" + std::to_string(i + 1));
    }
  }
  return names;
}

}  // namespace

DataFrame DataFrame::FlatMapGroupsWithState(const GroupStateDef& def, const expr::ExprSource& src) const {
  if (!ok()) return *this;
  const Columns& in = columns();
  auto spec = std::make_shared<GroupStateSpec>();
  spec->flat = def.flat;
  if (def.output_mode == "append") spec->op_mode = OutputMode::kAppend;
  else if (def.output_mode == "update") spec->op_mode = OutputMode::kUpdate;
  else if (def.output_mode == "complete")  // KeyValueGroupedDataset.flatMapGroupsWithState
    return Failed(Status::InvalidArgument("The output mode of function should be append or update"));
  else return Failed(Status::Analysis(fmt::format("Unknown output mode {}. Accepted output modes are 'append', 'complete', 'update'", def.output_mode)));
  if (def.timeout == "none" || def.timeout == "NoTimeout") spec->timeout = GroupStateSpec::Timeout::kNone;
  else if (def.timeout == "processingTime" || def.timeout == "ProcessingTimeTimeout") spec->timeout = GroupStateSpec::Timeout::kProcessingTime;
  else if (def.timeout == "eventTime" || def.timeout == "EventTimeTimeout") spec->timeout = GroupStateSpec::Timeout::kEventTime;
  else return Failed(Status::Analysis(fmt::format("unknown timeout '{}' (none, processingTime or eventTime)", def.timeout)));
  std::vector<std::string> key_names;
  for (const auto& k : def.group_by) {
    int found = -1;
    for (size_t i = 0; i < in.size(); ++i) if (AsciiIEq(in[i].name, k)) found = static_cast<int>(i);
    if (found < 0) return Failed(ResolveText(k, in).status());
    spec->key_cols.push_back(found);
    key_names.push_back(in[static_cast<size_t>(found)].name);
  }
  std::vector<std::string> row_names;
  for (const auto& c : in) row_names.push_back(c.name);
  spec->row_type = StructType::Get(row_names);
  spec->key_type = StructType::Get(key_names);
  std::vector<std::string> scope = StateFunctionScope(key_names, def);
  spec->scope = scope;
  expr::Scope sc;
  for (const auto& s : scope) sc.Add(s);
  auto compile = [&](const std::string& text) -> Result<expr::CompiledExpr> {
    return expr::CompileText(text, sc, src);
  };
  for (const auto& [name, text] : def.let) {
    auto c = compile(text);
    if (!c.ok()) return Failed(c.status());
    spec->let.emplace_back(name, *c);
  }
  auto opt = [&](const std::string& text, std::optional<expr::CompiledExpr>* out) -> Status {
    if (text.empty()) return Status::Ok();
    TL_ASSIGN_OR_RETURN(expr::CompiledExpr c, compile(text));
    *out = c;
    return Status::Ok();
  };
  Status st = opt(def.update, &spec->update);
  if (st.ok()) st = opt(def.remove, &spec->remove);
  if (st.ok()) st = opt(def.emit_all, &spec->emit_all);
  if (st.ok()) st = opt(def.set_timeout, &spec->set_timeout);
  if (!st.ok()) return Failed(st);
  for (const auto& e : def.emit) {
    auto c = compile(e);
    if (!c.ok()) return Failed(c.status());
    spec->emit.push_back(*c);
  }
  auto node = std::make_shared<PlanNode>();
  node->payload = GroupStateOp{};
  node->as<GroupStateOp>().spec = spec;
  // Output columns: the fields of the emitted structs.
  std::vector<std::string> out_names = !def.emit.empty() ? EmittedFieldNames(def.emit[0]) : EmittedFieldNames(def.emit_all);
  for (const auto& n : out_names) {
    Column c;
    c.name = n;
    node->out.push_back(c);
  }
  node->describe = fmt::format("{} [{}]", def.flat ? "FlatMapGroupsWithState" : "MapGroupsWithState", fmt::join(key_names, ", "));
  return Derive(node);
}
}  // namespace tideline::structured
