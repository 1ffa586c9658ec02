#pragma once
// The records of a file source's file and the fields of a CSV record, as Spark 4.0 cuts
// them under the reader options: Hadoop's LineRecordReader (lines, or records ending at
// `lineSep`), a whole file for multi-line JSON (MultiLineJsonDataSource), CSV records whose
// quoted fields span lines (MultiLineCSVDataSource), and univocity's CsvParser with the
// settings CSVOptions.asParserSettings gives it. Internal to core/structured. Stateless;
// thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/structured/formats.h"

namespace tideline::structured {

struct FileRecord {
  std::string_view text;  // without its line end
  int number = 0;         // the line the record starts on, 1-based
};

enum class RecordFormat { kText, kCsv, kJson };

// The records of `content` for `format` under `opts` (multi_line, line_sep, the CSV quote and
// escape for multi-line CSV). Line ends are \n, \r\n or \r unless opts.line_sep is set; an end
// at the very end opens no empty record. Multi-line JSON is one record (none for a blank file).
std::vector<FileRecord> SplitRecords(std::string_view content, RecordFormat format, const ReadOptions& opts);

// The fields of one CSV record under opts.csv and opts.sep; nullopt is null: an empty
// unquoted field, or any field equal to nullValue. A quoted empty field is emptyValue.
// Quotes: escape+quote and a doubled quote are a quote; text after a closing quote up to the
// separator stays in the field with the quote (STOP_AT_DELIMITER). Leading and trailing
// white space is removed from unquoted fields when the options say so.
void SplitCsvRecord(std::string_view record, const ReadOptions& opts, std::vector<std::optional<std::string>>* fields);

// True when a CSV record is skipped: blank, or a comment line when a comment character is set.
bool SkipCsvRecord(std::string_view record, const CsvOptions& csv);

}  // namespace tideline::structured
