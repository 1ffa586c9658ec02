// The reader options of the file sources, read as Spark 4.0 reads them: JSONOptions
// (catalyst/json/JSONOptions.scala) and CSVOptions (catalyst/csv/CSVOptions.scala), with
// CSVExprUtils.toDelimiterStr for the separator. Names are case-insensitive
// (CaseInsensitiveMap); unknown names are ignored, as Spark ignores them.
#include <fmt/format.h>

#include <optional>

#include "core/common/strings.h"
#include "core/structured/formats.h"

namespace tideline::structured {
namespace {

using Options = std::vector<std::pair<std::string, std::string>>;

std::optional<std::string> Get(const Options& options, std::string_view name) {
  std::optional<std::string> found;
  for (const auto& [key, value] : options)
    if (AsciiIEq(key, name)) found = value;  // CaseInsensitiveMap: the last one wins
  return found;
}

Status OptionError(std::string message) { return Status::Error(StatusCode::kRuntimeError, std::move(message)); }

// Scala's String.toBoolean, as JSONOptions reads its flags (and CSVOptions reads multiLine).
Status ToBoolean(const Options& options, std::string_view name, bool* out) {
  const std::optional<std::string> v = Get(options, name);
  if (!v) return Status::Ok();
  if (AsciiIEq(*v, "true")) *out = true;
  else if (AsciiIEq(*v, "false")) *out = false;
  else return OptionError(fmt::format("For input string: \"{}\"", *v));
  return Status::Ok();
}

// CSVOptions.getBool: [_LEGACY_ERROR_TEMP_2147].
Status GetBool(const Options& options, std::string_view name, bool* out) {
  const std::optional<std::string> v = Get(options, name);
  if (!v) return Status::Ok();
  if (AsciiIEq(*v, "true")) *out = true;
  else if (AsciiIEq(*v, "false")) *out = false;
  else return OptionError(fmt::format("{} flag can be true or false.", name));
  return Status::Ok();
}

// CSVOptions.getChar: empty is U+0000 (the feature off); more than one character is
// [_LEGACY_ERROR_TEMP_2145].
Status GetChar(const Options& options, std::string_view name, char* out) {
  const std::optional<std::string> v = Get(options, name);
  if (!v) return Status::Ok();
  if (v->empty()) *out = '\0';
  else if (v->size() == 1) *out = (*v)[0];
  else return OptionError(fmt::format("{} cannot be more than one character.", name));
  return Status::Ok();
}

std::string DelimiterError(std::string_view sub, std::string_view message) {
  return fmt::format("[INVALID_DELIMITER_VALUE.{}] Invalid value for delimiter. {} SQLSTATE: 42602", sub, message);
}

// CSVExprUtils.toChar of one character or one backslash escape.
Result<char> DelimiterChar(std::string_view str) {
  if (str.empty()) return OptionError(DelimiterError("EMPTY_STRING", "Delimiter cannot be empty string."));
  if (str == "\\")
    return OptionError(DelimiterError("SINGLE_BACKSLASH",
        "Single backslash is prohibited. It has special meaning as beginning of an escape sequence. To get the "
        "backslash character, pass a string with two backslashes as the delimiter."));
  if (str.size() == 1) return str[0];
  if (str[0] == '\\') {
    switch (str[1]) {
      case 't': return '\t';
      case 'r': return '\r';
      case 'b': return '\b';
      case 'f': return '\f';
      case '"': return '"';
      case '\'': return '\'';
      case '\\': return '\\';
      default: break;
    }
    return OptionError(DelimiterError("UNSUPPORTED_SPECIAL_CHARACTER",
                                      fmt::format("Unsupported special character for delimiter: {}.", str)));
  }
  return OptionError(DelimiterError("DELIMITER_LONGER_THAN_EXPECTED",
                                    fmt::format("Delimiter cannot be more than one character: {}.", str)));
}

// CSVExprUtils.toDelimiterStr: each character, or backslash and the next, as toChar reads it.
Result<std::string> DelimiterString(std::string_view str) {
  if (str.empty()) return OptionError(DelimiterError("EMPTY_STRING", "Delimiter cannot be empty string."));
  std::string out;
  for (size_t i = 0; i < str.size();) {
    const size_t n = str[i] == '\\' ? 2 : 1;
    TL_ASSIGN_OR_RETURN(char c, DelimiterChar(str.substr(i, n)));
    out.push_back(c);
    i += n;
  }
  return out;
}

Status ReadJsonOptions(const Options& o, ReadOptions* r) {
  JacksonFeatures& f = r->json;
  bool inference_only = false;  // primitivesAsString, prefersDecimal, dropFieldIfAllNull
  for (std::string_view name : {"primitivesAsString", "prefersDecimal", "dropFieldIfAllNull"})
    TL_RETURN_IF_ERROR(ToBoolean(o, name, &inference_only));
  TL_RETURN_IF_ERROR(ToBoolean(o, "allowComments", &f.allow_comments));
  TL_RETURN_IF_ERROR(ToBoolean(o, "allowUnquotedFieldNames", &f.allow_unquoted_field_names));
  TL_RETURN_IF_ERROR(ToBoolean(o, "allowSingleQuotes", &f.allow_single_quotes));
  TL_RETURN_IF_ERROR(ToBoolean(o, "allowNumericLeadingZeros", &f.allow_numeric_leading_zeros));
  TL_RETURN_IF_ERROR(ToBoolean(o, "allowNonNumericNumbers", &f.allow_non_numeric_numbers));
  TL_RETURN_IF_ERROR(ToBoolean(o, "allowBackslashEscapingAnyCharacter", &f.allow_backslash_escaping_any));
  TL_RETURN_IF_ERROR(ToBoolean(o, "allowUnquotedControlChars", &f.allow_unquoted_control_chars));
  TL_RETURN_IF_ERROR(ToBoolean(o, "multiLine", &r->multi_line));
  if (std::optional<std::string> sep = Get(o, "lineSep")) {
    if (sep->empty()) return OptionError("requirement failed: 'lineSep' cannot be an empty string.");
    r->line_sep = *sep;
  }
  return Status::Ok();
}

Status ReadCsvOptions(const Options& o, ReadOptions* r) {
  CsvOptions& c = r->csv;
  std::optional<std::string> sep = Get(o, "sep");
  if (!sep) sep = Get(o, "delimiter");
  if (sep) {
    TL_ASSIGN_OR_RETURN(r->sep, DelimiterString(*sep));
  }
  TL_RETURN_IF_ERROR(GetChar(o, "quote", &c.quote));
  TL_RETURN_IF_ERROR(GetChar(o, "escape", &c.escape));
  if (std::optional<std::string> comment = Get(o, "comment")) {
    TL_RETURN_IF_ERROR(GetChar(o, "comment", &c.comment));
    c.has_comment = comment->size() == 1;  // isCommentSet
  }
  TL_RETURN_IF_ERROR(GetBool(o, "header", &r->header));
  bool unused = false;
  TL_RETURN_IF_ERROR(GetBool(o, "inferSchema", &unused));
  TL_RETURN_IF_ERROR(GetBool(o, "ignoreLeadingWhiteSpace", &c.ignore_leading_white_space));
  TL_RETURN_IF_ERROR(GetBool(o, "ignoreTrailingWhiteSpace", &c.ignore_trailing_white_space));
  if (auto v = Get(o, "nullValue")) c.null_value = *v;
  if (auto v = Get(o, "emptyValue")) c.empty_value = *v;
  if (auto v = Get(o, "nanValue")) c.nan_value = *v;
  if (auto v = Get(o, "positiveInf")) c.positive_inf = *v;
  if (auto v = Get(o, "negativeInf")) c.negative_inf = *v;
  TL_RETURN_IF_ERROR(ToBoolean(o, "multiLine", &r->multi_line));
  if (std::optional<std::string> line_sep = Get(o, "lineSep")) {
    if (line_sep->empty()) return OptionError("requirement failed: 'lineSep' cannot be an empty string.");
    if (line_sep->size() > 2) return OptionError("requirement failed: 'lineSep' can contain only 1 character.");
    r->line_sep = *line_sep;
  }
  return Status::Ok();
}

}  // namespace

Result<ReadOptions> ParseReadOptions(std::string_view format, const Options& options, std::string* warning) {
  ReadOptions r;
  if (std::optional<std::string> mode = Get(options, "mode")) {
    TL_ASSIGN_OR_RETURN(r.mode, ParseModeFromString(*mode, warning));
  }
  if (std::optional<std::string> corrupt = Get(options, "columnNameOfCorruptRecord")) r.corrupt_column = *corrupt;
  for (std::string_view unsupported : {"timestampFormat", "dateFormat", "timestampNTZFormat", "locale", "timeZone"})
    if (Get(options, unsupported) && !AsciiIEq(format, "text"))
      return Status::InvalidArgument(fmt::format(
          "the reader option '{}' is not supported by Tideline: timestamps and dates are read in Spark's default "
          "formats, in UTC", unsupported));
  if (AsciiIEq(format, "json")) TL_RETURN_IF_ERROR(ReadJsonOptions(options, &r));
  if (AsciiIEq(format, "csv")) TL_RETURN_IF_ERROR(ReadCsvOptions(options, &r));
  return r;
}

}  // namespace tideline::structured
