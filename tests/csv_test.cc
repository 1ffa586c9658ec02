// The CSV tokenizer of both engines (core/value/csv.h), by Spark's univocity rules.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/value/csv.h"

namespace tideline {
namespace {

std::vector<std::string> Split(std::string_view line, char sep = ',') {
  std::vector<std::string_view> fields;
  std::string storage;
  SplitCsvLine(line, sep, &fields, &storage);
  return std::vector<std::string>(fields.begin(), fields.end());
}

using Fields = std::vector<std::string>;

TEST(CsvTest, SplitsOnTheSeparator) {
  EXPECT_EQ(Split("a,b,c"), (Fields{"a", "b", "c"}));
  EXPECT_EQ(Split("a|b", '|'), (Fields{"a", "b"}));
}

TEST(CsvTest, ASeparatorAtTheEndOpensAnEmptyField) {
  EXPECT_EQ(Split("a,"), (Fields{"a", ""}));
  EXPECT_EQ(Split(""), (Fields{""}));
}

TEST(CsvTest, QuotesGroupAFieldWithSeparatorsInside) {
  EXPECT_EQ(Split("\"a,b\",c"), (Fields{"a,b", "c"}));
}

TEST(CsvTest, DoubledAndBackslashedQuotesInsideQuotesAreAQuote) {
  EXPECT_EQ(Split("\"say \"\"hi\"\"\",x"), (Fields{"say \"hi\"", "x"}));
  EXPECT_EQ(Split("\"a\\\"b\""), (Fields{"a\"b"}));
}

TEST(CsvTest, TextAfterAClosingQuoteStaysInTheField) {
  EXPECT_EQ(Split("\"ab\"cd,e"), (Fields{"ab\"cd", "e"}));
}

TEST(CsvTest, AnUnclosedQuoteRunsToTheEndOfTheLine) {
  EXPECT_EQ(Split("\"ab,cd"), (Fields{"ab,cd"}));
}

TEST(CsvTest, AQuoteInsideAnUnquotedFieldIsText) {
  EXPECT_EQ(Split("a\"b,c"), (Fields{"a\"b", "c"}));
}

}  // namespace
}  // namespace tideline
