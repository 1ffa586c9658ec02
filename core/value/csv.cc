#include "core/value/csv.h"

namespace tideline {

namespace {

// Reads the quoted field that starts at line[*i] (a quote) into `storage`; leaves `*i` at
// the separator after it or at the end of the line.
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

}  // namespace

void SplitCsvLine(std::string_view line, char sep, std::vector<std::string_view>* fields, std::string* storage) {
  fields->clear();
  if (line.find('"') == std::string_view::npos) {  // no quotes: every field is a view
    size_t start = 0;
    while (true) {
      const size_t pos = line.find(sep, start);
      if (pos == std::string_view::npos) {
        fields->push_back(line.substr(start));
        return;
      }
      fields->push_back(line.substr(start, pos - start));
      start = pos + 1;
    }
  }
  // A quoted field never grows: reserving the line's length keeps the views stable.
  storage->clear();
  storage->reserve(line.size());
  size_t i = 0;
  while (true) {
    if (i < line.size() && line[i] == '"') {
      const size_t begin = storage->size();
      ReadQuoted(line, sep, &i, storage);
      fields->push_back(std::string_view(storage->data() + begin, storage->size() - begin));
    } else {
      const size_t start = i;
      while (i < line.size() && line[i] != sep) ++i;
      fields->push_back(line.substr(start, i - start));
    }
    if (i >= line.size()) break;
    ++i;  // the separator
  }
}

}  // namespace tideline
