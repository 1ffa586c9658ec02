#pragma once
// The text formats of Structured Streaming's built-in sources and sinks, as
// Spark 4.0 writes and reads them:
//   - the console sink: Dataset.showString and the "Batch: N" block of ConsoleWrite;
//   - the file sources: text, CSV and JSON lines read against a schema under a
//     parse mode (PERMISSIVE, DROPMALFORMED, FAILFAST), as FailureSafeParser does;
//   - the file sink: a row as Spark's JSON and CSV writers write it, and one batch
//     of the `_spark_metadata` log of FileStreamSinkLog.
// Pure functions over values and strings: no I/O, no clock, thread-safe, and
// the same input always gives the same bytes.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"
#include "core/value/json_lenient.h"
#include "core/value/schema.h"
#include "core/value/value.h"

namespace tideline::structured {

// ---------------------------------------------------------------------------
// Console sink (sql/core/.../classic/Dataset.scala showString,
// execution/streaming/sources/ConsoleWrite.scala).
// ---------------------------------------------------------------------------

// The text of one cell as Spark's ToPrettyString casts it: NULL (also inside
// arrays and structs), Java's Double.toString, timestamps in UTC as
// "yyyy-MM-dd HH:mm:ss[.ffffff]" without trailing zeros, arrays "[1, NULL]",
// structs and tuples "{a, 1}".
std::string PrettyString(const Value& v);

// Dataset.showString(num_rows, truncate, vertical = false): the table with its
// separator lines and, when rows were left out, the footer
// "only showing top N row(s)" (no newline after it, as in Spark 4.0).
// truncate > 0 right-aligns cells and cuts those longer than `truncate`
// (UTF-16 units, as Java counts) to truncate-3 characters plus "..."; truncate
// <= 0 left-aligns and never cuts. Column names are never cut. Control
// characters are escaped (\n, \t, ...), full-width characters count twice.
// REQUIRES: every row has columns.size() values (missing ones print NULL).
std::string ShowString(const std::vector<std::string>& columns,
                       const std::vector<std::vector<Value>>& rows, int num_rows,
                       int truncate);

// What the console sink prints for one batch: three lines
// "-------------------------------------------", "Batch: N", the dashes again,
// then the show string and the newline that `println` adds after it (so a
// table without footer is followed by an empty line). `truncate` is passed to
// ShowString as is; the sink's option truncate=true is 20, false is 0.
std::string ConsoleBatch(int64_t batch_id, const std::vector<std::string>& columns,
                         const std::vector<std::vector<Value>>& rows, int num_rows,
                         int truncate);

// ---------------------------------------------------------------------------
// File sources (catalyst/util/ParseMode.scala, FailureSafeParser.scala,
// csv/UnivocityParser.scala, json/JacksonParser.scala).
// ---------------------------------------------------------------------------

enum class ParseMode { kPermissive, kDropMalformed, kFailFast };

// "PERMISSIVE", "DROPMALFORMED" or "FAILFAST".
const char* ParseModeName(ParseMode mode);

// The `mode` option, case-insensitive. Spark has no error for an unknown mode:
// ParseMode.fromString logs "<mode> is not a valid parse mode. Using
// PERMISSIVE." and reads permissively, and so does this function, which never
// fails; `warning`, when given, receives that sentence (empty when valid).
Result<ParseMode> ParseModeFromString(std::string_view text, std::string* warning = nullptr);

// CSVOptions' reading options beyond the separator (Spark 4.0's read defaults).
struct CsvOptions {
  char quote = '"';    // '\0' turns quoting off
  char escape = '\\';  // escapes a quote inside a quoted field
  char comment = '\0';
  bool has_comment = false;  // a line starting with `comment` is skipped
  bool ignore_leading_white_space = false;
  bool ignore_trailing_white_space = false;
  std::string null_value;   // a field equal to it is null (an empty unquoted field always is)
  std::string empty_value;  // what a quoted empty field "" reads as
  std::string nan_value = "NaN", positive_inf = "Inf", negative_inf = "-Inf";  // DOUBLE fields
};

struct ReadOptions {
  ParseMode mode = ParseMode::kPermissive;
  std::string corrupt_column = "_corrupt_record";  // columnNameOfCorruptRecord
  std::string sep = ",";  // CSV only: the separator, one or more characters
  bool header = false;    // CSV only: the first non-blank line of the file is skipped
  bool multi_line = false;  // JSON: the file is one record; CSV: quoted fields may span lines
  std::string line_sep;     // lineSep: records end at exactly this text (empty: \n, \r\n or \r)
  JacksonFeatures json;     // JSON only
  CsvOptions csv;           // CSV only
};

// The options of a file source (name, value; names case-insensitive, the last of a name
// wins, unknown names ignored) read as Spark's JSONOptions or CSVOptions read them for
// `format` ("json", "csv" or "text"). Errors carry Spark's messages: a flag that is not true
// or false ("For input string: \"x\"" for JSON, "header flag can be true or false." for
// CSV), a quote, escape or comment of more than one character, a bad separator
// ([INVALID_DELIMITER_VALUE.*]), an empty lineSep; and a timestampFormat, dateFormat, locale
// or timeZone, which Tideline does not implement. An unknown mode reads permissively and
// sets `warning`, as ParseModeFromString does.
Result<ReadOptions> ParseReadOptions(std::string_view format,
                                     const std::vector<std::pair<std::string, std::string>>& options,
                                     std::string* warning = nullptr);

struct ParsedFile {
  std::vector<std::vector<Value>> rows;  // schema.fields.size() values each, schema order
  int64_t malformed = 0;                 // malformed records, in every mode
};

// Reads one file of a file source.
//   format "text": one row per line, its single STRING column holding the line
//     (empty lines included); never malformed.
//   format "csv": one record per non-blank line (or per record, with opts.multi_line),
//     cut into fields under opts.sep and opts.csv (quote, escape, comment, white space,
//     nullValue, emptyValue: file_records.h); null fields stay null; a record is
//     malformed when it has
//     more or fewer fields than the schema's data columns or a field does not
//     convert to its column's type.
//   format "json": JSON Lines (the whole file with opts.multi_line), each record read as
//     Jackson reads it with opts.json (json_lenient.h); blank lines are skipped; a top-level array of
//     objects gives one row per object; keys match column names exactly, unknown
//     keys are ignored; a STRING column keeps the exact text of a non-string
//     value; a record is malformed when it is not valid JSON, not an object (or
//     array of objects), or a value does not convert.
// Types: INT, BIGINT, SMALLINT, TINYINT, DOUBLE (and DECIMAL, read as a double),
// STRING, BOOLEAN, TIMESTAMP (UTC), DATE (midnight UTC); JSON also ARRAY<..> and
// STRUCT<..>, nested. Line ends are \n, \r\n or \r.
// Malformed records follow opts.mode: PERMISSIVE keeps the row, with the values
// that did convert (CSV, and JSON fields) and nulls elsewhere, and the raw line
// in the column named opts.corrupt_column when the schema has it;
// DROPMALFORMED drops it; FAILFAST stops with Spark's
// [MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] message (a runtime error
// positioned at file_name:line). `malformed` counts them in every mode.
// Errors: an unknown format, a corrupt-record column that is not STRING
// ([INVALID_CORRUPT_RECORD_TYPE]), a type the format cannot read.
Result<ParsedFile> ParseFileContent(std::string_view format, std::string_view content,
                                    const Schema& schema, const ReadOptions& opts,
                                    std::string_view file_name);

// ---------------------------------------------------------------------------
// File sink (json/JacksonGenerator.scala, csv/UnivocityGenerator.scala,
// execution/streaming/FileStreamSinkLog.scala, CompactibleFileStreamLog.scala).
// ---------------------------------------------------------------------------

// One row as Spark's JSON writer writes it, without the line end: fields in
// column order, null fields left out (also inside structs), timestamps as
// "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" in UTC ("1970-01-01T00:00:10.000Z"), doubles
// with Java's Double.toString ("NaN" and "Infinity" as strings), tuples as
// objects with fields _1, _2, ...
// REQUIRES: row.size() == columns.size().
std::string ToJsonLine(const std::vector<std::string>& columns, const std::vector<Value>& row);

// One row as Spark's CSV writer writes it, without the line end: null is
// empty, the empty string is "", leading and trailing white space is trimmed
// (ignoreLeading/TrailingWhiteSpace are true for writing), a value containing
// the separator, a quote or a line break is quoted with `"` inside escaped as
// `\"`; timestamps as in ToJsonLine, doubles as Java prints them. Arrays and
// structs, which Spark's CSV writer refuses, are written as their PrettyString.
std::string ToCsvLine(const std::vector<Value>& row, char sep = ',');

// One SinkFileStatus of the file sink's metadata log.
struct SinkFileEntry {
  std::string path;  // as Spark writes it, a URI such as file:///out/part-00000-....json
  int64_t size = 0;
  bool is_dir = false;
  int64_t modification_time = 0;  // milliseconds since the epoch
  int block_replication = 1;
  int64_t block_size = 33554432;  // the local file system's default block size (32 MiB)
  std::string action = "add";     // "add" or "delete"
};

// The content of one batch file of `_spark_metadata`: the line "v1", then one
// JSON object per file with Spark's field names (path, size, isDir,
// modificationTime, blockReplication, blockSize, action); no newline at the end.
std::string SinkLogBatch(const std::vector<SinkFileEntry>& files);

// Reads a batch file written by SinkLogBatch (or by Spark). A damaged file is
// a corruption error positioned at file_name:line:column: an empty file
// ("Incomplete log file"), a bad version line ([MALFORMED_LOG_FILE]), a newer
// version ([INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION]), a line that is not a
// JSON object or lacks a field or has one of the wrong type (a half-written
// last line is reported as such).
Result<std::vector<SinkFileEntry>> ParseSinkLogBatch(std::string_view text,
                                                     std::string_view file_name);

}  // namespace tideline::structured
