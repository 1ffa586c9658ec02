// Regression tests of issue 12 (hostile and careless input): each shows the error,
// not the crash, hang or silent result that the input used to cause.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "core/common/limits.h"
#include "core/dstream/streaming_context.h"
#include "core/expr/expr.h"
#include "core/expr/regex.h"
#include "core/io/recording.h"
#include "core/io/safe_path.h"
#include "core/io/utf8.h"
#include "core/scenario/ynode.h"
#include "core/structured/checkpoint_verify.h"
#include "core/structured/metadata_log.h"
#include "core/time/time.h"
#include "core/value/binary.h"
#include "core/value/json.h"
#include "test_util.h"

namespace tideline {
namespace {

namespace fs = std::filesystem;

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

Value Eval(const std::string& text, const Value& x = Value::Null()) {
  auto c = expr::CompileText(text, expr::Scope{"x"});
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  if (!c.ok()) return Value();
  const Value* params[] = {&x};
  std::vector<Value> slots(static_cast<size_t>(c->num_slots()) + 1);
  expr::EvalEnv env;
  env.params = params;
  env.slots = slots.data();
  return c->Eval(env);
}

std::string EvalError(const std::string& text, const Value& x) {
  try {
    Eval(text, x);
  } catch (const expr::EvalError& e) {
    return e.what();
  }
  return "";
}

// ---- expression nesting

void ExpectTooDeep(const std::string& text) {
  auto r = expr::Parse(text, expr::ExprSource{SourcePos{"f.yaml", 3, 10}});
  ASSERT_FALSE(r.ok()) << text.substr(0, 40);
  EXPECT_NE(r.status().message().find("nested too deeply"), std::string::npos) << r.status().message();
  EXPECT_EQ(r.status().pos().file, "f.yaml");
  EXPECT_EQ(r.status().pos().line, 3);
  EXPECT_GT(r.status().pos().column, 10);
}

TEST(HardeningTest, DeeplyNestedParenthesesAreAnErrorNotAStackOverflow) {
  ExpectTooDeep(Repeat("(", 5000) + "1" + Repeat(")", 5000));
}

TEST(HardeningTest, LongOperatorChainsAreAnErrorForEveryOperator) {
  for (const char* op : {" + 1", " - 1", " * 2", " / 2", " % 3", " || 'a'", " AND true", " OR false", " = 1", " < 2"})
    ExpectTooDeep("x" + Repeat(op, 8000));
  ExpectTooDeep(Repeat("-", 8000) + "x");
  ExpectTooDeep(Repeat("NOT ", 8000) + "true");
  ExpectTooDeep(Repeat("abs(", 5000) + "1" + Repeat(")", 5000));
  ExpectTooDeep(Repeat("[", 5000) + "1" + Repeat("]", 5000));
  ExpectTooDeep("x" + Repeat(".f", 8000));
  ExpectTooDeep("x" + Repeat("[0]", 8000));
}

TEST(HardeningTest, NestingUpToTheLimitStillEvaluates) {
  const int n = limits::kMaxExpressionDepth / 2;
  EXPECT_EQ(Eval(Repeat("(", n) + "1" + Repeat(")", n)).as_int(), 1);
  EXPECT_EQ(Eval("0" + Repeat(" + 1", n)).as_int(), n);
}

TEST(HardeningTest, DeeplyNestedExpressionInAScenarioNamesItsPosition) {
  auto o = testing_util::RunText("tideline: 1\ntitle: deep\napi: dstream\nbatchInterval: 1s\ninputs:\n  in: {type: queue}\n"
                                 "streams:\n  - name: s\n    from: in\n    ops:\n      - map: \"x" +
                                 Repeat(" + 1", 8000) + "\"\noutputs:\n  - {stream: s, collect: true}\nsteps:\n  - runBatches: 1\n");
  EXPECT_FALSE(o.passed);
  EXPECT_NE(o.error.find("test.yaml:11:"), std::string::npos) << o.error.substr(0, 300);
  EXPECT_NE(o.error.find("nested too deeply"), std::string::npos) << o.error.substr(0, 300);
}

TEST(HardeningTest, DeeplyNestedJsonAndBinaryValuesAreErrors) {
  EXPECT_FALSE(ParseJson(Repeat("[", 100000) + Repeat("]", 100000)).ok());
  std::string bin;
  for (int i = 0; i < 100000; ++i) {
    bin.push_back(static_cast<char>(ValueType::kArray));
    uint32_t one = 1;
    bin.append(reinterpret_cast<const char*>(&one), 4);
  }
  bin.push_back(static_cast<char>(ValueType::kNull));
  std::string_view in = bin;
  Value v;
  Status st = DecodeBinary(&in, &v);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("kMaxValueDepth"), std::string::npos) << st.message();
}

// ---- YAML

TEST(HardeningTest, YamlAliasBombIsRefusedEarly) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int k = 0; k < 10; ++k) text += std::string(k ? ", *" : "*") + prev;
    text += "]\n";
    prev = c;
  }
  auto start = std::chrono::steady_clock::now();
  auto r = scenario::ParseYaml(text, "bomb.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("alias"), std::string::npos) << r.status().message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

TEST(HardeningTest, YamlNestedFiveHundredLevelsGivesAClearError) {
  for (const std::string& text : {Repeat("[", 500) + Repeat("]", 500), Repeat("{a: ", 500) + "1" + Repeat("}", 500)}) {
    auto r = scenario::ParseYaml(text, "deep.yaml");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find("nested"), std::string::npos) << r.status().message();
    EXPECT_EQ(r.status().message().find("bad file"), std::string::npos) << r.status().message();
  }
}

// ---- regular expressions

TEST(HardeningTest, RegexpReplaceOnALongValueDoesNotOverflowTheStack) {
  Value big = Value::String(Repeat("ab", 10000));
  EXPECT_EQ(Eval("regexp_replace(x, '(a|b)*', 'X')", big).str(), "XX");
}

TEST(HardeningTest, CatastrophicBacktrackingFailsTheBatchWithAClearError) {
  // `(a+)+c` hung std::regex; PCRE2 sees that no `c` occurs and answers at once.
  Value s = Value::String(Repeat("a", 5000));
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Eval("regexp_extract(x, '(a+)+c', 1)", s).str(), "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // A pattern no optimisation saves runs into the match limit: an error, not a hang.
  Value t = Value::String(Repeat("a", 40) + "!");
  std::string err = EvalError("regexp_extract(x, '^(a|aa)+$', 1)", t);
  EXPECT_NE(err.find("regexp_extract"), std::string::npos) << err;
  EXPECT_NE(err.find("kRegexMatchLimit"), std::string::npos) << err;
  EXPECT_NE(EvalError("rlike(x, '^(a|aa)+$')", t).find("limit"), std::string::npos);
  EXPECT_NE(EvalError("regexp_replace(x, '^(a|aa)+$', '')", t).find("limit"), std::string::npos);
  EXPECT_NE(EvalError("split(x, '^(a|aa)+$')", t).find("limit"), std::string::npos);
}

TEST(HardeningTest, RegexFunctionsKeepTheirResults) {
  EXPECT_EQ(Eval("regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 2)").str(), "200");
  EXPECT_EQ(Eval("regexp_replace('a1b22', '[0-9]+', '<$0>')").str(), "a<1>b<22>");
  EXPECT_EQ(Eval("regexp_replace('baaac', 'a*', 'X')").str(), "XbXXcX");  // as Java's replaceAll
  EXPECT_TRUE(Eval("rlike('spark', '^sp.*k$')").as_bool());
  EXPECT_EQ(Eval("split('a1b22c', '[0-9]+')").ToDisplay(), "[a, b, c]");
  EXPECT_THROW(Eval("regexp_extract('a', '(', 1)"), expr::EvalError);
}

TEST(HardeningTest, LikeWithManyWildcardsIsLinear) {
  Value s = Value::String(Repeat("a", 20000));
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(Eval("x LIKE '" + Repeat("%a", 50) + "%b'", s).as_bool());
  EXPECT_TRUE(Eval("x LIKE '" + Repeat("%a", 50) + "%'", s).as_bool());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_TRUE(Eval("'a_c' LIKE 'a\\\\_c'").as_bool());
  EXPECT_FALSE(Eval("'abc' LIKE 'a\\\\_c'").as_bool());
}

// ---- numbers without undefined behaviour

TEST(HardeningTest, CastOfAHugeDoubleSaturatesAsJavasLongCast) {
  EXPECT_EQ(Eval("CAST(1e300 AS BIGINT)").as_int(), INT64_MAX);
  EXPECT_EQ(Eval("CAST(-1e300 AS BIGINT)").as_int(), INT64_MIN);
  EXPECT_EQ(Eval("CAST(1e300 AS INT)").as_int(), INT32_MAX);
  EXPECT_EQ(Eval("CAST(CAST('NaN' AS DOUBLE) AS BIGINT)").as_int(), 0);
  EXPECT_EQ(Eval("CAST(9223372036854775807 AS TIMESTAMP)").type(), ValueType::kTimestamp);
  EXPECT_EQ(Eval("floor(1e300)").as_int(), INT64_MAX);
}

TEST(HardeningTest, DateOfTheSmallestTimestampStaysInRange) {
  // Found by fuzz_expr: flooring the smallest timestamp to a day overflowed.
  Value d = Eval("CAST(CAST(-1e300 AS TIMESTAMP) AS DATE)");
  ASSERT_EQ(d.type(), ValueType::kTimestamp);
  EXPECT_LE(d.as_int(), INT64_MIN + 86400000000LL);
  EXPECT_EQ(Timestamp::FromMicros(90061000000).FloorTo(Duration::Seconds(86400), Timestamp()).micros(), 86400000000);
  EXPECT_EQ(Timestamp::FromMicros(-1).FloorTo(Duration::Seconds(86400), Timestamp()).micros(), -86400000000);
}

TEST(HardeningTest, TimestampSecondsOverflowIsAnErrorAsInSpark) {
  EXPECT_NE(EvalError("timestamp_seconds(x)", Value::Int(INT64_MAX)).find("overflow"), std::string::npos);
  EXPECT_NE(EvalError("timestamp_seconds(x)", Value::Double(1e300)).find("overflow"), std::string::npos);
  EXPECT_EQ(Eval("timestamp_seconds(1)").as_int(), 1000000);
}

TEST(HardeningTest, DurationsBeyondTheRangeAreErrors) {
  // Found by fuzz_expr: window(ts, '1e30 minutes') converted an out-of-range double.
  auto d = ParseDuration("480000000000000 minutes");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("beyond the range"), std::string::npos) << d.status().message();
  EXPECT_FALSE(ParseDuration("100000000 days 100000000 days").ok());  // each fits, the sum does not
  EXPECT_FALSE(ParseDuration("interval '1 2:3:" + std::string(120, '9') + "' day to second").ok());  // fuzz_expr
  EXPECT_EQ(ParseDuration("90 minutes")->micros(), 5400000000);
}

// ---- sizes

TEST(HardeningTest, TinySlideSlidingWindowIsAnAnalysisError) {
  auto o = testing_util::RunText(R"yaml(tideline: 1
title: tiny slide
api: structured
inputs:
  in: {type: memory, schema: "t TIMESTAMP"}
query:
  from: in
  ops:
    - groupBy: ["window(t, '1 minute', '1 microsecond')"]
    - agg: ["count(*) AS n"]
sink: {format: memory, outputMode: complete}
steps:
  - addData: {in: [[1]]}
  - expectFailure: {contains: "kMaxWindowPanes"}
)yaml");
  EXPECT_TRUE(o.passed) << o.failure << o.error;
}

TEST(HardeningTest, HundredYearDStreamWindowIsAnError) {
  auto o = testing_util::RunText(R"yaml(tideline: 1
title: long window
api: dstream
batchInterval: 1s
inputs:
  in: {type: queue}
streams:
  - name: w
    from: in
    ops:
      - window: {window: 36500 days, slide: 1s}
outputs:
  - {stream: w, collect: true}
steps:
  - expectFailure: {contains: "kMaxWindowPanes"}
)yaml");
  EXPECT_TRUE(o.passed) << o.failure << o.error;
}

TEST(HardeningTest, ClockJumpOverTooManyBatchesIsRefused) {
  auto o = testing_util::RunText(R"yaml(tideline: 1
title: jump
api: dstream
batchInterval: 1ms
inputs:
  in: {type: queue}
outputs:
  - {stream: in, print: 1}
steps:
  - advanceClock: 3650 days
)yaml");
  EXPECT_FALSE(o.passed);
  EXPECT_NE(o.failure.find("kMaxBatchesPerStep"), std::string::npos) << o.failure;
}

TEST(HardeningTest, RunBatchesBeyondTheLimitIsRefused) {
  auto o = testing_util::RunText(R"yaml(tideline: 1
title: many
api: dstream
batchInterval: 1s
inputs:
  in: {type: queue}
outputs:
  - {stream: in, collect: true}
steps:
  - runBatches: 4294967296
)yaml");
  EXPECT_FALSE(o.passed);
  EXPECT_NE(o.failure.find("kMaxBatchesPerStep"), std::string::npos) << o.failure;
}

TEST(HardeningTest, RateSourceAfterAClockJumpIsABatchErrorNotAnAbort) {
  auto o = testing_util::RunText(R"yaml(tideline: 1
title: rate jump
api: structured
inputs:
  r: {type: rate, rowsPerSecond: 1000}
query:
  from: r
sink: {format: noop, trigger: {processingTime: 1s}}
steps:
  - startStream
  - advanceClock: 36500 days
  - expectFailure: {contains: "kMaxRowsPerBatch"}
)yaml");
  EXPECT_TRUE(o.passed) << o.failure << o.error;
}

// ---- paths

std::string DStreamWith(const std::string& output) {
  return "tideline: 1\ntitle: paths\napi: dstream\nbatchInterval: 1s\ninputs:\n  in: {type: queue}\noutputs:\n  - " +
         output + "\nsteps:\n  - runBatches: 1\n";
}

TEST(HardeningTest, OutputPathsLeavingTheRunDirectoryAreRefused) {
  for (const std::string& out : {"{stream: in, saveAsTextFiles: {prefix: ../escape/out}}",
                                 "{stream: in, saveAsTextFiles: {prefix: /tmp/escape}}",
                                 "{stream: in, foreachRDD: {appendFile: ../../x.txt}}",
                                 "{stream: in, foreachRDD: {appendFile: /tmp/x.txt}}"}) {
    auto o = testing_util::RunText(DStreamWith(out));
    EXPECT_FALSE(o.passed) << out;
    EXPECT_NE((o.error + o.failure).find("run's directory"), std::string::npos) << out << ": " << o.error << o.failure;
    EXPECT_NE((o.error + o.failure).find("test.yaml:"), std::string::npos) << o.error << o.failure;
  }
  auto cp = testing_util::RunText("tideline: 1\ntitle: cp\napi: dstream\nbatchInterval: 1s\ncheckpoint: ../cp\n"
                                  "inputs:\n  in: {type: queue}\noutputs:\n  - {stream: in, collect: true}\nsteps:\n  - runBatches: 1\n");
  EXPECT_NE(cp.error.find("'..'"), std::string::npos) << cp.error;
}

TEST(HardeningTest, SymlinkLeavingTheRunDirectoryIsRefused) {
  fs::path run = fs::temp_directory_path() / "tideline-hardening-symlink";
  fs::remove_all(run);
  fs::create_directories(run);
  fs::create_directory_symlink("/tmp", run / "link");
  EXPECT_FALSE(io::CheckInsideDir(run, "link/out", "appendFile").ok());
  EXPECT_TRUE(io::CheckInsideDir(run, "inside/out", "appendFile").ok());
  fs::remove_all(run);
}

std::string StructuredWithSink(const std::string& sink) {
  return "tideline: 1\ntitle: sink\napi: structured\ninputs:\n  in: {type: memory, schema: \"v INT\"}\nquery:\n  from: in\n"
         "sink: " + sink + "\nsteps:\n  - addData: {in: [[1]]}\n  - processAllAvailable\n";
}

TEST(HardeningTest, FileSinkPathsLeavingTheRunDirectoryAreRefused) {
  for (const std::string& sink : {"{format: file, options: {path: ../out}}", "{format: json, options: {path: /tmp/out}}",
                                  "{format: foreachBatch, options: {path: ../../fb}}"}) {
    auto o = testing_util::RunText(StructuredWithSink(sink));
    EXPECT_FALSE(o.passed) << sink;
    EXPECT_NE((o.error + o.failure).find("run's directory"), std::string::npos) << sink << ": " << o.error << o.failure;
  }
}

TEST(HardeningTest, SinkOptionsThatSparkWouldIgnoreAreErrors) {
  auto cl = testing_util::RunText(StructuredWithSink("{format: console, options: {checkpointLocation: /tmp/cp}}"));
  EXPECT_NE((cl.error + cl.failure).find("checkpointLocation"), std::string::npos) << cl.error << cl.failure;
  auto unknown = testing_util::RunText(StructuredWithSink("{format: console, options: {numRowz: 3}}"));
  EXPECT_NE((unknown.error + unknown.failure).find("Spark would ignore it"), std::string::npos) << unknown.error;
}

TEST(HardeningTest, ListsWhereASinkWordIsExpectedAreErrors) {
  auto f = testing_util::RunText(StructuredWithSink("{format: [console, file]}"));
  EXPECT_NE((f.error + f.failure).find("sink format must be a single word, not a list"), std::string::npos) << f.error;
  auto m = testing_util::RunText(StructuredWithSink("{format: memory, outputMode: [append]}"));
  EXPECT_NE((m.error + m.failure).find("sink outputMode must be a single word"), std::string::npos) << m.error;
}

TEST(HardeningTest, RecordingsOutsideTheScenarioFolderNeedAllowPath) {
  fs::path dir = fs::temp_directory_path() / "tideline-hardening-rec";
  fs::remove_all(dir);
  fs::create_directories(dir / "scenario");
  fs::create_directories(dir / "elsewhere");
  {
    std::ofstream f(dir / "elsewhere" / "r.jsonl");
    f << "{\"tideline-recording\": 1, \"inputs\": {\"in\": {\"type\": \"socket\"}}}\n{\"t\": 5, \"input\": \"in\", \"data\": \"a\"}\n";
  }
  std::string text = "tideline: 1\ntitle: rec\napi: dstream\nbatchInterval: 1s\ninputs:\n  in: {type: recording, path: ../elsewhere/r.jsonl}\n"
                     "outputs:\n  - {stream: in, collect: true}\nsteps:\n  - runBatches: 1\n  - expectOutput: {stream: in, batches: [[a]]}\n";
  auto sc = scenario::LoadScenarioText(text, (dir / "scenario" / "s.yaml").string());
  ASSERT_TRUE(sc.ok()) << sc.status().ToString();
  auto refused = testing_util::RunScenario(sc);
  EXPECT_NE((refused.error + refused.failure).find("--allow-path"), std::string::npos) << refused.error << refused.failure;
  sc->allowed_paths.push_back((dir / "elsewhere").string());
  auto allowed = testing_util::RunScenario(sc);
  EXPECT_TRUE(allowed.passed) << allowed.error << allowed.failure;
  fs::remove_all(dir);
}

TEST(HardeningTest, DevicesAndDirectoriesAreRefusedAsRecordings) {
  auto dev = io::ReadRecording("/dev/zero");
  ASSERT_FALSE(dev.ok());
  EXPECT_NE(dev.status().message().find("not a regular file"), std::string::npos) << dev.status().message();
  auto dir = io::ReadRecording(fs::temp_directory_path().string());
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.status().message().find("is a directory"), std::string::npos) << dir.status().message();
  EXPECT_FALSE(io::RecordingReader::Open("/dev/zero").ok());
}


// ---- checkpoints

// A counting query over four batches, stopped; `damage` changes its checkpoint; the
// restart then runs one more batch. Returns the run's failure (empty when it passed).
std::string RestartAfter(const std::function<void(const fs::path&)>& damage) {
  // One directory per test: ctest runs the tests of this file in parallel.
  fs::path dir = fs::temp_directory_path() /
                 (std::string("tideline-hardening-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto sc = scenario::LoadScenarioText(R"yaml(tideline: 1
title: counts
api: structured
inputs:
  in: {type: memory, schema: "k STRING"}
query:
  from: in
  ops:
    - groupBy: [k]
    - agg: ["count(*) AS n"]
sink: {format: memory, outputMode: complete}
steps:
  - addData: {in: [[a]]}
  - processAllAvailable
  - addData: {in: [[a]]}
  - processAllAvailable
  - addData: {in: [[b]]}
  - processAllAvailable
  - addData: {in: [[a]]}
  - processAllAvailable
  - stopStream
  - startStream
  - addData: {in: [[a]]}
  - checkAnswer: [[a, 4], [b, 1]]
)yaml",
                                       "counts.yaml");
  EXPECT_TRUE(sc.ok()) << sc.status().ToString();
  scenario::RunnerOptions opts;
  opts.output_dir = dir.string();
  auto r = scenario::Runner::Create(*sc, opts);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return "not created";
  while (!(*r)->Done() && (*r)->next_step() < 9) (*r)->RunStep();
  damage(dir / "checkpoint");
  (*r)->RunAll();
  std::string failure = (*r)->passed() ? "" : (*r)->failure();
  r->reset();
  fs::remove_all(dir);
  return failure;
}

void Copy(const fs::path& from, const fs::path& to) {
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

TEST(HardeningTest, UndamagedCheckpointRestartsCleanly) {
  EXPECT_EQ(RestartAfter([](const fs::path&) {}), "");
}

TEST(HardeningTest, DeletedOffsetsWithItsCommitIsRefused) {
  std::string f = RestartAfter([](const fs::path& cp) { fs::remove(cp / "offsets" / "3"); });
  EXPECT_NE(f.find("offsets/3 is missing while commits/3 exists"), std::string::npos) << f;
}

// A process killed while it purged the logs leaves one entry of an old pair (offsets are
// purged before commits): that entry is due for purging, and the next purge takes it; a
// restart does not refuse the checkpoint for it. A gap among the kept entries still is.
TEST(HardeningTest, APurgeLeftoverIsNotAGapButAMissingKeptEntryIs) {
  const fs::path dir = fs::temp_directory_path() / "tideline-hardening-purge";
  fs::remove_all(dir);
  auto make = [&](const char* log, std::initializer_list<int> ids) {
    fs::create_directories(dir / log);
    for (int id : ids) std::ofstream(dir / log / std::to_string(id)) << "v1\n";
  };
  make("offsets", {155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165});
  make("commits", {138, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164});
  EXPECT_TRUE(structured::VerifyLogSequence(dir).ok()) << structured::VerifyLogSequence(dir).ToString();
  structured::PurgeLogs(dir, 166);
  EXPECT_FALSE(fs::exists(dir / "commits" / "138"));
  EXPECT_FALSE(fs::exists(dir / "offsets" / "156"));
  EXPECT_TRUE(fs::exists(dir / "offsets" / "157"));
  fs::remove(dir / "commits" / "160");
  Status gap = structured::VerifyLogSequence(dir);
  EXPECT_NE(gap.message().find("commits/160 is missing while commits/161 exists"), std::string::npos) << gap.ToString();
  fs::remove_all(dir);
}

TEST(HardeningTest, OffsetsCopiedOverAnotherBatchIsRefused) {
  std::string f = RestartAfter([](const fs::path& cp) { Copy(cp / "offsets" / "1", cp / "offsets" / "3"); });
  EXPECT_NE(f.find("offsets/3"), std::string::npos) << f;
  EXPECT_NE(f.find("another file's content"), std::string::npos) << f;
}

TEST(HardeningTest, StateCopiedOverAnotherVersionIsRefused) {
  std::string f = RestartAfter([](const fs::path& cp) {
    Copy(cp / "state" / "0" / "3.snapshot", cp / "state" / "0" / "4.snapshot");
  });
  EXPECT_NE(f.find("4.snapshot"), std::string::npos) << f;
  EXPECT_NE(f.find("another version"), std::string::npos) << f;
}

// Found by fuzz_checkpoint: a log entry's time that is not an integer of milliseconds
// whose microseconds fit (a double read as an integer, or a huge one) is a damaged file,
// not an overflow.
TEST(HardeningTest, OffsetAndCommitTimesBeyondRangeAreDamagedFiles) {
  for (const char* text : {"v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":10E0,\"conf\":{}}\n{\"in\":3}\n",
                           "v1\n{\"batchWatermarkMs\":9223372036854775807,\"batchTimestampMs\":0}\n"}) {
    auto o = structured::ParseOffsetText(text, "offsets/0");
    ASSERT_FALSE(o.ok()) << text;
    EXPECT_NE(o.status().message().find("offsets/0 is damaged"), std::string::npos) << o.status().message();
  }
  auto c = structured::ParseCommitText("v1\n{\"nextBatchWatermarkMs\":-9223372036854775807}\n", "commits/0");
  ASSERT_FALSE(c.ok());
  auto fine = structured::ParseOffsetText("v1\n{\"batchWatermarkMs\":5000,\"batchTimestampMs\":1000}\n", "offsets/1");
  ASSERT_TRUE(fine.ok()) << fine.status().message();
  EXPECT_EQ(fine->batch_watermark, Timestamp::FromMillis(5000));
}

// Found by fuzz_expr: date_sub and date_add read a double's bits as a number of days
// and overflowed. A number of another type is cast to INT first, as Spark does; days that
// would leave the range of a timestamp give null.
TEST(HardeningTest, DateAddAndSubTakeNumbersAsDaysWithoutOverflow) {
  const Value d = Eval("CAST('2024-03-10' AS DATE)");
  EXPECT_EQ(Eval("date_sub(CAST('2024-03-10' AS DATE), 1.0)"), Eval("CAST('2024-03-09' AS DATE)"));
  EXPECT_EQ(Eval("date_add(CAST('2024-03-10' AS DATE), 2)"), Eval("CAST('2024-03-12' AS DATE)"));
  EXPECT_TRUE(Eval("date_add(CAST('2024-03-10' AS DATE), 2000000000)").is_null());
  EXPECT_TRUE(Eval("date_sub(CAST('2024-03-10' AS DATE), 1e300)").is_null());
  EXPECT_FALSE(d.is_null());
}

TEST(HardeningTest, CheckpointFileReplacedByADirectoryIsAnError) {
  std::string f = RestartAfter([](const fs::path& cp) {
    fs::remove(cp / "commits" / "3");
    fs::create_directories(cp / "commits" / "3");
  });
  EXPECT_NE(f.find("directory"), std::string::npos) << f;
  std::string meta = RestartAfter([](const fs::path& cp) {
    fs::remove(cp / "metadata");
    fs::create_directories(cp / "metadata");
  });
  EXPECT_NE(meta.find("directory"), std::string::npos) << meta;
}

TEST(HardeningTest, OverlongRecordingLineIsAMalformedRecordNotAnAllocation) {
  fs::path p = fs::temp_directory_path() / "tideline-hardening-long.jsonl";
  {
    std::ofstream f(p, std::ios::binary);
    f << "{\"tideline-recording\": 1, \"inputs\": {\"in\": {\"type\": \"socket\"}}}\n";
    f << "{\"t\": 1, \"input\": \"in\", \"data\": \"" << std::string(limits::kMaxLineBytes + 10, 'x') << "\"}\n";
    f << "{\"t\": 2, \"input\": \"in\", \"data\": \"ok\"}\n";
  }
  auto rec = io::ReadRecording(p.string());
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  EXPECT_EQ(rec->malformed, 1);
  ASSERT_EQ(rec->arrivals.size(), 1u);
  EXPECT_EQ(rec->arrivals[0].data.str(), "ok");
  auto reader = io::RecordingReader::Open(p.string());
  ASSERT_TRUE(reader.ok());
  io::Arrival a;
  ASSERT_TRUE((*reader)->Next(&a));
  EXPECT_EQ(a.data.str(), "ok");
  EXPECT_EQ((*reader)->malformed(), 1);
  fs::remove(p);
}

// ---- memory

TEST(HardeningTest, EmptyBatchesKeepOnlyTheRetainedBatchInfos) {
  dstream::StreamingContext ssc(Duration::Millis(1));
  ssc.QueueStream(true)->ForeachRDD([](const dstream::RddPtr&, Timestamp) {}, "foreachRDD");
  ASSERT_TRUE(ssc.Start(Timestamp()).ok());
  for (int step = 1; step <= 100; ++step) ASSERT_TRUE(ssc.AdvanceTo(Timestamp::FromMillis(step * 5000)).ok());
  EXPECT_LE(ssc.batches().size(), dstream::StreamingContext::kRetainedBatches + 5000);
  EXPECT_EQ(ssc.first_batch_index() + static_cast<int64_t>(ssc.batches().size()), 500000);
}

// ---- text

TEST(HardeningTest, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_TRUE(io::IsValidUtf8("caf\xC3\xA9"));
  EXPECT_FALSE(io::IsValidUtf8("bad \xFF\xFE byte"));
  EXPECT_FALSE(io::IsValidUtf8("\xED\xA0\x80"));  // a surrogate
  EXPECT_EQ(io::ToValidUtf8("a\xFF\xFE" "b"), "a\xEF\xBF\xBD" "b");
}

}  // namespace
}  // namespace tideline
