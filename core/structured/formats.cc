#include "core/structured/formats.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "core/structured/format_text.h"
#include "core/time/time.h"
#include "core/value/json.h"

namespace tideline::structured {
namespace {

// ===========================================================================
// Writers.
// ===========================================================================

// Jackson's string escaping (value.h), as Spark's JSON writer escapes.
void AppendJacksonString(std::string_view s, std::string* out) { AppendJsonString(out, s, JsonEscapes::kJackson); }

void AppendJsonValue(const Value& v, std::string* out) {
  switch (v.type()) {
    case ValueType::kNull: *out += "null"; return;
    case ValueType::kBool: *out += v.as_bool() ? "true" : "false"; return;
    case ValueType::kInt: *out += std::to_string(v.as_int()); return;
    case ValueType::kDouble: {
      const double d = v.as_double();
      // Jackson writes NaN and the infinities as strings (WRITE_NAN_AS_STRINGS).
      if (std::isfinite(d)) *out += JavaDoubleString(d);
      else AppendJacksonString(JavaDoubleString(d), out);
      return;
    }
    case ValueType::kString: AppendJacksonString(v.str(), out); return;
    case ValueType::kTimestamp: AppendJacksonString(IsoMillis(v.as_ts()), out); return;
    case ValueType::kArray: {
      out->push_back('[');
      bool first = true;
      for (const Value& e : v.items()) {  // nulls inside arrays stay
        if (!first) out->push_back(',');
        first = false;
        AppendJsonValue(e, out);
      }
      out->push_back(']');
      return;
    }
    case ValueType::kTuple:
    case ValueType::kStruct: {
      out->push_back('{');
      bool first = true;
      const std::span<const Value> items = v.items();
      for (size_t i = 0; i < items.size(); ++i) {
        if (items[i].is_null()) continue;  // ignoreNullFields
        if (!first) out->push_back(',');
        first = false;
        const StructType* st = v.struct_type();
        AppendJacksonString(st != nullptr ? st->names()[i] : fmt::format("_{}", i + 1), out);
        out->push_back(':');
        AppendJsonValue(items[i], out);
      }
      out->push_back('}');
      return;
    }
  }
}

std::string CsvText(const Value& v) {
  switch (v.type()) {
    case ValueType::kTimestamp: return IsoMillis(v.as_ts());
    default: return PrettyString(v);
  }
}

// ===========================================================================
// The sink's metadata log.
// ===========================================================================

Status LogError(std::string_view file_name, int line, int column, std::string message) {
  return Status::Error(StatusCode::kCorruption, std::move(message), SourcePos{std::string(file_name), line, column});
}

std::string MalformedLogFile(std::string_view version_line) {
  return fmt::format("[MALFORMED_LOG_FILE] Log file was malformed: failed to read correct log version from {}. "
                     "SQLSTATE: KD002", version_line);
}

// MetadataVersionUtil.validateVersion(text, 1): "v" and a positive int.
Status ValidateLogVersion(std::string_view line, std::string_view file_name) {
  Value version;
  if (line.empty() || line[0] != 'v' || !ParseCell(line.substr(1), SqlKind::kInt, &version) ||
      version.as_int() <= 0)
    return LogError(file_name, 1, 1, MalformedLogFile(line));
  if (version.as_int() > 1)
    return LogError(file_name, 1, 1, fmt::format(
        "[INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION] UnsupportedLogVersion. The maximum supported log version "
        "is v1, but encountered v{}. The log file was produced by a newer version of Spark and cannot be read "
        "by this version. You need to upgrade. SQLSTATE: KD002", version.as_int()));
  return Status::Ok();
}

// Reads one SinkFileStatus line; `what` receives the problem when it fails.
bool ReadSinkEntry(const Value& obj, SinkFileEntry* e, std::string* what) {
  if (obj.type() != ValueType::kStruct) { *what = "the entry is not a JSON object"; return false; }
  const StructType* st = obj.struct_type();
  auto field = [&](const char* name, ValueType type, const Value** out) {
    const int i = st->Find(name, /*ci=*/false);
    if (i < 0) { *what = fmt::format("the entry has no field \"{}\"", name); return false; }
    if (obj[static_cast<size_t>(i)].type() != type) {
      *what = fmt::format("the field \"{}\" is not {}", name, type == ValueType::kString ? "a string"
                                                           : type == ValueType::kBool ? "a boolean" : "an integer");
      return false;
    }
    *out = &obj[static_cast<size_t>(i)];
    return true;
  };
  const Value *path, *size, *is_dir, *mtime, *repl, *block, *action;
  if (!field("path", ValueType::kString, &path) || !field("size", ValueType::kInt, &size) ||
      !field("isDir", ValueType::kBool, &is_dir) || !field("modificationTime", ValueType::kInt, &mtime) ||
      !field("blockReplication", ValueType::kInt, &repl) || !field("blockSize", ValueType::kInt, &block) ||
      !field("action", ValueType::kString, &action))
    return false;
  if (repl->as_int() < std::numeric_limits<int32_t>::min() || repl->as_int() > std::numeric_limits<int32_t>::max()) { *what = "the field \"blockReplication\" is not an int"; return false; }
  *e = SinkFileEntry{std::string(path->str()), size->as_int(), is_dir->as_bool(), mtime->as_int(),
                     static_cast<int>(repl->as_int()), block->as_int(), std::string(action->str())};
  return true;
}

}  // namespace

// ===========================================================================
// Public functions.
// ===========================================================================

std::string PrettyString(const Value& v) {
  std::string out;
  AppendPretty(v, &out);
  return out;
}

std::string ShowString(const std::vector<std::string>& columns,
                       const std::vector<std::vector<Value>>& rows, int num_rows, int truncate) {
  // Spark clamps numRows to [0, ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH - 1].
  const size_t limit = static_cast<size_t>(std::clamp<int64_t>(num_rows, 0, 2147483632LL - 1));
  const size_t shown = std::min(rows.size(), limit);
  const bool has_more = rows.size() > limit;

  std::vector<std::vector<std::string>> table;
  table.reserve(shown + 1);
  std::vector<std::string> header;
  for (const std::string& name : columns) header.push_back(EscapeMetaCharacters(name));
  table.push_back(std::move(header));
  for (size_t r = 0; r < shown; ++r) {
    std::vector<std::string> cells;
    for (size_t c = 0; c < columns.size(); ++c) {
      const Value v = c < rows[r].size() ? rows[r][c] : Value::Null();
      cells.push_back(TruncateCell(EscapeMetaCharacters(PrettyString(v)), truncate));
    }
    table.push_back(std::move(cells));
  }

  std::vector<int64_t> widths(columns.size(), 3);  // Spark's minimum column width
  for (const auto& cells : table)
    for (size_t c = 0; c < cells.size(); ++c) widths[c] = std::max(widths[c], HalfWidth(cells[c]));

  std::string sep = "+";
  for (int64_t w : widths) sep += std::string(static_cast<size_t>(w), '-') + "+";
  sep += "\n";

  std::string out = sep;
  AppendTableLine(table[0], widths, truncate > 0, &out);
  out += sep;
  for (size_t r = 1; r < table.size(); ++r) AppendTableLine(table[r], widths, truncate > 0, &out);
  out += sep;
  if (has_more) out += fmt::format("only showing top {} {}", limit, limit == 1 ? "row" : "rows");
  return out;
}

std::string ConsoleBatch(int64_t batch_id, const std::vector<std::string>& columns,
                         const std::vector<std::vector<Value>>& rows, int num_rows, int truncate) {
  const std::string dashes = "-------------------------------------------\n";
  return dashes + fmt::format("Batch: {}\n", batch_id) + dashes +
         ShowString(columns, rows, num_rows, truncate) + "\n";
}

std::string ToJsonLine(const std::vector<std::string>& columns, const std::vector<Value>& row) {
  std::string out = "{";
  bool first = true;
  for (size_t i = 0; i < columns.size() && i < row.size(); ++i) {
    if (row[i].is_null()) continue;
    if (!first) out.push_back(',');
    first = false;
    AppendJacksonString(columns[i], &out);
    out.push_back(':');
    AppendJsonValue(row[i], &out);
  }
  out.push_back('}');
  return out;
}

std::string ToCsvLine(const std::vector<Value>& row, char sep) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out.push_back(sep);
    if (row[i].is_null()) continue;  // nullValue is ""
    const std::string text = CsvText(row[i]);
    const std::string_view value = JavaTrim(text);
    if (value.empty()) { out += "\"\""; continue; }  // emptyValue for writing is ""
    if (value.find_first_of(std::string{sep, '"', '\n', '\r'}) == std::string_view::npos) {
      out.append(value);
      continue;
    }
    out.push_back('"');
    for (char c : value) {
      if (c == '"') out.push_back('\\');  // the escape option, a backslash
      out.push_back(c);
    }
    out.push_back('"');
  }
  return out;
}

std::string SinkLogBatch(const std::vector<SinkFileEntry>& files) {
  // CompactibleFileStreamLog.serialize: "v1", then "\n" and one JSON object per
  // entry, fields in SinkFileStatus's order.
  std::string out = "v1";
  for (const SinkFileEntry& f : files) {
    out += "\n{\"path\":";
    AppendJacksonString(f.path, &out);
    out += fmt::format(",\"size\":{},\"isDir\":{},\"modificationTime\":{},\"blockReplication\":{},\"blockSize\":{},"
                       "\"action\":", f.size, f.is_dir ? "true" : "false", f.modification_time,
                       f.block_replication, f.block_size);
    AppendJacksonString(f.action, &out);
    out.push_back('}');
  }
  return out;
}

Result<std::vector<SinkFileEntry>> ParseSinkLogBatch(std::string_view text, std::string_view file_name) {
  if (text.empty()) return LogError(file_name, 1, 1, "Incomplete log file");
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < text.size();) {  // Source.getLines: \n or \r\n; no empty last line
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(start, end - start);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    lines.push_back(l);
    start = end + 1;
  }
  TL_RETURN_IF_ERROR(ValidateLogVersion(lines[0], file_name));
  std::vector<SinkFileEntry> entries;
  for (size_t i = 1; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i + 1);
    Result<Value> parsed = ParseJson(lines[i]);
    if (!parsed.ok()) {
      const bool last = i + 1 == lines.size() && text.back() != '\n';
      // An error at the line's last byte or past it: the line ends inside a value.
      const bool cut = static_cast<size_t>(parsed.status().pos().column) >= lines[i].size();
      return LogError(file_name, line_no, std::max(1, parsed.status().pos().column),
                      fmt::format("damaged sink log entry{}: {}",
                                  last && cut ? " (the last line is cut short: was the file half written?)" : "",
                                  parsed.status().message()));
    }
    SinkFileEntry e;
    std::string what;
    if (!ReadSinkEntry(*parsed, &e, &what))
      return LogError(file_name, line_no, 1, fmt::format("damaged sink log entry: {}", what));
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace tideline::structured
