// example_word_count_api: the word count of the Spark Streaming programming guide,
// written against Tideline's C++ API (docs/cpp-api.md) instead of a scenario file.
//
// It builds one DStream graph with Spark's operations (socketTextStream, flatMap,
// filter, map, reduceByKey, reduceByKeyAndWindow with an inverse function and a
// filter, updateStateByKey, mapWithState with a timeout, print, foreachRDD), feeds it
// lines at chosen virtual times, stops the context, and recovers a new context from
// the checkpoint, as StreamingContext.getOrCreate does. Then it prints the virtual
// metrics of every batch. The output is the same on every run.
//
// Usage: example_word_count_api [CHECKPOINT_DIR]
// The checkpoint directory (default: word_count_api.checkpoint in the working
// directory) is emptied at the start and removed at the end.

#include <filesystem>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"
#include "core/dstream/streaming_context.h"
#include "core/time/time.h"
#include "core/value/value.h"

using tideline::Duration;
using tideline::Result;
using tideline::Status;
using tideline::Timestamp;
using tideline::Value;
using namespace tideline::dstream;

namespace {

Value Sum(const Value& a, const Value& b) { return Value::Int(a.as_int() + b.as_int()); }
Value Minus(const Value& a, const Value& b) { return Value::Int(a.as_int() - b.as_int()); }

// line.split(" "): one string element per word (empty words included, as in Scala).
void SplitWords(const Value& line, std::vector<Value>* out) {
  std::string_view s = line.str();
  size_t start = 0;
  while (true) {
    size_t end = s.find(' ', start);
    out->push_back(Value::String(s.substr(start, end == std::string_view::npos ? s.npos : end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

// Builds the word-count graph on `ssc` and returns its input. A recovery needs the same
// graph, built in the same order, on the new context, so the graph is built by a function.
ArrivalInputDStream* BuildGraph(StreamingContext& ssc, Duration window) {
  // ssc.socketTextStream("localhost", 9999): in a program the caller delivers the
  // lines with Arrive(); the context never opens a socket itself.
  ArrivalInputDStream* lines = ssc.SocketTextStream("localhost", 9999);
  DStream* words = lines->FlatMap(SplitWords)->Filter([](const Value& w) { return !w.str().empty(); });
  DStream* pairs = words->Map([](const Value& w) { return Value::Pair(w, Value::Int(1)); });

  // Per batch: pairs.reduceByKey(_ + _).print()
  pairs->ReduceByKey(Sum)->Print();

  // Over the last `window`, every second, with an inverse function and a filter that
  // drops the words whose count fell back to 0 (Spark's filterFunc).
  pairs
      ->ReduceByKeyAndWindow(Sum, ReduceFn(Minus), window, Duration::Seconds(1),
                             FilterFn([](const Value& kv) { return kv[1].as_int() > 0; }))
      ->Print();

  // Running totals: updateStateByKey((values, state) => Some(state.getOrElse(0) + values.sum))
  pairs
      ->UpdateStateByKey([](std::span<const Value> values, const Value& state) {
        int64_t total = state.is_null() ? 0 : state.as_int();
        for (const Value& v : values) total += v.as_int();
        return Value::Int(total);
      })
      ->ForeachRDD([](const RddPtr& rdd, Timestamp time) {
        std::cout << "totals at " << time.millis() << " ms:";
        for (const Value& kv : rdd->data) std::cout << ' ' << kv.ToDisplay();
        std::cout << "\n\n";
      });

  // Sessions: mapWithState(StateSpec.function(...).timeout(Seconds(2))). The function
  // returns the element to emit, or null for none (Scala's None).
  StateSpec spec;
  spec.timeout = Duration::Seconds(2);
  spec.function = [](Timestamp, const Value& word, const Value* one, State& state) -> Value {
    if (state.is_timing_out()) return Value::Pair(word, Value::String("timed out"));
    int64_t n = (state.exists() ? state.get().as_int() : 0) + one->as_int();
    state.update(Value::Int(n));
    return Value::Pair(word, Value::Int(n));
  };
  pairs->MapWithState(spec)->Print();
  return lines;
}

int Fail(const Status& st) {
  std::cerr << st.ToString() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const std::string dir = argc > 1 ? argv[1] : "word_count_api.checkpoint";
  std::error_code ec;
  fs::remove_all(dir, ec);

  // Durations parse from Spark's interval strings; a bad one is a Status, not an exception.
  Result<Duration> window = tideline::ParseDuration("3 seconds");
  if (!window.ok()) return Fail(window.status());

  // 1. Spark's validations come back as a Status from Start, with Spark's message.
  {
    StreamingContext ssc(Duration::Seconds(1));
    ssc.QueueStream()->Window(Duration::Millis(1500))->Print();
    Status st = ssc.Start(Timestamp());
    std::cout << "a 1500 ms window on a 1 s stream: " << st.message() << "\n\n";
  }

  // 2. A first run: two batches, then a stop. The zero time is 0 and the first batch
  //    is at 1 s; a line that arrives at `a` belongs to the batch at T with
  //    T - 1s <= a < T.
  {
    StreamingContext ssc(Duration::Seconds(1));
    ssc.Checkpoint(dir);
    // spark.streaming.receiver.writeAheadLog.enable: the received lines survive a recovery.
    ssc.SetWriteAheadLog(true);
    ArrivalInputDStream* lines = BuildGraph(ssc, *window);
    if (Status st = ssc.Start(Timestamp()); !st.ok()) return Fail(st);
    lines->Arrive(Timestamp::FromMillis(200), Value::String("to be or not to be"));
    if (Status st = ssc.AdvanceTo(Timestamp::FromSeconds(1)); !st.ok()) return Fail(st);
    lines->Arrive(Timestamp::FromMillis(1500), Value::String("to sleep perchance to dream"));
    if (Status st = ssc.AdvanceTo(Timestamp::FromSeconds(2)); !st.ok()) return Fail(st);
    ssc.Stop();
    std::cout << "stopped after the batch at 2000 ms\n\n";
  }

  // 3. Recovery: the same graph on a new context, started from the newest checkpoint.
  //    As Spark's JobGenerator.restart, it runs the checkpointed batch (2 s) again,
  //    then every batch that fell due while the context was down (3 s).
  StreamingContext ssc(Duration::Seconds(1));
  ssc.Checkpoint(dir);
  ssc.SetWriteAheadLog(true);
  ArrivalInputDStream* lines = BuildGraph(ssc, *window);
  if (!ssc.HasCheckpoint()) return Fail(Status::IllegalState("no checkpoint was written"));
  if (Status st = ssc.RecoverAndStart(Timestamp::FromSeconds(3)); !st.ok()) return Fail(st);
  if (Status st = ssc.AdvanceTo(Timestamp::FromSeconds(3)); !st.ok()) return Fail(st);
  lines->Arrive(Timestamp::FromMillis(3100), Value::String("to be"));
  // The clock jumps: batches 4 s to 10 s run in order. The window forgets every word by
  // 7 s. mapWithState looks for timed-out words only on the batches whose state is
  // checkpointed, every 10 batch intervals: at 10 s every word has been idle for more
  // than 2 seconds and times out there, not earlier.
  if (Status st = ssc.AdvanceTo(Timestamp::FromSeconds(10)); !st.ok()) return Fail(st);
  ssc.Stop();

  // Virtual metrics of each batch of this context (Spark's Streaming tab).
  for (const BatchInfo& b : ssc.batches()) {
    std::cout << "batch " << b.batch_time.millis() << " ms: " << b.input_rows << " input rows, "
              << b.state_rows << " state rows, total delay " << b.total_delay().millis() << " ms\n";
  }
  fs::remove_all(dir, ec);
  return 0;
}
