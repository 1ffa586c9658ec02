#pragma once
// OrdersGenerator: a deterministic source of the "Spark in Action" chapter 6 orders stream,
// one text line per order, byte-identical for every valid line to the shared Python reference
// generator (gen_orders.py, from the benchmark scripts). It owns its options and its Mt19937,
// which reproduces Python's random.Random(seed).random(). Neither type is thread-safe: use one
// instance per thread (two instances with the same options produce the same lines).

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tideline::datasets {

// MT19937, the 32-bit Mersenne Twister, seeded with init_by_array as Python's random module
// seeds it (std::mt19937's seed_seq seeding gives a different state).
class Mt19937 {
 public:
  static constexpr int kStateSize = 624;

  // Seeds with init_by_array(key). An empty key is treated as {0}.
  explicit Mt19937(std::span<const uint32_t> key);

  // Seeds like Python's random.seed(n) for an integer n: the key is the 32-bit chunks of |n|,
  // least significant first, and {0} for n == 0.
  static Mt19937 FromPythonSeed(int64_t seed);

  // The next tempered 32-bit output (Python's getrandbits(32)).
  uint32_t NextUint32();

  // A double in [0, 1) with 53 random bits, exactly as Python's random.random().
  double NextDouble();

 private:
  void Twist();

  std::array<uint32_t, kStateSize> state_{};
  int index_ = kStateSize;
};

// The options of the generator; the defaults are those of the reference generator.
struct OrdersOptions {
  int64_t lines = 500000;                     // number of orders
  int64_t seed = 1;                           // Python random seed
  double rate = 500000 / 150.0;               // orders per second of event time
  std::string start = "2016-03-22 20:25:28";  // timestamp of the first order (UTC)
  int64_t malformed = 0;  // when > 0, lines K, 2K, 3K, ... are replaced by malformed lines
};

// Parses a start timestamp as Python's calendar.timegm(time.strptime(text,
// "%Y-%m-%d %H:%M:%S")) does: 4-digit year, 1- or 2-digit other fields, any run of whitespace
// between date and time, seconds up to 61. Returns seconds since the Unix epoch, or nullopt.
std::optional<int64_t> ParseStartTime(std::string_view text);

// Python's int(round(rate * 1_000_000)) (round half to even): orders per 10^6 seconds. Returns
// nullopt when rate is not finite or the result does not fit in 63 bits.
std::optional<int64_t> RateMicro(double rate);

// Returns an empty string when `options` are valid, otherwise a message naming the problem.
std::string ValidateOrdersOptions(const OrdersOptions& options);

// Parses a rate as Python's float() does for ordinary decimal text (surrounding whitespace,
// an optional sign, exponent, underscores between digits). Correctly rounded.
std::optional<double> ParseRate(std::string_view text);

class OrdersGenerator {
 public:
  // The number of kinds of malformed line, used in turn at lines K, 2K, 3K, ...
  static constexpr int kMalformedKinds = 4;

  // Throws std::invalid_argument with ValidateOrdersOptions' message when `options` are invalid.
  explicit OrdersGenerator(const OrdersOptions& options);

  const OrdersOptions& options() const { return options_; }
  // The 1-based number (= orderId) of the next line.
  int64_t next_line() const { return next_index_ + 1; }
  bool done() const { return next_index_ >= options_.lines; }

  // Appends the next line, with its '\n', to *out. Returns false, appending nothing, once all
  // options().lines lines have been produced.
  bool AppendNextLine(std::string* out);

  // Whether line `line_number` (1-based) is replaced by a malformed line under these options.
  bool IsMalformed(int64_t line_number) const {
    return options_.malformed > 0 && line_number % options_.malformed == 0;
  }

 private:
  void UpdateTimestamp(int64_t second);

  OrdersOptions options_;
  Mt19937 rng_;
  int64_t start_second_ = 0;
  int64_t rate_micro_ = 1;
  int64_t next_index_ = 0;
  int64_t current_second_ = 0;
  bool have_second_ = false;
  std::string timestamp_text_;
};

}  // namespace tideline::datasets
