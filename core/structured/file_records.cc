#include "core/structured/file_records.h"

#include "core/structured/format_text.h"

namespace tideline::structured {
namespace {

// Lines end at \n, \r\n or \r; `number` counts them.
std::vector<FileRecord> SplitLines(std::string_view content) {
  std::vector<FileRecord> lines;
  size_t start = 0;
  int number = 1;
  for (size_t i = 0; i < content.size(); ++i) {
    if (content[i] != '\n' && content[i] != '\r') continue;
    lines.push_back({content.substr(start, i - start), number++});
    if (content[i] == '\r' && i + 1 < content.size() && content[i + 1] == '\n') ++i;
    start = i + 1;
  }
  if (start < content.size()) lines.push_back({content.substr(start), number});
  return lines;
}

// Records that end at exactly `sep`; `number` counts the records.
std::vector<FileRecord> SplitAt(std::string_view content, std::string_view sep) {
  std::vector<FileRecord> records;
  size_t start = 0;
  int number = 1;
  while (start < content.size()) {
    size_t end = content.find(sep, start);
    if (end == std::string_view::npos) end = content.size();
    records.push_back({content.substr(start, end - start), number++});
    start = end + sep.size();
  }
  return records;
}

int CountLines(std::string_view text) {
  int n = 0;
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) ++n;
  return n;
}

// CSV records whose quoted fields may hold line ends: a quote opens a quoted field only at the
// start of a field; escape+quote and a doubled quote inside it do not close it.
std::vector<FileRecord> SplitCsvMultiLine(std::string_view content, const ReadOptions& opts) {
  const CsvOptions& c = opts.csv;
  std::vector<FileRecord> records;
  size_t start = 0;
  bool in_quotes = false, field_start = true;
  int line = 1;  // the line `start` is on, counted as the records go
  auto end_record = [&](size_t end, size_t next) {
    records.push_back({content.substr(start, end - start), line});
    line += CountLines(content.substr(start, next - start));
    start = next;
    field_start = true;
  };
  for (size_t i = 0; i < content.size(); ++i) {
    const char ch = content[i];
    const bool next_is_quote = i + 1 < content.size() && content[i + 1] == c.quote;
    if (in_quotes) {
      if ((ch == c.escape && c.escape != c.quote && next_is_quote) || (ch == c.quote && next_is_quote)) ++i;
      else if (ch == c.quote) in_quotes = false;
      continue;
    }
    if (!opts.line_sep.empty() ? content.substr(i, opts.line_sep.size()) == opts.line_sep : (ch == '\n' || ch == '\r')) {
      size_t next = i + (opts.line_sep.empty() ? 1 : opts.line_sep.size());
      if (opts.line_sep.empty() && ch == '\r' && next < content.size() && content[next] == '\n') ++next;
      end_record(i, next);
      i = next - 1;
    } else if (field_start && c.quote != '\0' && ch == c.quote) {
      in_quotes = true;
      field_start = false;
    } else if (content.substr(i, opts.sep.size()) == opts.sep) {
      field_start = true;
      i += opts.sep.size() - 1;
    } else {
      field_start = false;
    }
  }
  if (start < content.size()) end_record(content.size(), content.size());
  return records;
}

bool IsWhite(char c) { return static_cast<unsigned char>(c) <= ' '; }  // univocity's white space

}  // namespace

std::vector<FileRecord> SplitRecords(std::string_view content, RecordFormat format, const ReadOptions& opts) {
  if (format == RecordFormat::kJson && opts.multi_line) {
    if (JavaTrim(content).empty()) return {};
    return {FileRecord{content, 1}};
  }
  if (format == RecordFormat::kCsv && opts.multi_line) return SplitCsvMultiLine(content, opts);
  if (format != RecordFormat::kText && !opts.line_sep.empty()) return SplitAt(content, opts.line_sep);
  return SplitLines(content);
}

bool SkipCsvRecord(std::string_view record, const CsvOptions& csv) {
  if (JavaTrim(record).empty()) return true;
  return csv.has_comment && !record.empty() && record[0] == csv.comment;
}

void SplitCsvRecord(std::string_view r, const ReadOptions& opts, std::vector<std::optional<std::string>>* fields) {
  const CsvOptions& c = opts.csv;
  const std::string_view sep = opts.sep;
  auto at_sep = [&](size_t k) { return r.compare(k, sep.size(), sep) == 0; };
  fields->clear();
  size_t i = 0;
  while (true) {
    if (c.ignore_leading_white_space)
      while (i < r.size() && IsWhite(r[i]) && !at_sep(i)) ++i;
    std::optional<std::string> field;
    if (c.quote != '\0' && i < r.size() && r[i] == c.quote) {
      std::string v;
      size_t k = i + 1;
      while (k < r.size()) {
        const char ch = r[k];
        const bool next_is_quote = k + 1 < r.size() && r[k + 1] == c.quote;
        if ((ch == c.escape && c.escape != c.quote && next_is_quote) || (ch == c.quote && next_is_quote)) {
          v.push_back(c.quote);
          k += 2;
        } else if (ch == c.quote) {
          // The closing quote; text after it up to the separator stays in the field.
          size_t end = ++k;
          while (end < r.size() && !at_sep(end)) ++end;
          std::string_view rest = r.substr(k, end - k);
          if (!(c.ignore_trailing_white_space && JavaTrim(rest).empty()) && !rest.empty()) {
            v.push_back(c.quote);
            v.append(rest);
          }
          k = end;
          break;
        } else {
          v.push_back(ch);
          ++k;
        }
      }
      i = k;
      field = v.empty() ? c.empty_value : std::move(v);
    } else {
      size_t end = i;
      while (end < r.size() && !at_sep(end)) ++end;
      std::string_view v = r.substr(i, end - i);
      if (c.ignore_trailing_white_space)
        while (!v.empty() && IsWhite(v.back())) v.remove_suffix(1);
      if (!v.empty()) field = std::string(v);
      i = end;
    }
    if (field && *field == c.null_value) field.reset();
    fields->push_back(std::move(field));
    if (i >= r.size()) return;
    i += sep.size();
  }
}

}  // namespace tideline::structured
