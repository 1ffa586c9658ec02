// tideline-bench-orders: the orders dashboard of scenarios/dstream/orders-dashboard.yaml
// run by the real engine over a whole orders file at full speed, with no trace
// listener: each order arrives at its own timestamp, 5-second batches. Prints the
// checksum line of ../shared/bench/peers/README.md:
//   impl=tideline rows=N batches=M sha256=...
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <fmt/format.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include "bench/chunk_typer.h"
#include "core/common/sha256.h"
#include "core/dstream/streaming_context.h"
#include "core/dstream/streams.h"
#include "core/runtime/parallel.h"
#include "core/scenario/dstream_builder.h"
#include "core/scenario/model.h"
#include "core/time/clock.h"
#include "core/value/schema.h"

using namespace tideline;

namespace {

struct BatchOut {
  int64_t buys = 0, sells = 0;
  std::vector<std::pair<int64_t, int64_t>> clients;
  std::vector<std::pair<std::string, int64_t>> symbols;
};

int64_t AsInt(const Value& v) { return v.type() == ValueType::kInt ? v.as_int() : static_cast<int64_t>(std::llround(v.num())); }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Run the orders dashboard pipeline over an orders file and print its checksum"};
  std::string file, scenario_path = TIDELINE_SOURCE_DIR "/scenarios/dstream/orders-dashboard.yaml", dump;
  bool quiet = false;
  int threads = 0;
  app.add_option("FILE", file, "orders file (time,orderId,clientId,symbol,amount,price,side)")->required();
  app.add_option("--scenario", scenario_path, "the scenario whose pipeline to run");
  app.add_option("--dump", dump, "also write the per-batch lines to this file");
  app.add_flag("-q,--quiet", quiet, "no timing on standard error");
  app.add_option("--threads", threads,
                 "threads: the driver and N - 1 that type the input ahead of it and help (default: all cores)");
  CLI11_PARSE(app, argc, argv);

  // Blocks of typed rows (a few MB) come and go all run long: keep freed memory for reuse
  // rather than handing it back to the system and faulting it in again.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // The other threads type the input ahead of the driver and help with the batches' pieces.
  runtime::SetParallelism(threads);
  int64_t t0 = SystemClock::MonotonicMicros();
  auto sc = scenario::LoadScenario(scenario_path);
  if (!sc.ok()) { std::cerr << sc.status().ToString() << "\n"; return 2; }
  Timestamp now;
  scenario::DStreamBuildOptions bo;
  bo.now = &now;
  bo.all_inputs_as_arrivals = true;
  bo.print_sink = [](const std::string&) {};
  std::string tmp = (std::filesystem::temp_directory_path() / fmt::format("tideline-bench-{}", ::getpid())).string();
  bo.output_dir = tmp;
  bo.checkpoint_dir = tmp + "/checkpoint";
  auto g = scenario::BuildDStreamGraph(*sc, bo);
  if (!g.ok()) { std::cerr << g.status().ToString() << "\n"; return 2; }
  auto& graph = *g;
  if (graph.arrivals.size() != 1 || graph.formats.size() != 1) {
    std::cerr << "error: the scenario must have one typed (format: csv) input\n";
    return 2;
  }
  auto* input = graph.arrivals.begin()->second;
  const scenario::InputFormat& format = graph.formats.begin()->second;
  for (const char* s : {"numPerType", "top5clients", "topStocks"})
    if (!graph.streams.count(s)) { std::cerr << "error: the scenario has no stream '" << s << "'\n"; return 2; }

  std::map<Timestamp, BatchOut> out;
  graph.streams["numPerType"]->ForeachRDD([&](const dstream::RddPtr& r, Timestamp t) {
    BatchOut& b = out[t];
    for (const Value& p : r->data) (p[0].as_bool() ? b.buys : b.sells) = AsInt(p[1]);
  });
  graph.streams["top5clients"]->ForeachRDD([&](const dstream::RddPtr& r, Timestamp t) {
    BatchOut& b = out[t];
    for (const Value& p : r->data) b.clients.emplace_back(AsInt(p[0]), AsInt(p[1]));
  });
  graph.streams["topStocks"]->ForeachRDD([&](const dstream::RddPtr& r, Timestamp t) {
    BatchOut& b = out[t];
    for (const Value& p : r->data) b.symbols.emplace_back(std::string(p[0].str()), AsInt(p[1]));
  });

  int fd = ::open(file.c_str(), O_RDONLY);
  if (fd < 0) { std::cerr << file << ": error: cannot open\n"; return 2; }
  struct stat st;
  ::fstat(fd, &st);
  size_t size = static_cast<size_t>(st.st_size);
  const char* data = size ? static_cast<const char*>(::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0)) : "";
  if (size) ::madvise(const_cast<char*>(data), size, MADV_SEQUENTIAL);

  int64_t rows = 0, malformed = 0;
  bool started = false;
  Timestamp last;
  Duration interval = graph.ctx->batch_interval();
  // The lines are typed straight into columns (no struct per order) by helper threads,
  // chunk by chunk ahead of the driver (see chunk_typer.h); the driver hands the rows
  // to the input in file order, a run at a time between the batches they fall into, and
  // runs the batches.
  {
    // Typed text is dropped from the mapping (the page cache keeps it), so that the
    // process does not hold the whole file.
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    auto release = [&](size_t begin, size_t end) {
      size_t b = (begin + page - 1) / page * page, e = end / page * page;
      if (e > b) ::madvise(const_cast<char*>(data) + b, e - b, MADV_DONTNEED);
    };
    bench::ChunkTyper typer(std::string_view(data, size), format, std::max(0, threads - 1),
                            size ? std::function<void(size_t, size_t)>(release) : nullptr);
    bench::TypedChunk chunk;
    while (typer.Next(&chunk)) {
      const std::shared_ptr<dstream::ArrivalBlock>& b = chunk.block;
      const size_t n = b->rows.rows();
      rows += static_cast<int64_t>(chunk.lines);
      malformed += static_cast<int64_t>(chunk.lines - n);
      input->CountMalformed(static_cast<int64_t>(chunk.lines - n));
      size_t run = 0;
      for (size_t k = 0; k < n; ++k) {
        Timestamp ts = b->arrivals[k];
        if (!started) {
          Status s = graph.ctx->Start(ts);
          if (!s.ok()) { std::cerr << s.ToString() << "\n"; return 2; }
          started = true;
        }
        if (ts >= graph.ctx->next_batch_time()) {
          input->ArriveBlock(b, run, k);
          run = k;
          now = ts;
          Status s = graph.ctx->AdvanceTo(ts);
          if (!s.ok()) { std::cerr << "error: " << s.message() << "\n"; return 1; }
        }
        last = ts;
      }
      input->ArriveBlock(b, run, n);
    }
  }
  if (started) {
    Status s = graph.ctx->AdvanceTo(last.FloorTo(interval, graph.ctx->zero_time()) + interval);
    if (!s.ok()) { std::cerr << "error: " << s.message() << "\n"; return 1; }
  }

  Sha256 sha;
  std::string dump_text;
  for (const auto& info : graph.ctx->batches()) {
    const BatchOut& b = out[info.batch_time];
    std::string line = fmt::format("{},{},{},", (info.batch_time - interval).micros() / 1000000, b.buys, b.sells);
    for (size_t i = 0; i < b.clients.size(); ++i)
      line += fmt::format("{}{}:{}", i ? ";" : "", b.clients[i].first, b.clients[i].second);
    line += ",";
    for (size_t i = 0; i < b.symbols.size(); ++i)
      line += fmt::format("{}{}:{}", i ? ";" : "", b.symbols[i].first, b.symbols[i].second);
    line += "\n";
    sha.Update(line);
    if (!dump.empty()) dump_text += line;
  }
  std::cout << fmt::format("impl=tideline rows={} batches={} sha256={}\n", rows, graph.ctx->batches().size(), sha.HexDigest());
  if (!dump.empty()) {
    FILE* f = std::fopen(dump.c_str(), "w");
    if (f) { std::fwrite(dump_text.data(), 1, dump_text.size(), f); std::fclose(f); }
  }
  if (!quiet)
    std::cerr << fmt::format("elapsed {:.3f} s, {} malformed lines skipped\n",
                             static_cast<double>(SystemClock::MonotonicMicros() - t0) / 1e6, malformed);
  graph.ctx.reset();
  std::error_code ec;
  std::filesystem::remove_all(tmp, ec);
  return 0;
}
