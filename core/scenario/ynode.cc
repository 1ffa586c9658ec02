#include "core/scenario/ynode.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>

#include "core/common/limits.h"

namespace tideline::scenario {

YNode::YNode() = default;
YNode::YNode(const YNode&) = default;
YNode::YNode(YNode&&) noexcept = default;
YNode& YNode::operator=(const YNode&) = default;
YNode& YNode::operator=(YNode&&) noexcept = default;
YNode::~YNode() = default;

const YNode* YNode::Get(std::string_view key) const {
  for (const auto& [k, v] : map)
    if (k == key) return &v;
  return nullptr;
}

SourcePos YNode::TextPos() const {
  SourcePos p = pos;
  if (quoted && p.known()) p.column += 1;
  return p;
}

const char* YNode::KindName() const {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kScalar: return "a scalar";
    case Kind::kSeq: return "a list";
    case Kind::kMap: return "a map";
  }
  return "?";
}

namespace {

// [-+]?[0-9]+
bool IsYamlInt(std::string_view s) {
  size_t i = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool IsYamlFloat(std::string_view s) {
  size_t i = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
  auto digits = [&]() {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  size_t whole = digits();
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t frac = digits();
    if (whole == 0 && frac == 0) return false;
  } else if (whole == 0) {
    return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

}  // namespace

Value YNode::ToValue(bool seq_as_tuple) const {
  switch (kind) {
    case Kind::kNull: return Value();
    case Kind::kScalar: {
      if (quoted) return Value::String(scalar);
      const std::string& s = scalar;
      if (s == "null" || s == "Null" || s == "NULL" || s == "~" || s.empty()) return Value();
      if (s == "true" || s == "True" || s == "TRUE") return Value::Bool(true);
      if (s == "false" || s == "False" || s == "FALSE") return Value::Bool(false);
      if (IsYamlInt(s)) {
        int64_t v;
        const char* b = s.data() + (s[0] == '+' ? 1 : 0);
        auto [p, ec] = std::from_chars(b, s.data() + s.size(), v);
        if (ec == std::errc()) return Value::Int(v);
      }
      if (IsYamlFloat(s)) return Value::Double(std::strtod(s.c_str(), nullptr));
      if (s == ".nan" || s == ".NaN") return Value::Double(NAN);
      if (s == ".inf" || s == "+.inf") return Value::Double(INFINITY);
      if (s == "-.inf") return Value::Double(-INFINITY);
      return Value::String(s);
    }
    case Kind::kSeq: {
      std::vector<Value> items;
      for (const YNode& c : seq) items.push_back(c.ToValue(seq_as_tuple));
      return seq_as_tuple ? Value::Tuple(std::move(items)) : Value::Array(std::move(items));
    }
    case Kind::kMap: {
      std::vector<std::string> names;
      std::vector<Value> items;
      for (const auto& [k, v] : map) {
        names.push_back(k);
        items.push_back(v.ToValue(seq_as_tuple));
      }
      return Value::Struct(StructType::Get(names), std::move(items));
    }
  }
  return Value();
}

namespace {

SourcePos PosOf(const YAML::Mark& m, const std::string& file) {
  if (m.line < 0) return SourcePos{file, 0, 0};
  return SourcePos{file, m.line + 1, m.column + 1};
}

// The nodes a conversion may still create: aliases share a node in yaml-cpp's tree but
// become copies here, so a few lines of aliases of aliases could expand to billions.
struct Budget {
  size_t nodes_left;
};

Status Convert(const YAML::Node& n, const std::string& file, YNode* out, int depth, Budget& budget) {
  if (depth > limits::kMaxYamlDepth)
    return Status::Parse(fmt::format("YAML nested more than {} levels deep (limit kMaxYamlDepth)", limits::kMaxYamlDepth),
                         PosOf(n.Mark(), file));
  if (budget.nodes_left == 0)
    return Status::Parse(fmt::format("YAML aliases expand to too many nodes (more than the file's size in bytes plus {}; "
                                     "limit kMaxYamlAliasExpansion): an alias bomb?",
                                     limits::kMaxYamlAliasExpansion),
                         PosOf(n.Mark(), file));
  --budget.nodes_left;
  out->pos = PosOf(n.Mark(), file);
  switch (n.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out->kind = YNode::Kind::kNull;
      return Status::Ok();
    case YAML::NodeType::Scalar:
      out->kind = YNode::Kind::kScalar;
      out->scalar = n.Scalar();
      out->quoted = n.Tag() == "!";
      return Status::Ok();
    case YAML::NodeType::Sequence:
      out->kind = YNode::Kind::kSeq;
      for (const auto& c : n) {
        YNode child;
        TL_RETURN_IF_ERROR(Convert(c, file, &child, depth + 1, budget));
        out->seq.push_back(std::move(child));
      }
      return Status::Ok();
    case YAML::NodeType::Map:
      out->kind = YNode::Kind::kMap;
      for (const auto& kv : n) {
        if (!kv.first.IsScalar()) return Status::Parse("map keys must be plain words", PosOf(kv.first.Mark(), file));
        std::string key = kv.first.Scalar();
        for (const auto& [k, v] : out->map)
          if (k == key) return Status::Parse(fmt::format("duplicate key '{}'", key), PosOf(kv.first.Mark(), file));
        YNode child;
        TL_RETURN_IF_ERROR(Convert(kv.second, file, &child, depth + 1, budget));
        if (child.is_null() && !child.pos.known()) child.pos = PosOf(kv.first.Mark(), file);
        out->map.emplace_back(key, std::move(child));
        out->key_pos.push_back(PosOf(kv.first.Mark(), file));
      }
      return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace

Result<YNode> ParseYaml(const std::string& text, const std::string& file) {
  try {
    YAML::Node root = YAML::Load(text);
    YNode out;
    Budget budget{text.size() + limits::kMaxYamlAliasExpansion};
    TL_RETURN_IF_ERROR(Convert(root, file, &out, 0, budget));
    return out;
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own depth guard; its message is a misleading "bad file".
    return Status::Parse(fmt::format("YAML nested more than {} levels deep (limit kMaxYamlDepth)", limits::kMaxYamlDepth),
                         PosOf(e.mark, file));
  } catch (const YAML::Exception& e) {
    std::string msg = e.msg;
    return Status::Parse(fmt::format("invalid YAML: {}", msg), PosOf(e.mark, file));
  } catch (const std::exception& e) {
    return Status::Parse(fmt::format("invalid YAML: {}", e.what()), SourcePos{file, 1, 1});
  }
}

}  // namespace tideline::scenario
