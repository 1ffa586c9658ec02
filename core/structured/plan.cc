#include "core/structured/plan.h"

namespace tideline::structured {

// The names of each enum, in the order of its values.
const char* OpKindName(OpKind k) {
  static const char* const kNames[] = {"Source", "Project", "Filter", "EventTimeWatermark", "Aggregate", "Deduplicate",
                                       "Join", "Union", "Sort", "Limit", "FlatMapGroupsWithState"};
  return kNames[static_cast<size_t>(k)];
}

const char* JoinTypeSparkName(JoinType t) {
  static const char* const kNames[] = {"Inner", "LeftOuter", "RightOuter", "FullOuter", "LeftSemi", "LeftAnti"};
  return kNames[static_cast<size_t>(t)];
}

const char* OutputModeName(OutputMode m) {
  static const char* const kNames[] = {"append", "update", "complete"};
  return kNames[static_cast<size_t>(m)];
}

bool PlanNode::stateful() const {
  if (!streaming) return false;
  switch (kind()) {
    case OpKind::kAggregate:
    case OpKind::kDedup:
    case OpKind::kGroupState: return true;
    case OpKind::kJoin: return children[0]->streaming && children[1]->streaming;
    case OpKind::kLimit: return true;
    default: return false;
  }
}

namespace {
void Explain(const PlanNode& n, int depth, std::string* out) {
  out->append(depth == 0 ? "" : std::string(static_cast<size_t>(depth - 1) * 3, ' ') + "+- ");
  out->append(n.describe.empty() ? OpKindName(n.kind()) : n.describe);
  out->push_back('\n');
  for (const auto& c : n.children) Explain(*c, depth + 1, out);
}
}  // namespace

std::string ExplainPlan(const PlanNode& root) {
  std::string out;
  Explain(root, 0, &out);
  return out;
}



std::string ColName(int i) { return "#" + std::to_string(i); }

bool IsColRef(const expr::Node& n, int* col) {
  if (n.kind != expr::NodeKind::kName || n.name.size() < 2 || n.name[0] != '#') return false;
  *col = std::stoi(n.name.substr(1));
  return true;
}

std::shared_ptr<const expr::Node> RefTree(int col) {
  auto n = std::make_shared<expr::Node>(expr::NodeKind::kName, 0);
  n->name = ColName(col);
  return n;
}

const expr::Node& Unalias(const expr::Node& n) {
  return n.kind == expr::NodeKind::kAlias ? Unalias(*n.children[0]) : n;
}

void CollectCols(const expr::Node& n, std::set<int>* out) {
  int c;
  if (IsColRef(n, &c)) out->insert(c);
  for (const auto& ch : n.children) CollectCols(*ch, out);
}

void Conjuncts(const expr::Node& n, std::vector<const expr::Node*>* out) {
  if (n.kind == expr::NodeKind::kBinary && n.name == "AND") {
    Conjuncts(*n.children[0], out);
    Conjuncts(*n.children[1], out);
  } else {
    out->push_back(&n);
  }
}

}  // namespace tideline::structured
