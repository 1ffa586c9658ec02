// Reading the files of a file source (Spark's FailureSafeParser with the CSV reader
// UnivocityParser and the JSON reader JacksonParser): the data types a schema names, the
// conversion of CSV fields and JSON values, and the reader that applies the parse mode.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

#include "core/common/strings.h"
#include "core/structured/file_records.h"
#include "core/structured/format_text.h"
#include "core/structured/formats.h"
#include "core/time/time.h"
#include "core/value/json.h"
#include "core/value/json_lenient.h"

namespace tideline::structured {
namespace {


// Double.parseDouble: white space around, a sign, "NaN", "Infinity", or a
// decimal number with an optional exponent and an optional f/F/d/D suffix.
bool ParseJavaDouble(std::string_view text, double* out) {
  std::string_view s = JavaTrim(text);
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) { neg = s[0] == '-'; s.remove_prefix(1); }
  if (s == "NaN") { *out = std::numeric_limits<double>::quiet_NaN(); return true; }
  if (s == "Infinity") { *out = neg ? -HUGE_VAL : HUGE_VAL; return true; }
  if (!s.empty() && std::strchr("fFdD", s.back()) != nullptr) s.remove_suffix(1);
  size_t k = 0, mantissa_digits = 0;
  auto digits = [&]() { size_t n = 0; while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k, ++n; return n; };
  mantissa_digits += digits();
  if (k < s.size() && s[k] == '.') { ++k; mantissa_digits += digits(); }
  if (mantissa_digits == 0) return false;
  bool negative_exponent = false;
  if (k < s.size() && (s[k] == 'e' || s[k] == 'E')) {
    ++k;
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) negative_exponent = s[k++] == '-';
    if (digits() == 0) return false;
  }
  if (k != s.size() || s.empty()) return false;
  std::string body(s);  // from_chars wants a digit on both sides of the point
  if (body[0] == '.') body.insert(body.begin(), '0');
  if (body.back() == '.') body.push_back('0');
  double d = 0;
  auto [p, ec] = std::from_chars(body.data(), body.data() + body.size(), d);
  if (ec == std::errc::result_out_of_range) d = negative_exponent ? 0.0 : HUGE_VAL;  // Java saturates
  else if (ec != std::errc() || p != body.data() + body.size()) return false;
  *out = neg ? -d : d;
  return true;
}

// ===========================================================================
// CSV (UnivocityParser with Spark's default options).
// ===========================================================================

// One CSV field as its column's type (UnivocityParser.makeConverter).
bool ConvertCsvField(std::string_view token, const SqlType& t, const CsvOptions& opts, Value* out) {
  switch (t.kind) {
    case SqlKind::kString: *out = Value::String(token); return true;
    case SqlKind::kTinyInt:
    case SqlKind::kSmallInt:
    case SqlKind::kInt:
    case SqlKind::kBigInt:  // Integer.parseInt / Long.parseLong: a sign and digits, nothing else
      return ParseCell(token, SqlKind::kBigInt, out) && InIntRange(out->as_int(), t.kind);
    case SqlKind::kDouble:
    case SqlKind::kDecimal: {  // no decimal values: read as a double
      double d;
      if (token == opts.nan_value) d = std::numeric_limits<double>::quiet_NaN();
      else if (token == opts.negative_inf) d = -HUGE_VAL;
      else if (token == opts.positive_inf) d = HUGE_VAL;
      else if (!ParseJavaDouble(token, &d)) return false;
      *out = Value::Double(d);
      return true;
    }
    case SqlKind::kBoolean:  // Scala's String.toBoolean
      if (AsciiIEq(token, "true")) { *out = Value::Bool(true); return true; }
      if (AsciiIEq(token, "false")) { *out = Value::Bool(false); return true; }
      return false;
    case SqlKind::kTimestamp:
    case SqlKind::kDate: {
      std::optional<Timestamp> ts = t.kind == SqlKind::kDate ? ParseSparkDate(token) : ParseSparkTimestamp(token);
      if (!ts) return false;
      *out = Value::Ts(*ts);
      return true;
    }
    case SqlKind::kArray:
    case SqlKind::kStruct:
    case SqlKind::kVoid:  // the last four: no DDL name parses to them
    case SqlKind::kInterval:
    case SqlKind::kOther:
    case SqlKind::kUnknown: return false;
  }
  return false;
}

// ===========================================================================
// JSON (JacksonParser with Spark's defaults: partial results and exact string
// parsing enabled). The text is validated by ParseJson first; SplitJson then gives
// the raw text of each value.
// ===========================================================================

// Calls f(element) for each element of a valid JSON array.
template <typename F>
void ForEachElement(std::string_view array, F f) {
  Result<JsonParts> parts = SplitJson(array);
  if (!parts.ok()) return;
  for (std::string_view e : parts->values) f(e);
}

// Calls f(key, value) for each member of a valid JSON object.
template <typename F>
void ForEachMember(std::string_view object, F f) {
  Result<JsonParts> parts = SplitJson(object);
  if (!parts.ok()) return;
  for (size_t i = 0; i < parts->keys.size(); ++i) f(parts->keys[i], parts->values[i]);
}

bool IsJsonIntToken(std::string_view v) {
  return !v.empty() && (v[0] == '-' || std::isdigit(static_cast<unsigned char>(v[0]))) &&
         v.find_first_of(".eE") == kNpos;
}
bool IsJsonNumberToken(std::string_view v) {
  return !v.empty() && (v[0] == '-' || std::isdigit(static_cast<unsigned char>(v[0])));
}

// JacksonParser's StringAsDataTypeException: a string in a DOUBLE or FLOAT
// column. When it is a record's first failure, FAILFAST names it.
struct StringAsType {
  std::string field, value, type;
};

// A converted value. `bad` means a conversion failed somewhere; `partial` means
// the value still holds what did convert (a struct or array with failed parts);
// `cause` is set when the first failure was a StringAsType.
struct Converted {
  Value value;
  bool bad = false;
  bool partial = false;
  std::optional<StringAsType> cause;

  static Converted Of(Value v) { return {std::move(v), false, false, std::nullopt}; }
};

Converted Failed(std::optional<StringAsType> cause = std::nullopt) {
  return {Value::Null(), true, false, std::move(cause)};
}

struct Fields {
  std::vector<Value> values;
  bool bad = false;
  std::optional<StringAsType> cause;
};

Converted ConvertJson(std::string_view key, std::string_view v, const SqlType& t, const JacksonFeatures& f);

// convertObject: members matched to fields by name (exactly at the top level;
// nested names also ignoring case, since ParseSchema upper-cases nested types).
Fields ConvertObjectFields(std::string_view object, const std::vector<std::string>& names,
                           const std::vector<SqlType>& types, bool nested, const JacksonFeatures& f) {
  Fields out;
  out.values.resize(names.size());
  ForEachMember(object, [&](std::string_view key, std::string_view value) {
    auto it = std::find(names.begin(), names.end(), key);
    if (it == names.end() && nested)
      it = std::find_if(names.begin(), names.end(), [&](const std::string& n) { return AsciiIEq(n, key); });
    if (it == names.end()) return;
    const size_t idx = static_cast<size_t>(it - names.begin());
    Converted c = ConvertJson(key, value, types[idx], f);
    if (c.bad && !out.bad) out.cause = std::move(c.cause);  // the first failure is the one reported
    if (c.bad) out.bad = true;
    if (!c.bad || c.partial) out.values[idx] = std::move(c.value);
  });
  return out;
}

Converted ConvertJsonString(std::string_view key, std::string_view v, const SqlType& t, const JacksonFeatures& f) {
  Result<Value> parsed = ParseJson(v);
  if (!parsed.ok() || parsed->type() != ValueType::kString) return Failed();
  const std::string_view s = parsed->str();
  switch (t.kind) {
    case SqlKind::kDecimal:
    case SqlKind::kDouble:  // allowNonNumericNumbers: the special values may be strings
      if (!f.allow_non_numeric_numbers) {
        if (s.empty() || *t.spark_class == '\0') return Failed();
        return Failed(StringAsType{std::string(key), std::string(s), t.spark_class});
      }
      if (s == "NaN") return Converted::Of(Value::Double(std::numeric_limits<double>::quiet_NaN()));
      if (s == "+INF" || s == "+Infinity" || s == "Infinity") return Converted::Of(Value::Double(HUGE_VAL));
      if (s == "-INF" || s == "-Infinity") return Converted::Of(Value::Double(-HUGE_VAL));
      if (s.empty() || *t.spark_class == '\0') return Failed();
      return Failed(StringAsType{std::string(key), std::string(s), t.spark_class});
    case SqlKind::kTimestamp:
    case SqlKind::kDate: {
      std::optional<Timestamp> ts = t.kind == SqlKind::kDate ? ParseSparkDate(s) : ParseSparkTimestamp(s);
      return ts ? Converted::Of(Value::Ts(*ts)) : Failed();
    }
    default: return Failed();
  }
}

Converted ConvertJson(std::string_view key, std::string_view v, const SqlType& t, const JacksonFeatures& f) {
  if (v == "null") return Converted::Of(Value::Null());
  if (t.kind == SqlKind::kString) {
    // A string keeps its text; any other value is kept exactly as written.
    if (v[0] != '"') return Converted::Of(Value::String(v));
    Result<Value> s = ParseJson(v);
    return s.ok() ? Converted::Of(*s) : Failed();
  }
  if (v[0] == '"') return ConvertJsonString(key, v, t, f);
  switch (t.kind) {
    case SqlKind::kBoolean:
      if (v == "true" || v == "false") return Converted::Of(Value::Bool(v == "true"));
      return Failed();
    case SqlKind::kTinyInt:
    case SqlKind::kSmallInt:
    case SqlKind::kInt:
    case SqlKind::kBigInt:
    case SqlKind::kTimestamp: {  // a JSON integer is a count of seconds for a timestamp
      if (!IsJsonIntToken(v)) return Failed();
      Result<Value> n = ParseJson(v);
      if (!n.ok() || n->type() != ValueType::kInt) return Failed();  // beyond 64 bits
      if (t.kind == SqlKind::kTimestamp) {  // Java's long multiplication wraps; so does this one
        const uint64_t micros = static_cast<uint64_t>(n->as_int()) * 1000000u;
        return Converted::Of(Value::Ts(Timestamp::FromMicros(static_cast<int64_t>(micros))));
      }
      return InIntRange(n->as_int(), t.kind) ? Converted::Of(*n) : Failed();
    }
    case SqlKind::kDouble:
    case SqlKind::kDecimal: {  // no decimal values: read as a double
      if (!IsJsonNumberToken(v)) return Failed();
      Result<Value> n = ParseJson(v);
      return n.ok() && n->is_number() ? Converted::Of(Value::Double(n->num())) : Failed();
    }
    case SqlKind::kArray: {
      if (v[0] != '[') return Failed();
      std::vector<Value> items;
      bool partial = false, broken = false, failed = false;
      std::optional<StringAsType> cause;
      ForEachElement(v, [&](std::string_view e) {
        if (broken) return;
        Converted c = ConvertJson(key, e, t.children[0], f);
        if (c.bad && !failed) cause = std::move(c.cause);
        failed = failed || c.bad;
        broken = c.bad && !c.partial;  // the failure of an element fails the array
        partial = partial || c.partial;
        items.push_back(std::move(c.value));
      });
      if (broken) return Failed(std::move(cause));
      return {Value::Array(std::move(items)), partial, partial, std::move(cause)};
    }
    case SqlKind::kStruct: {
      if (v[0] != '{') return Failed();
      Fields fields = ConvertObjectFields(v, t.names, t.children, /*nested=*/true, f);
      return {Value::Struct(t.struct_type, std::move(fields.values)), fields.bad, fields.bad, std::move(fields.cause)};
    }
    default: return Failed();
  }
}

// ===========================================================================
// Reading a file: records, then FailureSafeParser's handling of bad ones.
// ===========================================================================

using Format = RecordFormat;

// What one record gave: rows, or, when malformed, the rows that could be partly
// read (none when nothing could).
struct Outcome {
  std::vector<std::vector<Value>> rows;
  bool malformed = false;
  std::optional<StringAsType> cause;  // JSON only
};

// InternalRow.toString, the form of the bad record in FAILFAST's message:
// strings bare, timestamps as microseconds, null as "null", no spaces.
void AppendInternal(const Value& v, std::string* out) {
  switch (v.type()) {
    case ValueType::kNull: *out += "null"; return;
    case ValueType::kTimestamp: *out += std::to_string(v.as_int()); return;
    case ValueType::kArray:
    case ValueType::kTuple:
    case ValueType::kStruct: {
      out->push_back('[');
      bool first = true;
      for (const Value& e : v.items()) {
        if (!first) out->push_back(',');
        first = false;
        AppendInternal(e, out);
      }
      out->push_back(']');
      return;
    }
    default: AppendPretty(v, out);
  }
}

std::string MalformedRecordMessage(const std::vector<Value>& row) {
  std::string record;
  if (row.empty()) {
    record = "[empty row]";
  } else {
    Value as_struct = Value::Tuple(row);
    AppendInternal(as_struct, &record);
  }
  // error-conditions.json: the message, " " and the (empty) sub-condition
  // message, then " SQLSTATE: 22023" -- hence the two spaces.
  return fmt::format(
      "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record "
      "parsing: {}.\nParse Mode: FAILFAST. To process malformed records as null result, try "
      "setting the option 'mode' as 'PERMISSIVE'.  SQLSTATE: 22023",
      record);
}

std::string CannotParseStringMessage(std::string_view record, const StringAsType& c) {
  // toSQLId quotes the name in backticks, toSQLValue the value in single quotes.
  std::string value = "'";
  for (char ch : c.value) {
    if (ch == '\\' || ch == '\'') value.push_back('\\');
    value.push_back(ch);
  }
  value.push_back('\'');
  std::string field = "`";
  for (char ch : c.field) field += ch == '`' ? std::string("``") : std::string(1, ch);
  field.push_back('`');
  return fmt::format(
      "[MALFORMED_RECORD_IN_PARSING.CANNOT_PARSE_STRING_AS_DATATYPE] Malformed records are detected in "
      "record parsing: {}.\nParse Mode: FAILFAST. To process malformed records as null result, try setting "
      "the option 'mode' as 'PERMISSIVE'. Cannot parse the value {} of the field {} as target spark data "
      "type {} from the input type StringType. SQLSTATE: 22023",
      record, value, field, c.type);
}

std::string DatasourceName(Format f) { return f == Format::kCsv ? "CSV" : f == Format::kJson ? "JSON" : "Text"; }

class FileReader {
 public:
  FileReader(const Schema& schema, const ReadOptions& opts, std::string_view file_name)
      : schema_(schema), opts_(opts), file_name_(file_name) {}

  Status Prepare(Format format);
  Result<ParsedFile> Read(Format format, std::string_view content);

 private:
  std::vector<Value> NullRow() const { return std::vector<Value>(schema_.fields.size()); }
  Outcome ReadCsv(std::string_view line) const;
  Outcome ReadJson(std::string_view line) const;
  std::vector<Value> JsonRow(std::string_view object, Outcome* o) const;
  Outcome ReadJsonDocument(std::string_view line) const;
  Status Deliver(const FileRecord& line, Outcome outcome, ParsedFile* out) const;

  // Configuration, resolved once by Prepare.
  const Schema& schema_;
  const ReadOptions& opts_;
  std::string file_name_;
  int corrupt_index_ = -1;            // schema index of the corrupt-record column, or -1
  std::vector<size_t> data_index_;    // schema index of each data column
  std::vector<std::string> data_names_;
  std::vector<SqlType> data_types_;
};

Status FileReader::Prepare(Format format) {
  const std::vector<Field>& fields = schema_.fields;
  if (format == Format::kText) {
    // TextFileFormat.verifySchema
    if (fields.size() != 1)
      return Status::Analysis(fmt::format(
          "Text data source supports only a single column, and you have {} columns.", fields.size()));
  } else {
    for (size_t i = 0; i < fields.size(); ++i)
      if (fields[i].name == opts_.corrupt_column) corrupt_index_ = static_cast<int>(i);
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    const SqlType& t = fields[i].type;
    if (static_cast<int>(i) == corrupt_index_) {
      if (t.kind != SqlKind::kString)
        return Status::Analysis(fmt::format(
            "[INVALID_CORRUPT_RECORD_TYPE] The column `{}` for corrupt records must have the nullable "
            "STRING type, but got \"{}\". SQLSTATE: 42804", fields[i].name, t.text));
      continue;
    }
    const bool supported = t.is_modeled() && (format == Format::kJson || (format == Format::kCsv && t.is_scalar()) ||
                                              (format == Format::kText && t.kind == SqlKind::kString));
    if (!supported)
      return Status::Analysis(fmt::format(
          "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The {} datasource doesn't support the column `{}` of "
          "the type \"{}\". SQLSTATE: 0A000", DatasourceName(format), fields[i].name, t.text));
    data_index_.push_back(i);
    data_names_.push_back(fields[i].name);
    data_types_.push_back(t);
  }
  return Status::Ok();
}

Result<ParsedFile> FileReader::Read(Format format, std::string_view content) {
  TL_RETURN_IF_ERROR(Prepare(format));
  ParsedFile out;
  bool header_pending = format == Format::kCsv && opts_.header;
  for (const FileRecord& line : SplitRecords(content, format, opts_)) {
    if (format == Format::kText) {
      out.rows.push_back({Value::String(line.text)});
      continue;
    }
    // CSV skips blank and comment lines (univocity; CSVExprUtils.filterCommentAndEmpty); the
    // header is the first other one.
    if (format == Format::kCsv && SkipCsvRecord(line.text, opts_.csv)) continue;
    if (header_pending) { header_pending = false; continue; }
    Outcome o = format == Format::kCsv ? ReadCsv(line.text) : ReadJson(line.text);
    TL_RETURN_IF_ERROR(Deliver(line, std::move(o), &out));
  }
  return out;
}

Outcome FileReader::ReadCsv(std::string_view line) const {
  thread_local std::vector<std::optional<std::string>> tokens;
  SplitCsvRecord(line, opts_, &tokens);
  Outcome o;
  // More or fewer fields than columns is malformed, but the fields present are still read.
  o.malformed = tokens.size() != data_index_.size();
  std::vector<Value> row = NullRow();
  for (size_t i = 0; i < data_index_.size(); ++i) {
    // A missing field is null, and so is a field SplitCsvRecord reads as null (nullValue).
    if (i >= tokens.size() || !tokens[i]) continue;
    Value v;
    if (ConvertCsvField(*tokens[i], data_types_[i], opts_.csv, &v)) row[data_index_[i]] = std::move(v);
    else o.malformed = true;
  }
  o.rows.push_back(std::move(row));
  return o;
}

// One object as a row; a failure marks the outcome malformed (the first one gives its cause).
std::vector<Value> FileReader::JsonRow(std::string_view object, Outcome* o) const {
  Fields f = ConvertObjectFields(object, data_names_, data_types_, /*nested=*/false, opts_.json);
  if (f.bad && !o->malformed) o->cause = std::move(f.cause);
  o->malformed = o->malformed || f.bad;
  std::vector<Value> row = NullRow();
  for (size_t i = 0; i < data_index_.size(); ++i) row[data_index_[i]] = std::move(f.values[i]);
  return row;
}

// A record as Jackson reads it under the options: strict JSON at once (simdjson); a record
// that is not strict JSON is rewritten as strict JSON first when the options allow more
// (single quotes, comments, NaN, ...), and is malformed when even they refuse it.
Outcome FileReader::ReadJson(std::string_view line) const {
  if (line.find_first_not_of(" \t\r\n") == std::string_view::npos) return Outcome{};  // no token: no row
  Outcome o = ReadJsonDocument(line);
  if (!o.malformed || !o.rows.empty() || opts_.json.strict()) return o;
  Result<std::string> strict = NormalizeJackson(line, opts_.json);
  if (!strict.ok()) return o;
  if (strict->empty()) return Outcome{};  // comments alone: no token, no row
  return ReadJsonDocument(*strict);
}

Outcome FileReader::ReadJsonDocument(std::string_view line) const {
  Outcome o;
  // Jackson reads the first value only; text after it is not read (simdjson still
  // indexes it, so a string left open or invalid UTF-8 there makes the record corrupt).
  Result<JsonParts> first = SplitJson(line);
  const std::string_view doc = first.ok() ? first->text : std::string_view();
  if (doc.empty() || !ParseJson(doc).ok() || (doc[0] != '{' && doc[0] != '[')) {
    o.malformed = true;  // not JSON, or a scalar where a row was expected: nothing is kept
    return o;
  }
  if (doc[0] == '{') {
    o.rows.push_back(JsonRow(doc, &o));
    return o;
  }
  // A top-level array: one row per object; anything else in it fails the whole record.
  bool broken = false;
  ForEachElement(doc, [&](std::string_view e) {
    if (broken) return;
    if (e[0] != '{') { broken = true; return; }
    o.rows.push_back(JsonRow(e, &o));
  });
  if (broken) o = Outcome{{}, true, std::nullopt};
  return o;
}

Status FileReader::Deliver(const FileRecord& line, Outcome o, ParsedFile* out) const {
  if (!o.malformed) {
    for (auto& row : o.rows) out->rows.push_back(std::move(row));
    return Status::Ok();
  }
  ++out->malformed;
  if (o.rows.empty()) o.rows.push_back(NullRow());
  if (corrupt_index_ >= 0)
    for (auto& row : o.rows) row[static_cast<size_t>(corrupt_index_)] = Value::String(line.text);
  switch (opts_.mode) {
    case ParseMode::kDropMalformed:
      return Status::Ok();
    case ParseMode::kPermissive:
      for (auto& row : o.rows) out->rows.push_back(std::move(row));
      return Status::Ok();
    case ParseMode::kFailFast:
      // FailureSafeParser names a StringAsDataTypeException with the raw record,
      // anything else with the row it got as far as.
      return Status::Error(StatusCode::kRuntimeError,
                           o.cause ? CannotParseStringMessage(line.text, *o.cause)
                                   : MalformedRecordMessage(o.rows.front()),
                           SourcePos{file_name_, line.number, 1});
  }
  return Status::Ok();
}

}  // namespace

const char* ParseModeName(ParseMode mode) {
  switch (mode) {
    case ParseMode::kPermissive: return "PERMISSIVE";
    case ParseMode::kDropMalformed: return "DROPMALFORMED";
    case ParseMode::kFailFast: return "FAILFAST";
  }
  return "PERMISSIVE";
}

Result<ParseMode> ParseModeFromString(std::string_view text, std::string* warning) {
  if (warning != nullptr) warning->clear();
  for (ParseMode m : {ParseMode::kPermissive, ParseMode::kDropMalformed, ParseMode::kFailFast})
    if (AsciiIEq(text, ParseModeName(m))) return m;
  if (warning != nullptr) *warning = fmt::format("{} is not a valid parse mode. Using PERMISSIVE.", text);
  return ParseMode::kPermissive;
}

Result<ParsedFile> ParseFileContent(std::string_view format, std::string_view content,
                                    const Schema& schema, const ReadOptions& opts,
                                    std::string_view file_name) {
  Format f;
  if (AsciiIEq(format, "text")) f = Format::kText;
  else if (AsciiIEq(format, "csv")) f = Format::kCsv;
  else if (AsciiIEq(format, "json")) f = Format::kJson;
  else return Status::InvalidArgument(fmt::format("unknown file format '{}' (expected text, csv or json)", format));
  return FileReader(schema, opts, file_name).Read(f, content);
}

}  // namespace tideline::structured
