#pragma once
// YNode: a YAML document as a plain tree that remembers where each node came
// from (file, line, column). The only place that calls yaml-cpp is ynode.cc, which
// turns its exceptions into a Status. Immutable once loaded; thread-compatible.

#include <string>
#include <utility>
#include <vector>

#include "core/common/status.h"
#include "core/value/value.h"

namespace tideline::scenario {

struct YNode {
  enum class Kind { kNull, kScalar, kSeq, kMap };
  // Declared here, defined where YNode is complete: a node holds vectors of itself, and
  // clang's libstdc++ checks would otherwise need the complete type at this point.
  YNode();
  YNode(const YNode&);
  YNode(YNode&&) noexcept;
  YNode& operator=(const YNode&);
  YNode& operator=(YNode&&) noexcept;
  ~YNode();

  Kind kind = Kind::kNull;
  std::string scalar;   // kScalar
  bool quoted = false;  // a quoted scalar is always a string
  std::vector<YNode> seq;
  std::vector<std::pair<std::string, YNode>> map;  // in file order
  std::vector<SourcePos> key_pos;                  // position of each map key
  SourcePos pos;

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_seq() const { return kind == Kind::kSeq; }
  bool is_map() const { return kind == Kind::kMap; }
  // The value of a map key, or nullptr.
  const YNode* Get(std::string_view key) const;
  // The position of the text of a scalar (after an opening quote).
  SourcePos TextPos() const;
  // A scalar as a Value by YAML 1.2's core schema: null, true/false, ints, floats,
  // otherwise a string (quoted scalars are always strings). Sequences become tuples
  // when `seq_as_tuple` (DStream elements), arrays otherwise; maps become structs.
  Value ToValue(bool seq_as_tuple = false) const;
  const char* KindName() const;
};

// Parses YAML text. `file` names it in errors.
Result<YNode> ParseYaml(const std::string& text, const std::string& file);

}  // namespace tideline::scenario
