#include "core/value/csv.h"

namespace tideline {

namespace csv_internal {

void ReadQuoted(std::string_view line, char sep, size_t* i, std::string* storage) {
  size_t k = *i + 1;
  while (k < line.size()) {
    const char c = line[k];
    if ((c == '\\' || c == '"') && k + 1 < line.size() && line[k + 1] == '"') {
      storage->push_back('"');
      k += 2;
    } else if (c == '"') {
      // A closing quote; text after it up to the separator stays in the field.
      if (++k < line.size() && line[k] != sep) storage->push_back('"');
      while (k < line.size() && line[k] != sep) storage->push_back(line[k++]);
      break;
    } else {
      storage->push_back(c);
      ++k;
    }
  }
  *i = k;
}

}  // namespace csv_internal

void SplitCsvLine(std::string_view line, char sep, std::vector<std::string_view>* fields, std::string* storage) {
  fields->clear();
  ForEachCsvField(line, sep, storage, [fields](std::string_view field) {
    fields->push_back(field);
    return true;
  });
}

}  // namespace tideline
