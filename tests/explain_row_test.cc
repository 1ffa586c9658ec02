// "Why this row?" (core/scenario/explain_row.h): the input records an explanation gives
// must be the ones that made the row. Checked as properties over every row of lessons
// (a count equals its counted records; a join row is its matched pair; a state is the sum
// of its key's records so far), and on the errors a user can make.

#include <gtest/gtest.h>

#include <string>

#include "core/scenario/explain_row.h"
#include "core/scenario/model.h"

namespace tideline::scenario {
namespace {

std::string Lesson(const std::string& rel) { return std::string(TIDELINE_SOURCE_DIR) + "/scenarios/" + rel; }

Scenario Load(const std::string& rel) {
  auto sc = LoadScenario(Lesson(rel));
  EXPECT_TRUE(sc.ok()) << sc.status().ToString();
  return *sc;
}

int Occurrences(const std::string& line, const std::string& word) {
  int n = 0;
  size_t i = 0;
  while (i <= line.size()) {
    size_t j = line.find(' ', i);
    if (j == std::string::npos) j = line.size();
    if (line.substr(i, j - i) == word) ++n;
    i = j + 1;
  }
  return n;
}

// Every row of every batch of the late-data lesson (sliding windows, update mode): its
// count is the number of its group's records that were not dropped as late, and the last
// step of the group's history is the row itself.
TEST(ExplainRowTest, AWindowedCountIsMadeOfItsGroupsRecords) {
  Scenario sc = Load("structured/late-data-watermark.yaml");
  auto ex = RowExplainer::Create(sc);
  ASSERT_TRUE(ex.ok()) << ex.status().ToString();
  int explained = 0;
  for (int64_t batch = 0; batch < 8; ++batch) {
    for (int64_t row = 1;; ++row) {
      auto e = (*ex)->Explain({"", batch, std::nullopt, row});
      if (!e.ok()) break;
      ++explained;
      const Value& v = e->value;  // [windowStart, windowEnd, word, count]
      int counted = 0;
      for (const RowSource& s : e->sources) {
        ASSERT_EQ(s.record[0], v[2]) << "a record of another word";
        const Timestamp t = s.record[1].as_ts();
        EXPECT_TRUE(t >= v[0].as_ts() && t < v[1].as_ts()) << "a record outside the window";
        EXPECT_LE(s.batch, batch);
        EXPECT_TRUE(s.has_arrival);
        if (s.role != "late") ++counted;
      }
      EXPECT_EQ(counted, v[3].as_int()) << ExplanationText(*e, sc.start_time);
      ASSERT_FALSE(e->history.empty());
      EXPECT_EQ(e->history.back().value[2], v[3]) << "the group's value after its last batch is the row's count";
    }
  }
  EXPECT_GE(explained, 8);
}

TEST(ExplainRowTest, AStreamStreamJoinRowIsTheMatchedPair) {
  Scenario sc = Load("structured/ad-clicks-join.yaml");
  auto ex = RowExplainer::Create(sc);
  ASSERT_TRUE(ex.ok());
  int explained = 0;
  for (int64_t batch = 0; batch < 6; ++batch) {
    for (int64_t row = 1;; ++row) {
      auto e = (*ex)->Explain({"", batch, std::nullopt, row});
      if (!e.ok()) break;
      ++explained;
      ASSERT_EQ(e->sources.size(), 2u) << ExplanationText(*e, sc.start_time);
      EXPECT_EQ(e->sources[0].role == "left" ? e->sources[1].role : e->sources[0].role, "right");
      for (const RowSource& s : e->sources) EXPECT_EQ(s.record[0], e->value[0]) << "the pair shares the ad id";
      const RowSource& imp = e->sources[0].input == "impressions" ? e->sources[0] : e->sources[1];
      const RowSource& click = e->sources[0].input == "clicks" ? e->sources[0] : e->sources[1];
      EXPECT_EQ(imp.record[1], e->value[1]);
      EXPECT_EQ(click.record[1], e->value[2]);
    }
  }
  EXPECT_GE(explained, 1);
}

// DStreams: a windowed word count (with the inverse function) is the word's occurrences
// in the lines of the batches its window covers.
TEST(ExplainRowTest, AReducedWindowCountIsTheWordsOccurrencesInTheWindow) {
  Scenario sc = Load("dstream/reduce-by-key-and-window-inverse.yaml");
  auto ex = RowExplainer::Create(sc);
  ASSERT_TRUE(ex.ok());
  int explained = 0;
  for (int64_t batch = 0; batch < 6; ++batch) {
    for (int64_t row = 1;; ++row) {
      auto e = (*ex)->Explain({"inverse", batch, std::nullopt, row});
      if (!e.ok()) break;
      ++explained;
      const std::string word(e->value[0].str());
      int n = 0;
      for (const RowSource& s : e->sources) {
        EXPECT_GT(e->batch_time - s.batch_time, Duration::Seconds(-1));
        EXPECT_LT(e->batch_time - s.batch_time, Duration::Seconds(3)) << "a batch outside the 3 s window";
        n += Occurrences(std::string(s.record.str()), word);
      }
      EXPECT_EQ(n, e->value[1].as_int()) << ExplanationText(*e, sc.start_time);
    }
  }
  EXPECT_GE(explained, 5);
}

// updateStateByKey: a total is the key's occurrences in every line so far; the earlier
// batches' lines are marked as what the state holds, and the history ends at the total.
TEST(ExplainRowTest, AStateIsItsKeysRecordsSoFar) {
  Scenario sc = Load("dstream/update-state-vs-map-with-state.yaml");
  auto ex = RowExplainer::Create(sc);
  ASSERT_TRUE(ex.ok());
  int explained = 0;
  for (int64_t batch = 0; batch < 5; ++batch) {
    for (int64_t row = 1;; ++row) {
      auto e = (*ex)->Explain({"totals", batch, std::nullopt, row});
      if (!e.ok()) break;
      ++explained;
      const std::string user(e->value[0].str());
      int n = 0;
      for (const RowSource& s : e->sources) {
        n += Occurrences(std::string(s.record.str()), user);
        EXPECT_EQ(s.role, s.batch_time < e->batch_time ? "state" : "");
      }
      EXPECT_EQ(n, e->value[1].as_int()) << ExplanationText(*e, sc.start_time);
      ASSERT_TRUE(e->has_key);
      EXPECT_EQ(e->key, e->value[0]);
      ASSERT_FALSE(e->history.empty());
      EXPECT_EQ(e->history.back().value, e->value[1]);
    }
  }
  EXPECT_GE(explained, 4);
}

TEST(ExplainRowTest, ABatchOrARowThatIsNotThereIsAnError) {
  Scenario sc = Load("structured/word-count-update.yaml");
  auto none = ExplainRow(sc, {"", 99, std::nullopt, 1});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("no batch 99"), std::string::npos) << none.status().message();
  auto past = ExplainRow(sc, {"", 0, std::nullopt, 1000});
  ASSERT_FALSE(past.ok());
  EXPECT_NE(past.status().message().find("there is no row 1000"), std::string::npos) << past.status().message();
  EXPECT_FALSE(ExplainRow(sc, {"", 0, std::nullopt, 0}).ok());
  Scenario ds = Load("dstream/word-count.yaml");
  auto stream = ExplainRow(ds, {"nosuch", 0, std::nullopt, 1});
  ASSERT_FALSE(stream.ok());
  EXPECT_NE(stream.status().message().find("no stream named 'nosuch'"), std::string::npos);
  EXPECT_FALSE(ExplainRow(ds, {"", -1, std::nullopt, 1}).ok()) << "a DStream row needs its batch";
}

}  // namespace
}  // namespace tideline::scenario
