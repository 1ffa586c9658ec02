#include "core/scenario/source_options.h"

#include <fmt/format.h>

#include <cctype>
#include <climits>

#include "core/common/strings.h"
#include "core/structured/sources.h"

namespace tideline::scenario {

using structured::SourceData;

const YNode* OptionNode(const YNode& map, std::string_view key) {
  if (!map.is_map()) return nullptr;
  const YNode* found = nullptr;
  for (const auto& [k, v] : map.map)
    if (AsciiIEq(k, key)) found = &v;
  return found;
}

std::optional<int64_t> JavaParseInteger(std::string_view text, int64_t min, int64_t max) {
  size_t i = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    i = 1;
  }
  if (i >= text.size()) return std::nullopt;
  __int128 v = 0;
  for (; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    v = v * 10 + (text[i] - '0');
    if (v > static_cast<__int128>(INT64_MAX) + 1) return std::nullopt;
  }
  if (negative) v = -v;
  if (v < min || v > max) return std::nullopt;
  return static_cast<int64_t>(v);
}

std::string NumberFormatMessage(std::string_view text) { return fmt::format("For input string: \"{}\"", text); }

std::optional<bool> JavaParseBoolean(std::string_view text) {
  if (AsciiIEq(text, "true")) return true;
  if (AsciiIEq(text, "false")) return false;
  return std::nullopt;
}

Result<int64_t> JavaTimeString(std::string_view text, int64_t unit_us) {
  auto fail = [](const std::string& why) {
    return Status::InvalidArgument(
        "Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hour (h), "
        "or day (d). E.g. 50s, 100ms, or 250us.\n" + why);
  };
  // String.trim, then toLowerCase; the pattern (-?[0-9]+)([a-z]+)? must match it all.
  std::string_view t = text;
  while (!t.empty() && static_cast<unsigned char>(t.front()) <= ' ') t.remove_prefix(1);
  while (!t.empty() && static_cast<unsigned char>(t.back()) <= ' ') t.remove_suffix(1);
  const std::string lower = AsciiLower(t);
  size_t k = lower.empty() || lower[0] != '-' ? 0 : 1;
  const size_t digits_from = k;
  while (k < lower.size() && std::isdigit(static_cast<unsigned char>(lower[k]))) ++k;
  const size_t digits_to = k;
  while (k < lower.size() && lower[k] >= 'a' && lower[k] <= 'z') ++k;
  if (digits_to == digits_from || k != lower.size()) return fail(fmt::format("Failed to parse time string: {}", text));
  auto value = JavaParseInteger(std::string_view(lower).substr(0, digits_to), INT64_MIN, INT64_MAX);
  if (!value) return fail(NumberFormatMessage(lower.substr(0, digits_to)));
  const std::string suffix = lower.substr(digits_to);
  static const std::pair<const char*, int64_t> kUnits[] = {
      {"us", 1}, {"ms", 1000}, {"s", 1000000}, {"m", 60000000}, {"min", 60000000}, {"h", 3600000000LL}, {"d", 86400000000LL}};
  int64_t from_us = unit_us;
  if (!suffix.empty()) {
    from_us = 0;
    for (const auto& [name, us] : kUnits)
      if (suffix == name) from_us = us;
    if (from_us == 0) return fail(fmt::format("Invalid suffix: \"{}\"", suffix));
  }
  // TimeUnit.convert: truncates toward zero, saturates on overflow.
  __int128 v = static_cast<__int128>(*value) * from_us / unit_us;
  if (v > INT64_MAX) return INT64_MAX;
  if (v < INT64_MIN) return INT64_MIN;
  return static_cast<int64_t>(v);
}

namespace {

// A whole-number option read with CaseInsensitiveStringMap.getLong / getInt.
std::optional<int64_t> ReadInteger(const YNode& n, int64_t min, int64_t max, OptionError* error) {
  auto v = JavaParseInteger(n.scalar, min, max);
  if (!v) error->Set(Status::InvalidArgument(NumberFormatMessage(n.scalar)), n.TextPos());
  return v;
}

// RateStreamProvider.getTable and RateStreamMicroBatchStream's constructor.
void ReadRateOptions(const YNode& spec, SourceData* s, OptionError* error) {
  s->rows_per_second = 1;
  if (const YNode* n = OptionNode(spec, "rowsPerSecond")) {
    auto v = ReadInteger(*n, INT64_MIN, INT64_MAX, error);
    if (v && *v <= 0)
      error->Set(Status::InvalidArgument(fmt::format("Invalid value '{}'. The option 'rowsPerSecond' must be positive", *v)),
                 n->TextPos());
    if (v && *v > 0) s->rows_per_second = *v;
  }
  if (const YNode* n = OptionNode(spec, "rampUpTime")) {
    auto v = JavaTimeString(n->scalar, 1000000);
    if (!v.ok()) error->Set(v.status(), n->TextPos());
    else if (*v < 0)
      error->Set(Status::InvalidArgument(fmt::format("Invalid value '{}'. The option 'rampUpTime' must not be negative", *v)),
                 n->TextPos());
    else
      s->ramp_up_seconds = *v;
  }
  if (const YNode* n = OptionNode(spec, "numPartitions")) {
    auto v = ReadInteger(*n, INT32_MIN, INT32_MAX, error);
    if (v && *v <= 0)
      error->Set(Status::InvalidArgument(fmt::format("Invalid value '{}'. The option 'numPartitions' must be positive", *v)),
                 n->TextPos());
    if (v && *v > 0) s->num_partitions = *v;
  }
  const int64_t max_seconds = INT64_MAX / s->rows_per_second;
  if (error->status.ok() && s->ramp_up_seconds > max_seconds)
    error->Set(Status::InvalidArgument(fmt::format(
                   "[INCORRECT_RAMP_UP_RATE] Max offset with {} rowsPerSecond is {}, but 'rampUpTimeSeconds' is {}. "
                   "SQLSTATE: 22003",
                   s->rows_per_second, max_seconds, s->ramp_up_seconds)),
               OptionNode(spec, "rampUpTime")->TextPos());
}

// TextSocketSourceProvider.checkParameters and getTable.
void ReadSocketOptions(const InputDef& in, SourceData* s, OptionError* error) {
  if (!OptionNode(in.spec, "host")) error->Set(Status::Analysis("Set a host to read from with option(\"host\", ...)."), in.pos);
  if (!OptionNode(in.spec, "port")) error->Set(Status::Analysis("Set a port to read from with option(\"port\", ...)."), in.pos);
  if (const YNode* n = OptionNode(in.spec, "includeTimestamp")) {
    auto v = JavaParseBoolean(n->scalar);
    if (!v) error->Set(Status::Analysis("includeTimestamp must be set to either \"true\" or \"false\""), n->TextPos());
    s->include_timestamp = v.value_or(false);
  }
  if (const YNode* n = OptionNode(in.spec, "port")) ReadInteger(*n, INT32_MIN, INT32_MAX, error);
  if (const YNode* n = OptionNode(in.spec, "numPartitions")) ReadInteger(*n, INT32_MIN, INT32_MAX, error);
  // TextSocketReader.SCHEMA_TIMESTAMP: value, then the time the line was read.
  if (s->include_timestamp) s->schema.fields.push_back(ParseSchema("timestamp TIMESTAMP")->fields[0]);
}

// FileStreamOptions' withBooleanParameter.
bool ReadFileBoolean(const YNode& spec, const char* name, OptionError* error) {
  const YNode* n = OptionNode(spec, name);
  if (!n) return false;
  auto v = JavaParseBoolean(n->scalar);
  if (!v)
    error->Set(Status::InvalidArgument(
                   fmt::format("Invalid value '{}' for option '{}', must be 'true' or 'false'", n->scalar, name)),
               n->TextPos());
  return v.value_or(false);
}

// FileStreamOptions, in the order its fields are initialised, and SeenFilesMap's check.
void ReadFileOptions(const YNode& spec, SourceData* s, OptionError* error) {
  for (const char* disallowed : {"modifiedBefore", "modifiedAfter"})
    if (const YNode* n = OptionNode(spec, disallowed))
      error->Set(Status::InvalidArgument(fmt::format("option '{}' is not allowed in file stream sources", disallowed)),
                 n->TextPos());
  if (const YNode* n = OptionNode(spec, "maxFilesPerTrigger")) {
    auto v = JavaParseInteger(n->scalar, INT32_MIN, INT32_MAX);
    if (!v || *v <= 0)
      error->Set(Status::InvalidArgument(fmt::format(
                     "Invalid value '{}' for option 'maxFilesPerTrigger', must be a positive integer", n->scalar)),
                 n->TextPos());
    else
      s->max_files_per_trigger = *v;
  }
  int64_t max_file_age_ms = 7 * 24 * 3600 * 1000LL;
  const YNode* age = OptionNode(spec, "maxFileAge");
  if (age) {
    auto v = JavaTimeString(age->scalar, 1000);
    if (!v.ok()) error->Set(v.status(), age->TextPos());
    else max_file_age_ms = *v;
  }
  s->latest_first = ReadFileBoolean(spec, "latestFirst", error);
  ReadFileBoolean(spec, "fileNameOnly", error);
  const YNode* clean = OptionNode(spec, "cleanSource");
  if (clean) {
    const std::string mode = AsciiLower(clean->scalar);
    if (mode != "archive" && mode != "delete" && mode != "off")
      error->Set(Status::InvalidArgument(fmt::format(
                     "Invalid mode for clean source option Some({}). Must be one of ARCHIVE,DELETE,OFF", clean->scalar)),
                 clean->TextPos());
    else if (mode == "archive" && !OptionNode(spec, "sourceArchiveDir"))
      error->Set(Status::InvalidArgument("Archive mode must be used with 'sourceArchiveDir' option."), clean->TextPos());
  }
  // FileStreamSource: latestFirst with maxFilesPerTrigger ignores maxFileAge (SPARK-19813).
  const bool age_ignored = s->latest_first && s->max_files_per_trigger > 0;
  if (age && !age_ignored && max_file_age_ms < 0)
    error->Set(Status::InvalidArgument("requirement failed"), age->TextPos());
}

}  // namespace

void ReadSourceOptions(const InputDef& in, SourceData* s, OptionError* error) {
  if (in.type == "rate") ReadRateOptions(in.spec, s, error);
  if (in.type == "socket") ReadSocketOptions(in, s, error);
  if (in.type == "file") ReadFileOptions(in.spec, s, error);
}

}  // namespace tideline::scenario
