// Typed columnar batches and the compiled forms of simple expressions give exactly what
// the engine gives element by element: the same elements, the same batches, the same trace.
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/dstream/column_fn.h"
#include "core/dstream/streaming_context.h"
#include "core/runtime/parallel.h"
#include "core/scenario/columnar_lambda.h"
#include "core/scenario/dstream_builder.h"
#include "core/scenario/model.h"
#include "core/value/schema.h"

namespace tideline {
namespace {

using scenario::Lambda;

Lambda L(const std::string& text, std::vector<std::string> params = {"x"}) {
  auto l = Lambda::CompileString(text, SourcePos{}, std::move(params), nullptr);
  EXPECT_TRUE(l.ok()) << text << ": " << l.status().ToString();
  return *l;
}

// Structs (a INT, b DOUBLE, c STRING, s STRING, t TIMESTAMP, flag BOOLEAN) with nulls,
// numbers of both kinds, strings short (inline) and long, numeric text.
ColumnBatch Sample() {
  ColumnBatch b;
  b.kind = ColumnBatch::Kind::kStruct;
  b.type = StructType::Get({"a", "b", "c", "s", "t", "flag"});
  b.columns.resize(6);
  const char* syms[] = {"AB", "CD", "a symbol longer than fourteen bytes", "", "AB"};
  for (int i = 0; i < 40; ++i) {
    b.columns[0].push_back(i % 7 == 3 ? Value() : Value::Int(i % 5 - 1));
    b.columns[1].push_back(i % 6 == 2 ? Value() : Value::Double((i % 9) * 0.5 - 1.0));
    b.columns[2].push_back(i % 4 == 0 ? Value::String("12.5") : Value::String("n/a"));
    b.columns[3].push_back(i % 11 == 5 ? Value() : Value::String(syms[i % 5]));
    b.columns[4].push_back(Value::Ts(Timestamp::FromSeconds(1000 + i % 3)));
    b.columns[5].push_back(i % 3 == 0 ? Value() : Value::Bool(i % 2 == 0));
  }
  return b;
}

void ExpectSame(const Value& got, const Value& want, const std::string& what) {
  EXPECT_EQ(got.type(), want.type()) << what << ": " << got.ToDisplay() << " vs " << want.ToDisplay();
  EXPECT_TRUE(got == want) << what << ": " << got.ToDisplay() << " vs " << want.ToDisplay();
}

TEST(ColumnarLambdaTest, CompiledMapsGiveTheLambdasElements) {
  ColumnBatch in = Sample();
  for (const char* text :
       {"(x.a, x.b)", "(x.s, x.a * x.b)", "x.a + 1", "x.a / 0", "x.b / x.a", "x.a - x.b", "-x.a", "-x.b",
        "(x.s = 'AB', 1)", "x.s != 'AB'", "x.s IN ('AB', 'CD', NULL)", "x.s NOT IN ('AB')", "x.a IN (1, 2.0, 3)",
        "x.flag AND x.a > 1", "x.flag OR x.b < 0.5", "NOT x.flag", "x.a IS NULL", "x.b IS NOT NULL",
        "CASE WHEN x.a > 2 THEN 'big' WHEN x.a > 0 THEN 'small' ELSE NULL END", "CASE x.s WHEN 'AB' THEN 1 ELSE 2 END",
        "x.c + 1", "x.c * x.a", "x.t = x.t", "x.a < x.s", "x.a <=> NULL", "x.b <=> x.b", "(x.a, x.s, x.flag)",
        "X.A", "x.s < 'B'", "(x.a, (x.s, 1))", "x.b = x.a", "x.flag = true", "x.t > x.c"}) {
    Lambda l = L(text);
    auto fn = scenario::CompileColumnFn(l, "x");
    ASSERT_NE(fn, nullptr) << text;
    auto bound = fn->Bind(in);
    ASSERT_NE(bound, nullptr) << text;
    ColumnBatch out = dstream::MapColumns(*bound, *dstream::MakeColumnarRdd(in, 2));
    ASSERT_EQ(out.rows(), in.rows()) << text;
    for (size_t i = 0; i < in.rows(); ++i) ExpectSame(out.Row(i), l(in.Row(i)), std::string(text) + " row " + std::to_string(i));
    std::vector<uint32_t> kept;
    bound->Select(in, 0, in.rows(), &kept);
    std::vector<uint32_t> want;
    for (size_t i = 0; i < in.rows(); ++i)
      if (expr::IsTrue(l(in.Row(i)))) want.push_back(static_cast<uint32_t>(i));
    EXPECT_EQ(kept, want) << text;
    // Rows [5, 30) of a shared batch.
    auto slice = dstream::MakeColumnarRdd(std::make_shared<const ColumnBatch>(in), 5, 25, 3);
    ColumnBatch part = dstream::MapColumns(*bound, *slice);
    ASSERT_EQ(part.rows(), 25u);
    for (size_t i = 0; i < 25; ++i) ExpectSame(part.Row(i), out.Row(i + 5), text);
    ColumnBatch kept_rows = dstream::FilterColumns(*bound, *slice);
    size_t k = 0;
    for (uint32_t w : want)
      if (w >= 5 && w < 30) ExpectSame(kept_rows.Row(k++), in.Row(w), text);
    EXPECT_EQ(kept_rows.rows(), k) << text;
  }
}

TEST(ColumnarLambdaTest, ExpressionsOutsideTheSubsetAreLeftToTheLambda) {
  EXPECT_EQ(scenario::CompileColumnFn(L("upper(x.s)"), "x"), nullptr);
  EXPECT_EQ(scenario::CompileColumnFn(L("CAST(x.a AS STRING)"), "x"), nullptr);
  EXPECT_EQ(scenario::CompileColumnFn(L("x.t + INTERVAL 1 SECOND"), "x"), nullptr);
  // A field the rows do not have: not bound, so the lambda raises its own error.
  auto fn = scenario::CompileColumnFn(L("x.nope + 1"), "x");
  ASSERT_NE(fn, nullptr);
  EXPECT_EQ(fn->Bind(Sample()), nullptr);
}

TEST(ColumnarLambdaTest, TupleFieldsAreReadFromPairColumns) {
  ColumnBatch pairs;
  pairs.kind = ColumnBatch::Kind::kTuple;
  pairs.columns.resize(2);
  for (int i = 0; i < 10; ++i) {
    pairs.columns[0].push_back(Value::String(i % 2 ? "k" : "a longer key than fourteen"));
    pairs.columns[1].push_back(i % 4 == 1 ? Value() : Value::Int(i));
  }
  Lambda l = L("(x._2 > 3, x._1)");
  auto bound = scenario::CompileColumnFn(l, "x")->Bind(pairs);
  ASSERT_NE(bound, nullptr);
  ColumnBatch out = dstream::MapColumns(*bound, *dstream::MakeColumnarRdd(pairs, 1));
  for (size_t i = 0; i < pairs.rows(); ++i) ExpectSame(out.Row(i), l(pairs.Row(i)), "row " + std::to_string(i));
  EXPECT_EQ(scenario::CompileColumnFn(L("x._3"), "x")->Bind(pairs), nullptr);
}

TEST(ColumnarLambdaTest, CompiledReduceFoldsAsTheLambda) {
  for (const char* text : {"a + b", "a - b", "a * b", "b - a", "a / b"}) {
    Lambda l = L(text, {"a", "b"});
    dstream::ReduceFn compiled = scenario::CompileReduceFn(l, "a", "b");
    ASSERT_NE(compiled.target<dstream::KernelReduceFn>(), nullptr) << text;
    dstream::ReduceFn plain = [l](const Value& a, const Value& b) { return l(a, b); };
    ColumnBatch pairs;
    pairs.kind = ColumnBatch::Kind::kTuple;
    pairs.columns.resize(2);
    std::vector<Value> rows;
    for (int i = 0; i < 9000; ++i) {
      Value k = Value::Int(i % 13), v;
      switch (i % 5) {
        case 0: v = Value::Int(i); break;
        case 1: v = Value::Double(i * 0.1); break;
        case 2: v = i % 3 ? Value::Int(-i) : Value(); break;
        case 3: v = Value::String(std::to_string(i)); break;
        default: v = Value::Double(1.0 / (i + 1)); break;
      }
      pairs.columns[0].push_back(k);
      pairs.columns[1].push_back(v);
      rows.push_back(Value::Pair(k, v));
    }
    auto rdd = dstream::MakeColumnarRdd(pairs, 2);
    std::vector<Value> got = dstream::ReduceByKey(dstream::PairView(*rdd), compiled, 2);
    std::vector<Value> want = dstream::ReduceByKey(std::span<const Value>(rows), plain, 2);
    ASSERT_EQ(got.size(), want.size()) << text;
    for (size_t i = 0; i < got.size(); ++i) ExpectSame(got[i], want[i], text);
  }
}

TEST(ColumnarRddTest, ColumnsAndRowsHoldTheSameElements) {
  ColumnBatch in = Sample();
  auto rdd = dstream::MakeColumnarRdd(in, 2);
  EXPECT_EQ(rdd->size(), in.rows());
  ASSERT_NE(rdd->columns(), nullptr);
  const std::vector<Value>& rows = rdd->data;  // built on first use
  ASSERT_EQ(rows.size(), in.rows());
  for (size_t i = 0; i < rows.size(); ++i) {
    ExpectSame(rows[i], in.Row(i), "row");
    ExpectSame(rdd->Element(i), rows[i], "element");
  }
  // A union of columnar parts stays columnar; with a part of rows, it is rows.
  auto both = dstream::ConcatRdds({rdd, dstream::EmptyRdd(), rdd}, 4);
  ASSERT_NE(both->columns(), nullptr);
  EXPECT_EQ(both->size(), 2 * in.rows());
  auto mixed = dstream::ConcatRdds({rdd, dstream::MakeRdd({Value::Int(1)})}, 3);
  EXPECT_EQ(mixed->columns(), nullptr);
  ASSERT_EQ(mixed->data.size(), in.rows() + 1);
  ExpectSame(mixed->data[in.rows()], Value::Int(1), "last");
}

// Records arriving one by one and in blocks, mixed: the same batches as one by one, and
// the same pending records in between.
TEST(ArrivalBlockTest, BlocksAndRecordsMixGiveTheBatchesOfRecords) {
  ColumnBatch rows = Sample();
  auto block = std::make_shared<dstream::ArrivalBlock>();
  block->rows = rows;
  for (size_t i = 0; i < rows.rows(); ++i) block->arrivals.push_back(Timestamp::FromMillis(100 * static_cast<int64_t>(i)));
  struct Batch {
    std::string elements;
    bool columns;
  };
  auto run = [&](bool mixed, std::vector<std::pair<Timestamp, Value>>* pending_at_start) {
    dstream::StreamingContext ssc(Duration::Seconds(1));
    auto* in = ssc.FeedStream();
    std::vector<Batch> out;
    in->ForeachRDD([&](const dstream::RddPtr& r, Timestamp t) {
      std::string line = std::to_string(t.millis());
      for (const Value& v : r->data) line += " " + v.ToJson();
      out.push_back({line, r->columns() != nullptr});
    });
    EXPECT_TRUE(ssc.Start(Timestamp()).ok());
    // Rows [0, 7) one by one, [7, 25) as a block, 25 alone, [26, 40) as two blocks.
    auto single = [&](size_t i) { in->Arrive(block->arrivals[i], rows.Row(i)); };
    for (size_t i = 0; i < 7; ++i) single(i);
    if (mixed) in->ArriveBlock(block, 7, 25);
    else for (size_t i = 7; i < 25; ++i) single(i);
    single(25);
    if (mixed) {
      in->ArriveBlock(block, 26, 31);
      in->ArriveBlock(block, 31, 40);
    } else {
      for (size_t i = 26; i < 40; ++i) single(i);
    }
    *pending_at_start = in->pending();
    EXPECT_TRUE(ssc.AdvanceTo(Timestamp::FromSeconds(5)).ok());
    ssc.Stop();
    return out;
  };
  std::vector<std::pair<Timestamp, Value>> p1, p2;
  auto singles = run(false, &p1);
  auto mixed = run(true, &p2);
  ASSERT_EQ(singles.size(), 5u);
  ASSERT_EQ(mixed.size(), 5u);
  for (size_t i = 0; i < singles.size(); ++i) EXPECT_EQ(mixed[i].elements, singles[i].elements);
  // A batch within the blocks is a slice of their columns; one mixed with records is rows
  // (records that are structs of one type are held as columns as well).
  EXPECT_TRUE(mixed[1].columns);  // rows [10, 20), all in the first block
  EXPECT_TRUE(mixed[3].columns);  // rows [30, 40), in two ranges that follow each other
  EXPECT_TRUE(singles[0].columns);
  ASSERT_EQ(p1.size(), p2.size());
  for (size_t i = 0; i < p1.size(); ++i) {
    EXPECT_EQ(p1[i].first, p2[i].first);
    ExpectSame(p2[i].second, p1[i].second, "pending");
  }
}

TEST(ValueBitsTest, EqualValuesHaveEqualHashes) {
  std::vector<Value> vs = {Value(), Value::Bool(true), Value::Bool(false), Value::Int(7), Value::Int(-7),
                           Value::Double(7), Value::String(""), Value::String("AB"), Value::String("fourteen bytes"),
                           Value::String("fifteen bytes.."), Value::Ts(Timestamp::FromSeconds(7)),
                           Value::Pair(Value::String("AB"), Value::Int(1))};
  for (const Value& a : vs) {
    for (const Value& b : vs) {
      Value a2 = a;  // copies of values built alike
      bool eq = Value::Compare(a, b) == 0;
      EXPECT_EQ(ValueEq()(a2, b), eq) << a.ToDisplay() << " " << b.ToDisplay();
      if (eq) {
        EXPECT_EQ(a2.Hash(), b.Hash()) << a.ToDisplay();
      }
    }
  }
  EXPECT_EQ(Value::String(std::string("AB")).Hash(), Value::String("AB").Hash());
  EXPECT_TRUE(ValueEq()(Value::String(std::string(20, 'x')), Value::String(std::string(20, 'x'))));
}

TEST(ParseCellTest, FastPathsReadAsTheCarefulOnes) {
  for (const char* t : {"9.00", "-0.00", "0.5", "123456789012345", "1234567890123456", "1.", ".5", "1e3", "-12.25",
                        "00.10", "+1.5", "0.1", "3.14159265358979", "nan", "", "-"}) {
    Value fast;
    bool ok = ParseCell(t, SqlKind::kDouble, &fast);
    double d;
    std::string_view s(t);
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    bool want_ok = ec == std::errc() && p == s.data() + s.size() && !s.empty();
    EXPECT_EQ(ok, want_ok) << t;
    if (ok && want_ok) {
      double got = fast.as_double();
      EXPECT_EQ(std::memcmp(&got, &d, sizeof d), 0) << t;  // the same bits (NaN, -0.0)
    }
  }
  // The inline reader gives what ParseCell gives.
  for (const char* t : {"9.00", "-0.00", "12", "-12", "+12", "123456789012345678", "1234567890123456789", "2147483648",
                        "-2147483648", "1.", ".5", "1e3", "", "-", "x", "2016-03-22 20:25:28", "2016-03-22 24:00:00",
                        "2016-13-22 20:25:28", "2016-03-22T20:25:28", "2016-03-22 20:25:28.5", "abc", "AB"}) {
    for (SqlKind type : {SqlKind::kInt, SqlKind::kBigInt, SqlKind::kDouble, SqlKind::kTimestamp, SqlKind::kString}) {
      Value a, b;
      bool ok_a = ParseCell(t, type, &a), ok_b = ParseCellInline(t, type, &b);
      EXPECT_EQ(ok_a, ok_b) << t;
      if (ok_a && ok_b) ExpectSame(b, a, t);
    }
  }
  // Timestamps sharing a date with the previous one take the cached day.
  for (const char* t : {"2016-03-22 20:25:28", "2016-03-22 23:59:59", "2016-03-22 24:00:00", "2016-03-23 00:00:00",
                        "2016-03-22T20:25:28", "2016-03-22 2x:25:28", "2016-02-30 10:00:00", "2016-03-22 20:25"}) {
    Value got;
    bool ok = ParseCell(t, SqlKind::kTimestamp, &got);
    auto want = ParseTimestamp(t);
    EXPECT_EQ(ok, want.ok()) << t;
    if (ok && want.ok()) {
      EXPECT_EQ(got.as_ts(), *want) << t;
    }
  }
}

TEST(ParallelTest, AHelperThreadRunsPiecesAndTheCallerNeverWaitsForSleepers) {
  runtime::SetParallelism(2);
  std::atomic<bool> stop{false};
  std::thread helper([&] {
    runtime::HelperScope scope;
    while (!stop) runtime::Help();
  });
  for (int round = 0; round < 200; ++round) {
    std::vector<int> out(16, 0);
    runtime::ParallelFor(16, [&](size_t i) { out[i] = static_cast<int>(i) * round; });
    for (int i = 0; i < 16; ++i) ASSERT_EQ(out[static_cast<size_t>(i)], i * round);
  }
  // The lowest failing piece's error is the one raised.
  try {
    runtime::ParallelFor(8, [&](size_t i) {
      if (i >= 3) throw std::runtime_error("piece " + std::to_string(i));
    });
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "piece 3");
  }
  stop = true;
  helper.join();
  runtime::SetParallelism(0);
}

// The orders dashboard fed record by record (Parse, Arrive) with every expression run by
// its Lambda, and in typed blocks (ParseLines, ArriveBlock) with the compiled forms: the
// same batches, the same outputs, the same trace.
struct DashboardRun {
  std::vector<std::string> trace;
  std::vector<std::string> collected;
};

DashboardRun RunDashboard(bool blocks, size_t block_lines, bool compile) {
  namespace fs = std::filesystem;
  DashboardRun run;
  auto sc = scenario::LoadScenario(TIDELINE_SOURCE_DIR "/scenarios/dstream/orders-dashboard.yaml");
  EXPECT_TRUE(sc.ok());
  trace::Recorder rec;
  trace::Tracer tracer;
  tracer.AddListener(&rec);
  Timestamp now;
  scenario::DStreamBuildOptions bo;
  bo.now = &now;
  bo.all_inputs_as_arrivals = true;
  bo.compile_lambdas = compile;
  bo.tracer = &tracer;
  bo.print_sink = [&](const std::string& s) { run.collected.push_back("print " + s); };
  bo.on_collect = [&](const std::string& name, Timestamp t, const std::vector<Value>& rows) {
    std::string line = name + " " + std::to_string(t.millis());
    for (const Value& v : rows) line += " " + v.ToJson();
    run.collected.push_back(line);
  };
  std::string dir = (fs::temp_directory_path() / ("tideline-columnar-" + std::to_string(blocks))).string();
  fs::remove_all(dir);
  bo.output_dir = dir;
  bo.checkpoint_dir = dir + "/checkpoint";
  auto g = scenario::BuildDStreamGraph(*sc, bo);
  EXPECT_TRUE(g.ok());
  auto* input = g->arrivals.begin()->second;
  const scenario::InputFormat& format = g->formats.begin()->second;
  std::ifstream f(TIDELINE_SOURCE_DIR "/datasets/orders_sample.txt");
  std::vector<std::string> lines;
  for (std::string l; std::getline(f, l);) lines.push_back(l);
  lines.insert(lines.begin() + 100, "2016-03-22 20:25:28,9,1,X,1,1.00,Q");  // fails validate
  lines.insert(lines.begin() + 200, "2016-03-22 20:25:28,9,1,X,oops,1.00,B");
  bool started = false;
  Timestamp last;
  auto arrive_at = [&](Timestamp ts) {
    if (!started) {
      EXPECT_TRUE(g->ctx->Start(ts).ok());
      started = true;
    }
    if (ts >= g->ctx->next_batch_time()) {
      now = ts;
      EXPECT_TRUE(g->ctx->AdvanceTo(ts).ok());
    }
    last = ts;
  };
  for (size_t from = 0; from < lines.size(); from += block_lines) {
    size_t to = std::min(lines.size(), from + block_lines);
    if (!blocks) {
      for (size_t i = from; i < to; ++i) {
        Value row;
        if (!format.Parse(lines[i], &row)) continue;
        arrive_at(row[0].as_ts());
        input->Arrive(row[0].as_ts(), row);
      }
      continue;
    }
    std::vector<std::string_view> views(lines.begin() + static_cast<long>(from), lines.begin() + static_cast<long>(to));
    auto b = std::make_shared<dstream::ArrivalBlock>();
    b->rows = format.EmptyBatch();
    format.ParseLines(views, &b->rows);
    for (const Value& t : b->rows.columns[0]) b->arrivals.push_back(t.as_ts());
    size_t run_from = 0;
    for (size_t k = 0; k < b->arrivals.size(); ++k) {
      if (started && b->arrivals[k] >= g->ctx->next_batch_time()) {
        input->ArriveBlock(b, run_from, k);
        run_from = k;
      }
      arrive_at(b->arrivals[k]);
    }
    input->ArriveBlock(b, run_from, b->arrivals.size());
  }
  EXPECT_TRUE(g->ctx->AdvanceTo(last.FloorTo(g->ctx->batch_interval(), g->ctx->zero_time()) + g->ctx->batch_interval()).ok());
  for (const auto& e : rec.events()) run.trace.push_back(e.ToJson());
  g->ctx.reset();
  fs::remove_all(dir);
  return run;
}

TEST(ColumnarPipelineTest, TypedBlocksGiveTheSameBatchesAsRecords) {
  DashboardRun rows = RunDashboard(false, 1000, false);
  for (size_t block : {1000, 333, 7}) {
    DashboardRun cols = RunDashboard(true, block, true);
    EXPECT_EQ(cols.collected, rows.collected) << block;
    ASSERT_EQ(cols.trace.size(), rows.trace.size()) << block;
    for (size_t i = 0; i < rows.trace.size(); ++i) ASSERT_EQ(cols.trace[i], rows.trace[i]) << block << " event " << i;
  }
  EXPECT_GT(rows.trace.size(), 100u);
  DashboardRun rows_compiled = RunDashboard(false, 1000, true);
  EXPECT_EQ(rows_compiled.trace, rows.trace);
}

}  // namespace
}  // namespace tideline
