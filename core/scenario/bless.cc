// Rewrites the expected values of a scenario's failed row checks in its text (see
// bless.h). The loader keeps where each value starts; where it ends is found in the text:
// the matching bracket of a flow list, the last line of a block list, the end of the line
// of an empty value.
#include "core/scenario/bless.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace tideline::scenario {

namespace {

constexpr size_t kNone = std::string::npos;

struct Edit {
  size_t begin, end;
  std::string text;
};

class Text {
 public:
  explicit Text(const std::string& t) : t_(t) {
    starts_.push_back(0);
    for (size_t i = 0; i < t.size(); ++i)
      if (t[i] == '\n') starts_.push_back(i + 1);
  }
  int lines() const { return static_cast<int>(starts_.size()); }
  size_t LineStart(int line) const { return starts_[static_cast<size_t>(line - 1)]; }
  // The end of `line`, before its newline.
  size_t LineEnd(int line) const {
    size_t e = line < lines() ? starts_[static_cast<size_t>(line)] - 1 : t_.size();
    if (e > LineStart(line) && t_[e - 1] == '\r') --e;
    return e;
  }
  // The byte offset of a position, or kNone.
  size_t Offset(const SourcePos& p) const {
    if (!p.known() || p.line > lines()) return kNone;
    size_t o = LineStart(p.line) + static_cast<size_t>(p.column - 1);
    return o <= LineEnd(p.line) ? o : kNone;
  }
  // Where the content of `line` ends: before a comment and trailing spaces.
  size_t ContentEnd(int line) const {
    size_t b = LineStart(line), e = LineEnd(line);
    char quote = 0;
    for (size_t i = b; i < e; ++i) {
      char c = t_[i];
      if (quote) {
        if (c == quote) quote = 0;
        else if (c == '\\' && quote == '"') ++i;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#' && (i == b || t_[i - 1] == ' ' || t_[i - 1] == '\t')) {
        e = i;
        break;
      }
    }
    while (e > b && (t_[e - 1] == ' ' || t_[e - 1] == '\t')) --e;
    return e;
  }
  // The offset after the bracket that closes the flow collection opened at `b`, or kNone.
  size_t FlowEnd(size_t b) const {
    int depth = 0;
    for (size_t i = b; i < t_.size(); ++i) {
      char c = t_[i];
      if (c == '"') {
        for (++i; i < t_.size() && t_[i] != '"'; ++i)
          if (t_[i] == '\\') ++i;
      } else if (c == '\'') {
        for (++i; i < t_.size(); ++i)
          if (t_[i] == '\'') {
            if (i + 1 < t_.size() && t_[i + 1] == '\'') ++i;
            else break;
          }
      } else if (c == '#' && i > 0 && std::isspace(static_cast<unsigned char>(t_[i - 1]))) {
        while (i < t_.size() && t_[i] != '\n') ++i;
      } else if (c == '[' || c == '{') {
        ++depth;
      } else if (c == ']' || c == '}') {
        if (--depth == 0) return i + 1;
      }
    }
    return kNone;
  }
  // The end of the block list whose first `-` is at `p`: the content end of its last line.
  size_t BlockEnd(const SourcePos& p) const {
    size_t col = static_cast<size_t>(p.column - 1);
    int last = p.line;
    for (int l = p.line + 1; l <= lines(); ++l) {
      size_t b = LineStart(l), e = LineEnd(l);
      size_t ind = b;
      while (ind < e && t_[ind] == ' ') ++ind;
      if (ind == e || t_[ind] == '#') continue;  // blank or a comment line
      size_t c = ind - b;
      bool item = c == col && t_[ind] == '-' && (ind + 1 == e || t_[ind + 1] == ' ');
      if (c > col || item) {
        last = l;
        continue;
      }
      break;
    }
    return ContentEnd(last);
  }
  char At(size_t o) const { return o < t_.size() ? t_[o] : '\0'; }

 private:
  const std::string& t_;
  std::vector<size_t> starts_;
};

bool PlainIsSafe(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') return false;
  YNode n;
  n.kind = YNode::Kind::kScalar;
  n.scalar = s;
  Value v = n.ToValue();
  return v.type() == ValueType::kString && v.str() == s;
}

// A row of a row check: a single column's value alone (the loader wraps it again).
std::string RowText(const Value& row) {
  if (row.type() == ValueType::kArray && row.size() == 1 && !row.items()[0].is_seq()) return YamlFlow(row.items()[0]);
  return YamlFlow(row);
}

// The expected value of a row check, in the style of the value it replaces.
std::string Render(const std::vector<std::string>& items, bool block, int column) {
  if (!block || items.empty()) return "[" + fmt::format("{}", fmt::join(items, ", ")) + "]";
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += "\n" + std::string(static_cast<size_t>(column - 1), ' ');
    out += "- " + items[i];
  }
  return out;
}

// The edit that replaces `value` (whose key is at `key`) by `items`.
Status Locate(const Text& text, const YNode& value, const SourcePos& key, const std::string& what,
              const std::vector<std::string>& items, Edit* edit) {
  if (value.is_null()) {
    // `key:` with nothing (or null) after it, or a bare word: the value goes after the key.
    size_t k = text.Offset(key);
    if (k == kNone) return Status::InvalidArgument(fmt::format("cannot find the {} in the file", what));
    size_t e = text.ContentEnd(key.line);
    size_t colon = kNone;
    for (size_t i = k; i < e; ++i)
      if (text.At(i) == ':' && (i + 1 == e || text.At(i + 1) == ' ')) { colon = i; break; }
    if (colon == kNone) *edit = {e, e, ": " + Render(items, false, 0)};
    else *edit = {colon + 1, e, " " + Render(items, false, 0)};
    return Status::Ok();
  }
  size_t b = text.Offset(value.pos);
  if (b == kNone || !value.is_seq())
    return Status::InvalidArgument(fmt::format("the {} is not a list", what));
  if (text.At(b) == '[') {
    size_t e = text.FlowEnd(b);
    if (e == kNone) return Status::InvalidArgument(fmt::format("cannot find the end of the {}", what));
    *edit = {b, e, Render(items, false, 0)};
    return Status::Ok();
  }
  if (text.At(b) == '-') {
    *edit = {b, text.BlockEnd(value.pos), Render(items, true, value.pos.column)};
    return Status::Ok();
  }
  return Status::InvalidArgument(fmt::format("cannot find the {} in the file", what));
}

}  // namespace

std::string YamlFlow(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull: return "null";
    case ValueType::kBool: return v.as_bool() ? "true" : "false";
    case ValueType::kInt: return std::to_string(v.as_int());
    case ValueType::kDouble: {
      double d = v.as_double();
      if (std::isnan(d)) return ".nan";
      if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
      std::string s = fmt::format("{}", d);
      if (s.find_first_of(".e") == std::string::npos) s += ".0";
      return s;
    }
    case ValueType::kString: {
      std::string s(v.str());
      if (PlainIsSafe(s)) return s;
      std::string q;
      AppendJsonString(&q, s);
      return q;
    }
    case ValueType::kTimestamp: return "\"" + v.as_ts().ToString() + "\"";
    default: {
      std::vector<std::string> items;
      for (const Value& x : v.items()) items.push_back(YamlFlow(x));
      return "[" + fmt::format("{}", fmt::join(items, ", ")) + "]";
    }
  }
}

Result<std::string> BlessText(const std::string& source, const Scenario& sc, const std::vector<CheckResult>& checks,
                              int* blessed) {
  Text text(source);
  std::vector<Edit> edits;
  for (const CheckResult& c : checks) {
    if (c.passed || !c.actual.is_seq() || c.step < 1 || static_cast<size_t>(c.step) > sc.steps.size()) continue;
    const StepDef& step = sc.steps[static_cast<size_t>(c.step - 1)];
    const bool output = step.kind == "expectOutput";
    if (!output && step.kind != "checkAnswer" && step.kind != "checkNewAnswer" && step.kind != "checkLastBatch") continue;
    // The value to rewrite and the key it belongs to.
    const YNode* value = &step.arg;
    SourcePos key = step.pos;
    const char* field = output ? "batches" : "rows";
    if (output || step.arg.is_map()) {
      value = nullptr;
      for (size_t i = 0; i < step.arg.map.size(); ++i)
        if (step.arg.map[i].first == field) {
          value = &step.arg.map[i].second;
          key = step.arg.key_pos[i];
        }
      if (!value) continue;  // nothing to fill in
    }
    std::vector<std::string> items;
    for (const Value& x : c.actual.items()) items.push_back(output ? YamlFlow(x) : RowText(x));
    Edit e;
    Status st = Locate(text, *value, key, fmt::format("value of step {} ({})", c.step, step.kind), items, &e);
    if (!st.ok()) return Status::Parse(st.message(), step.pos);
    edits.push_back(std::move(e));
  }
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
  std::string out = source;
  size_t limit = kNone;
  for (const Edit& e : edits) {
    if (e.end > limit) return Status::InvalidArgument("two checks' values overlap in the file");
    out.replace(e.begin, e.end - e.begin, e.text);
    limit = e.begin;
  }
  *blessed = static_cast<int>(edits.size());
  return out;
}

}  // namespace tideline::scenario
