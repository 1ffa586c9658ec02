// Spark's sinks through the C++ API (core/structured/sinks.h): the file sink with its
// _spark_metadata log, foreachBatch files and the console sink.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/structured/formats.h"
#include "core/structured/sinks.h"
#include "core/time/clock.h"

namespace tideline::structured {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

SinkBatch Batch(int64_t id, std::vector<Row> rows) {
  SinkBatch b;
  b.batch_id = id;
  b.columns = {"word", "count"};
  b.rows = std::move(rows);
  return b;
}

fs::path ScratchDir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("tideline-sinks-test-" + name);
  fs::remove_all(d);
  return d;
}

TEST(FileSinkTest, WritesADataFileAndItsMetadataEntryOncePerBatch) {
  fs::path dir = ScratchDir("file");
  ManualClock clock;
  FileSink sink(dir, "out", "json", &clock);
  EXPECT_EQ(sink.Description(), "FileSink[out]");
  ASSERT_TRUE(sink.AddBatch(Batch(0, {{Value::String("cat"), Value::Int(1)}})).ok());
  EXPECT_EQ(ReadFile(dir / "part-00000-batch0.json"), "{\"word\":\"cat\",\"count\":1}\n");
  auto entries = ParseSinkLogBatch(ReadFile(dir / "_spark_metadata" / "0"), "0");
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  // A batch the log already holds is skipped: its data file is not written again.
  ASSERT_TRUE(sink.AddBatch(Batch(0, {{Value::String("dog"), Value::Int(2)}})).ok());
  EXPECT_EQ(ReadFile(dir / "part-00000-batch0.json"), "{\"word\":\"cat\",\"count\":1}\n");
  fs::remove_all(dir);
}

TEST(ForeachBatchSinkTest, RewritesTheFileOfABatchThatRunsAgain) {
  fs::path dir = ScratchDir("foreach");
  ForeachBatchSink sink(dir, "csv");
  ASSERT_TRUE(sink.AddBatch(Batch(3, {{Value::String("cat"), Value::Int(1)}})).ok());
  ASSERT_TRUE(sink.AddBatch(Batch(3, {{Value::String("dog"), Value::Int(2)}})).ok());
  EXPECT_EQ(ReadFile(dir / "batch-3.csv"), "dog,2\n");
  fs::remove_all(dir);
}

TEST(ConsoleSinkTest, PrintsEveryBatchWithItsNumber) {
  std::vector<std::string> printed;
  ManualClock clock;
  ConsoleSink sink(20, 20, [&](const std::string& t) { printed.push_back(t); }, nullptr, &clock);
  ASSERT_TRUE(sink.AddBatch(Batch(0, {{Value::String("cat"), Value::Int(1)}})).ok());
  ASSERT_TRUE(sink.AddBatch(Batch(0, {{Value::String("cat"), Value::Int(1)}})).ok());
  ASSERT_EQ(printed.size(), 2u);
  EXPECT_NE(printed[0].find("Batch: 0"), std::string::npos);
  EXPECT_NE(printed[0].find("cat"), std::string::npos);
}

}  // namespace
}  // namespace tideline::structured
