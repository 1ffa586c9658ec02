// RecordSource and LineTimes: text files read by their time column or at a clock,
// recordings read an arrival at a time, runs of one time and input, byte progress.
#include "core/io/record_source.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/io/recording.h"

namespace tideline::io {
namespace {

namespace fs = std::filesystem;

class RecordSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tideline-record-source-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                        "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::string p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  // Every run of the source, read `max` records at a time.
  static std::vector<RecordRun> ReadAll(RecordSource& s, size_t max) {
    std::vector<RecordRun> out;
    while (!s.ended()) {
      size_t before = out.size();
      EXPECT_TRUE(s.Read(&out, max, 0).ok());
      for (size_t i = before; i < out.size(); ++i) EXPECT_FALSE(out[i].records.empty());
    }
    return out;
  }
  fs::path dir_;
};

const Timestamp kStart = Timestamp::FromMillis(1000000);

TEST(LineTimesTest, TimesAreRelativeToTheFirstLineAndNeverDecrease) {
  LineTimes t(1);
  EXPECT_EQ(t.Next("2016-03-22 20:25:28,1"), 0);
  EXPECT_EQ(t.Next("2016-03-22 20:25:30,2"), 2000);
  EXPECT_EQ(t.Next("yesterday,3"), 2000);
  EXPECT_EQ(t.Next("2016-03-22 20:25:29,4"), 2000);
  EXPECT_EQ(t.Next("2016-03-22 20:25:31"), 3000);
  LineTimes third(3);
  EXPECT_EQ(third.Next("a"), 0);
  EXPECT_EQ(third.Next("a,b,2016-03-22 20:25:28,c"), 0);
  EXPECT_EQ(third.Next("a,b,2016-03-22 20:25:28.5,c"), 500);
}

TEST_F(RecordSourceTest, TextFileLinesArriveInRunsOfOneTime) {
  const std::string text =
      "2016-03-22 20:25:28,a\n2016-03-22 20:25:28,b\r\n2016-03-22 20:25:29,c\nbad\n2016-03-22 20:25:31,d";
  TextFileOptions o;
  o.input = "orders";
  o.start = kStart;
  auto s = RecordSource::TextFile(Write("f.txt", text), o);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_FALSE((*s)->live());
  EXPECT_EQ((*s)->bytes_total(), static_cast<int64_t>(text.size()));
  auto runs = ReadAll(**s, 1);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].input, "orders");
  EXPECT_EQ(runs[0].t, kStart);
  ASSERT_EQ(runs[0].records.size(), 2u);
  EXPECT_EQ(runs[0].records[1].str(), "2016-03-22 20:25:28,b");
  EXPECT_EQ(runs[1].t, kStart + Duration::Seconds(1));
  ASSERT_EQ(runs[1].records.size(), 2u);  // "bad" arrives with the line before it
  EXPECT_EQ(runs[1].records[1].str(), "bad");
  EXPECT_EQ(runs[2].t, kStart + Duration::Seconds(3));
  EXPECT_EQ(runs[2].records[0].str(), "2016-03-22 20:25:31,d");
  EXPECT_EQ((*s)->records_read(), 5);
  EXPECT_EQ((*s)->bytes_read(), (*s)->bytes_total());
}

TEST_F(RecordSourceTest, TextFileLinesArriveAtTheClockWhenRead) {
  ManualClock clock(kStart);
  TextFileOptions o;
  o.time_column = 0;
  o.clock = &clock;
  auto s = RecordSource::TextFile(Write("f.txt", "x\ny\nz\n"), o);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE((*s)->live());
  std::vector<RecordRun> runs;
  ASSERT_TRUE((*s)->Read(&runs, 2, 0).ok());
  clock.Advance(Duration::Seconds(5));
  while (!(*s)->ended()) ASSERT_TRUE((*s)->Read(&runs, 2, 0).ok());
  size_t n = 0;
  for (const auto& r : runs) {
    EXPECT_TRUE(r.input.empty());
    n += r.records.size();
  }
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(runs.front().t, kStart);
  EXPECT_EQ(runs.back().t, kStart + Duration::Seconds(5));
}

TEST_F(RecordSourceTest, RecordingArrivalsComeInRunsOfOneTimeAndInput) {
  const std::string path = (dir_ / "r.jsonl").string();
  {
    auto w = RecordingWriter::Open(path, {{"a", "socket"}, {"b", "socket"}});
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Append(0, "a", Value::String("1")).ok());
    ASSERT_TRUE((*w)->Append(0, "a", Value::String("2")).ok());
    ASSERT_TRUE((*w)->Append(0, "b", Value::String("3")).ok());
    ASSERT_TRUE((*w)->Append(5, "a", Value::Int(4)).ok());
    ASSERT_TRUE((*w)->Close().ok());
  }
  std::ofstream(path, std::ios::app) << "not json\n";
  auto s = RecordSource::Recording(path, kStart);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto runs = ReadAll(**s, 100);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].input, "a");
  EXPECT_EQ(runs[0].records.size(), 2u);
  EXPECT_EQ(runs[1].input, "b");
  EXPECT_EQ(runs[2].t, kStart + Duration::Millis(5));
  EXPECT_EQ(runs[2].records[0].as_int(), 4);
  EXPECT_EQ((*s)->malformed(), 1);
  EXPECT_EQ((*s)->records_read(), 4);
  EXPECT_EQ((*s)->bytes_read(), (*s)->bytes_total());
}

TEST_F(RecordSourceTest, RecordingReaderReadsWhatReadRecordingReads) {
  const std::string path = TIDELINE_SOURCE_DIR "/scenarios/dstream/data/orders_sample.jsonl";
  auto whole = ReadRecording(path);
  ASSERT_TRUE(whole.ok());
  auto r = RecordingReader::Open(path);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->inputs(), whole->inputs);
  Arrival a;
  size_t i = 0;
  while ((*r)->Next(&a)) {
    ASSERT_LT(i, whole->arrivals.size());
    EXPECT_EQ(a.t_ms, whole->arrivals[i].t_ms);
    EXPECT_EQ(a.input, whole->arrivals[i].input);
    EXPECT_EQ(a.data, whole->arrivals[i].data);
    ++i;
  }
  EXPECT_EQ(i, whole->arrivals.size());
  EXPECT_EQ((*r)->malformed(), whole->malformed);
}

// SkipTo bisects the file: from any time, Next goes on with the first arrival at or after
// it, as reading from the start and dropping the earlier ones does (times repeat, and a
// malformed line sits among them).
TEST_F(RecordSourceTest, SkipToFindsTheFirstArrivalAtOrAfterATime) {
  std::string text = "{\"tideline-recording\": 1, \"inputs\": {\"a\": {\"type\": \"socket\"}}}\n";
  for (int i = 0; i < 20000; ++i) {
    text += "{\"t\": " + std::to_string(i / 3 * 2) + ", \"input\": \"a\", \"data\": " + std::to_string(i) + "}\n";
    if (i == 7777) text += "not json\n";
  }
  const std::string path = Write("skip.jsonl", text);
  auto whole = ReadRecording(path);
  ASSERT_TRUE(whole.ok());
  for (int64_t t : {0, 1, 2, 5183, 5184, 13331, 13332, 13333, 99999}) {
    auto r = RecordingReader::Open(path);
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE((*r)->SkipTo(t).ok()) << t;
    size_t i = 0;
    while (i < whole->arrivals.size() && whole->arrivals[i].t_ms < t) ++i;
    Arrival a;
    for (; (*r)->Next(&a); ++i) {
      ASSERT_LT(i, whole->arrivals.size()) << t;
      ASSERT_EQ(a.data, whole->arrivals[i].data) << t;
    }
    EXPECT_EQ(i, whole->arrivals.size()) << t;
    EXPECT_TRUE((*r)->error().ok());
  }
}

TEST_F(RecordSourceTest, ARecordingWhoseTimeGoesBackStopsTheSourceWithAnError) {
  const std::string header = "{\"tideline-recording\": 1, \"inputs\": {\"a\": {\"type\": \"socket\"}}}\n";
  const std::string path = Write("back.jsonl", header + "{\"t\": 5, \"input\": \"a\", \"data\": 1}\n\n"
                                                        "{\"t\": 3, \"input\": \"a\", \"data\": 2}\n");
  auto s = RecordSource::Recording(path, kStart);
  ASSERT_TRUE(s.ok());
  std::vector<RecordRun> runs;
  Status st;
  while (st.ok() && !(*s)->ended()) st = (*s)->Read(&runs, 100, 0);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.pos().line, 4);  // the empty line 3 counts
  EXPECT_NE(st.message().find("goes back from 5"), std::string::npos) << st.message();
}

TEST_F(RecordSourceTest, ADamagedHeaderOrAMissingFileIsAnError) {
  EXPECT_FALSE(RecordSource::Recording(Write("bad.jsonl", "{\"x\":1}\n"), kStart).ok());
  EXPECT_FALSE(RecordSource::Recording((dir_ / "none.jsonl").string(), kStart).ok());
  EXPECT_FALSE(RecordSource::TextFile((dir_ / "none.txt").string(), TextFileOptions()).ok());
  TextFileOptions at_clock;
  at_clock.time_column = 0;  // without a clock
  EXPECT_FALSE(RecordSource::TextFile(Write("f.txt", "x\n"), at_clock).ok());
}

}  // namespace
}  // namespace tideline::io
