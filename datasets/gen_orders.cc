// tideline-gen-orders: writes the "Spark in Action" chapter 6 orders stream, one order per
// line, byte-identical to the shared Python reference generator (gen_orders.py, from the
// benchmark scripts) for valid lines. See datasets/README.md.

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "datasets/orders_generator.h"

namespace {

constexpr size_t kFlushBytes = size_t{4} << 20;

constexpr const char* kDescription =
    "Writes a deterministic stream of orders like the data of \"Spark in Action\" chapter 6:\n"
    "  yyyy-MM-dd HH:mm:ss,orderId,clientId,symbol,amount,price,B|S\n"
    "  e.g. 2016-03-22 20:25:28,1,14,TGT,764,26.00,B\n"
    "orderId counts from 1; clientId is uniform in 1..100, symbol uniform over 100 tickers,\n"
    "amount uniform in 1..1000, price uniform in 1..100 (written with \".00\"), side B or S.\n"
    "Order i (0-based) is stamped start + floor(i / rate) seconds. The output is identical to\n"
    "that of the Python reference gen_orders.py with the same options, except for the lines\n"
    "that --malformed replaces.";

bool WriteAll(std::FILE* f, const std::string& data) {
  return data.empty() || std::fwrite(data.data(), 1, data.size(), f) == data.size();
}

}  // namespace

int main(int argc, char** argv) {
  using tideline::datasets::OrdersGenerator;
  using tideline::datasets::OrdersOptions;

  OrdersOptions options;
  std::string rate_text;
  std::string output = "-";

  CLI::App app(kDescription, "tideline-gen-orders");
  app.add_option("--lines", options.lines, "Number of orders")->capture_default_str();
  app.add_option("--seed", options.seed, "Integer seed of Python's random.Random")
      ->capture_default_str();
  app.add_option("--rate", rate_text,
                 "Orders per second of event time (default 500000/150 = 3333.33)")
      ->type_name("FLOAT");
  app.add_option("--start", options.start, "First timestamp, 'YYYY-MM-DD HH:MM:SS' (UTC)")
      ->capture_default_str();
  app.add_option("-o,--output", output, "Output file; '-' is standard output")
      ->capture_default_str();
  app.add_option("--malformed", options.malformed,
                 "If K > 0, replace lines K, 2K, 3K, ... by malformed lines")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  if (!rate_text.empty()) {
    const std::optional<double> rate = tideline::datasets::ParseRate(rate_text);
    if (!rate) {
      std::fprintf(stderr, "tideline-gen-orders: error: --rate '%s' is not a number\n",
                   rate_text.c_str());
      return 2;
    }
    options.rate = *rate;
  }
  if (const std::string error = tideline::datasets::ValidateOrdersOptions(options);
      !error.empty()) {
    std::fprintf(stderr, "tideline-gen-orders: error: %s\n", error.c_str());
    return 2;
  }

  std::FILE* out = stdout;
  if (output != "-") {
    out = std::fopen(output.c_str(), "wb");
    if (out == nullptr) {
      std::fprintf(stderr, "tideline-gen-orders: cannot open '%s': %s\n", output.c_str(),
                   std::strerror(errno));
      return 1;
    }
  }

  OrdersGenerator generator(options);
  std::string buffer;
  buffer.reserve(kFlushBytes + 256);
  int error_number = 0;  // errno of the first failed write, or 0
  auto fail = [&error_number] {
    if (error_number == 0) error_number = errno != 0 ? errno : EIO;
  };
  while (error_number == 0 && generator.AppendNextLine(&buffer)) {
    if (buffer.size() >= kFlushBytes) {
      if (!WriteAll(out, buffer)) fail();
      buffer.clear();
    }
  }
  if (error_number == 0 && !WriteAll(out, buffer)) fail();
  if (std::fflush(out) != 0) fail();
  if (out != stdout && std::fclose(out) != 0) fail();
  if (error_number != 0) {
    const std::string where = output == "-" ? "standard output" : "'" + output + "'";
    std::fprintf(stderr, "tideline-gen-orders: error writing %s: %s\n", where.c_str(),
                 std::strerror(error_number));
    return 1;
  }
  return 0;
}
