// Tests of the orders generator: its random numbers, its options and its output, compared
// with values taken from the shared Python reference generator (gen_orders.py).

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/orders_generator.h"

namespace tideline::datasets {
namespace {

// The whole output of a generator with these options.
std::string Generate(const OrdersOptions& options) {
  OrdersGenerator generator(options);
  std::string out;
  while (generator.AppendNextLine(&out)) {
  }
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    EXPECT_NE(end, std::string::npos) << "the output must end with a newline";
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

bool IsNumber(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Whether a line has the shape of a valid order (the checks a consumer would make).
bool LooksValid(const std::string& line) {
  std::vector<std::string> f;
  size_t begin = 0;
  for (;;) {
    const size_t comma = line.find(',', begin);
    f.push_back(line.substr(begin, comma - begin));
    if (comma == std::string::npos) break;
    begin = comma + 1;
  }
  if (f.size() != 7) return false;
  if (!ParseStartTime(f[0])) return false;
  if (!IsNumber(f[1]) || !IsNumber(f[2]) || f[3].empty() || !IsNumber(f[4])) return false;
  if (f[5].size() < 4 || f[5].substr(f[5].size() - 3) != ".00") return false;
  if (!IsNumber(f[5].substr(0, f[5].size() - 3))) return false;
  return f[6] == "B" || f[6] == "S";
}

// ---- Mt19937 ----

TEST(Mt19937Test, MatchesTheReferenceSequenceOfInitByArray) {
  // The key of Matsumoto and Nishimura's reference output (mt19937ar.out).
  const uint32_t key[] = {0x123, 0x234, 0x345, 0x456};
  Mt19937 mt(key);
  EXPECT_EQ(mt.NextUint32(), 1067595299U);
  EXPECT_EQ(mt.NextUint32(), 955945823U);
  EXPECT_EQ(mt.NextUint32(), 477289528U);
  EXPECT_EQ(mt.NextUint32(), 4107218783U);
  EXPECT_EQ(mt.NextUint32(), 4228976476U);
}

TEST(Mt19937Test, SeedsLikePythonRandom) {
  // random.Random(seed).getrandbits(32) in Python.
  Mt19937 one = Mt19937::FromPythonSeed(1);
  EXPECT_EQ(one.NextUint32(), 577090037U);
  EXPECT_EQ(one.NextUint32(), 2444712010U);
  EXPECT_EQ(one.NextUint32(), 3639700191U);

  Mt19937 two_words = Mt19937::FromPythonSeed(int64_t{1} << 32);  // key {0, 1}
  EXPECT_EQ(two_words.NextUint32(), 485306839U);
  EXPECT_EQ(two_words.NextUint32(), 1508871100U);

  Mt19937 most_negative = Mt19937::FromPythonSeed(INT64_MIN);  // |seed| = 2^63
  EXPECT_EQ(most_negative.NextUint32(), 2377109768U);
  EXPECT_EQ(most_negative.NextUint32(), 1691753470U);

  // Negative seeds use |seed|.
  Mt19937 minus_five = Mt19937::FromPythonSeed(-5);
  Mt19937 five = Mt19937::FromPythonSeed(5);
  for (int k = 0; k < 1000; ++k) ASSERT_EQ(minus_five.NextUint32(), five.NextUint32());
}

TEST(Mt19937Test, NextDoubleIsPythonRandom) {
  // random.Random(0).random() == 0x1.b0580f98a7dbep-1
  Mt19937 zero = Mt19937::FromPythonSeed(0);
  EXPECT_EQ(zero.NextDouble(), 0x1.b0580f98a7dbep-1);
  // Crossing a regeneration of the state (624 words) keeps values in [0, 1).
  for (int k = 0; k < 2000; ++k) {
    const double d = zero.NextDouble();
    ASSERT_GE(d, 0.0);
    ASSERT_LT(d, 1.0);
  }
}

// ---- Options ----

TEST(OrdersOptionsTest, ParseStartTimeFollowsPythonStrptime) {
  EXPECT_EQ(ParseStartTime("1970-01-01 00:00:00"), 0);
  EXPECT_EQ(ParseStartTime("2016-03-22 20:25:28"), 1458678328);
  EXPECT_EQ(ParseStartTime("2016-3-2 1:2:3"), ParseStartTime("2016-03-02 01:02:03"));
  EXPECT_EQ(ParseStartTime("2016-03- 5  20:25:28"), ParseStartTime("2016-03-05 20:25:28"));
  EXPECT_EQ(ParseStartTime("2016-03-22 20:25:60"), ParseStartTime("2016-03-22 20:26:00"));
  EXPECT_EQ(ParseStartTime("1969-12-31 23:59:59"), -1);
  EXPECT_EQ(ParseStartTime("2000-02-29 00:00:00"), 951782400);

  EXPECT_FALSE(ParseStartTime("2016-02-30 00:00:00"));  // no such day
  EXPECT_FALSE(ParseStartTime("1900-02-29 00:00:00"));
  EXPECT_FALSE(ParseStartTime("0000-01-01 00:00:00"));  // no year 0
  EXPECT_FALSE(ParseStartTime("2016-00-01 00:00:00"));
  EXPECT_FALSE(ParseStartTime("2016-01-01 24:00:00"));
  EXPECT_FALSE(ParseStartTime("2016-01-01 00:00:62"));
  EXPECT_FALSE(ParseStartTime("2016-003-22 20:25:28"));
  EXPECT_FALSE(ParseStartTime(" 2016-03-22 20:25:28"));
  EXPECT_FALSE(ParseStartTime("2016-03-22 20:25:28 "));
  EXPECT_FALSE(ParseStartTime("2016-03-22T20:25:28"));
  EXPECT_FALSE(ParseStartTime("16-03-22 20:25:28"));
  EXPECT_FALSE(ParseStartTime(""));
}

TEST(OrdersOptionsTest, RateMicroRoundsHalfToEven) {
  EXPECT_EQ(RateMicro(500000 / 150.0), 3333333333);
  EXPECT_EQ(RateMicro(1000), 1000000000);
  EXPECT_EQ(RateMicro(0.5e-6), 0);  // 0.5 -> 0
  EXPECT_EQ(RateMicro(1.5e-6), 2);  // 1.5 -> 2
  EXPECT_EQ(RateMicro(2.5e-6), 2);  // 2.5 -> 2
  EXPECT_EQ(RateMicro(4.5e-6), 4);
  EXPECT_EQ(RateMicro(3.0000005), 3000000);  // 3000000.5 -> 3000000
  EXPECT_EQ(RateMicro(3.0000015), 3000002);  // 3000001.5 -> 3000002
  EXPECT_FALSE(RateMicro(INFINITY));
  EXPECT_FALSE(RateMicro(NAN));
  EXPECT_FALSE(RateMicro(1e13));
}

TEST(OrdersOptionsTest, ParseRateFollowsPythonFloat) {
  EXPECT_EQ(ParseRate("1000"), 1000.0);
  EXPECT_EQ(ParseRate(" +1_000.5 "), 1000.5);
  EXPECT_EQ(ParseRate("2.5e-6"), 2.5e-6);
  EXPECT_EQ(ParseRate("3333.3333333333335"), 500000 / 150.0);
  EXPECT_EQ(ParseRate("-1"), -1.0);
  EXPECT_EQ(ParseRate("1e400"), HUGE_VAL);
  EXPECT_FALSE(ParseRate("abc"));
  EXPECT_FALSE(ParseRate("1__0"));
  EXPECT_FALSE(ParseRate("_1"));
  EXPECT_FALSE(ParseRate("0x10"));
  EXPECT_FALSE(ParseRate("1-2"));
  EXPECT_FALSE(ParseRate(""));
}

TEST(OrdersOptionsTest, ValidationNamesTheProblem) {
  EXPECT_EQ(ValidateOrdersOptions(OrdersOptions{}), "");
  OrdersOptions o;
  o.lines = -1;
  EXPECT_NE(ValidateOrdersOptions(o).find("--lines"), std::string::npos);
  o = OrdersOptions{};
  o.rate = 0;
  EXPECT_NE(ValidateOrdersOptions(o).find("--rate"), std::string::npos);
  o.rate = 1e-7;  // rounds to 0 orders per 10^6 seconds
  EXPECT_NE(ValidateOrdersOptions(o).find("--rate"), std::string::npos);
  o = OrdersOptions{};
  o.malformed = -3;
  EXPECT_NE(ValidateOrdersOptions(o).find("--malformed"), std::string::npos);
  o = OrdersOptions{};
  o.start = "yesterday";
  EXPECT_NE(ValidateOrdersOptions(o).find("--start"), std::string::npos);
  EXPECT_THROW(OrdersGenerator{o}, std::invalid_argument);
}

// ---- Output ----

TEST(OrdersGeneratorTest, FirstLinesMatchTheReference) {
  OrdersOptions options;  // seed 1 and the other defaults
  options.lines = 3;
  EXPECT_EQ(Generate(options),
            "2016-03-22 20:25:28,1,14,TGT,764,26.00,B\n"
            "2016-03-22 20:25:28,2,45,MRK,789,10.00,B\n"
            "2016-03-22 20:25:28,3,84,GM,763,1.00,B\n");
}

TEST(OrdersGeneratorTest, AppendNextLineStopsAfterTheLastLine) {
  OrdersOptions options;
  options.lines = 2;
  OrdersGenerator generator(options);
  std::string out;
  EXPECT_EQ(generator.next_line(), 1);
  EXPECT_TRUE(generator.AppendNextLine(&out));
  EXPECT_TRUE(generator.AppendNextLine(&out));
  EXPECT_TRUE(generator.done());
  const std::string two_lines = out;
  EXPECT_FALSE(generator.AppendNextLine(&out));
  EXPECT_EQ(out, two_lines);

  options.lines = 0;
  EXPECT_EQ(Generate(options), "");
}

TEST(OrdersGeneratorTest, TimestampsAdvanceEveryRateLines) {
  OrdersOptions options;
  options.lines = 1002;
  options.rate = 1000;
  const std::vector<std::string> lines = SplitLines(Generate(options));
  ASSERT_EQ(lines.size(), 1002u);
  EXPECT_EQ(lines[999], "2016-03-22 20:25:28,1000,76,UPS,955,95.00,B");
  EXPECT_EQ(lines[1000], "2016-03-22 20:25:29,1001,76,FB,850,19.00,B");
  EXPECT_EQ(lines[1001], "2016-03-22 20:25:29,1002,20,CVX,179,50.00,S");
}

TEST(OrdersGeneratorTest, YearsPastNineThousandNineHundredNinetyNineAreNotPadded) {
  OrdersOptions options;
  options.lines = 2;
  options.rate = 0.5;
  options.start = "9999-12-31 23:59:59";
  EXPECT_EQ(Generate(options),
            "9999-12-31 23:59:59,1,14,TGT,764,26.00,B\n"
            "10000-01-01 00:00:01,2,45,MRK,789,10.00,B\n");
}

TEST(OrdersGeneratorTest, WholeOutputMatchesTheReference) {
  // FNV-1a 64 of `gen_orders.py --lines 20000 --seed 7 --rate 1000` (883316 bytes).
  OrdersOptions options;
  options.lines = 20000;
  options.seed = 7;
  options.rate = 1000;
  const std::string small = Generate(options);
  EXPECT_EQ(small.size(), 883316u);
  EXPECT_EQ(Fnv1a64(small), 0x8037a03db4b1bfbfULL);

  // FNV-1a 64 of `gen_orders.py` with its defaults (500000 lines, 22751440 bytes; SHA-256
  // 5d62eec7bf3e9ead5853e1dbf2cd9bba9bb054b0da53e208db6b0aad6cb68c2f).
  const std::string book = Generate(OrdersOptions{});
  EXPECT_EQ(book.size(), 22751440u);
  EXPECT_EQ(Fnv1a64(book), 0x33ad69fdf8528145ULL);
}

TEST(OrdersGeneratorTest, MalformedLinesReplaceEveryKthLineOnly) {
  OrdersOptions options;
  options.lines = 1000;
  options.seed = 3;
  options.rate = 100;
  const std::vector<std::string> clean = SplitLines(Generate(options));
  options.malformed = 7;
  const std::vector<std::string> dirty = SplitLines(Generate(options));
  ASSERT_EQ(clean.size(), 1000u);
  ASSERT_EQ(dirty.size(), 1000u);

  OrdersGenerator probe(options);
  int malformed = 0;
  for (size_t k = 0; k < clean.size(); ++k) {
    const int64_t line_number = static_cast<int64_t>(k) + 1;
    ASSERT_TRUE(LooksValid(clean[k])) << clean[k];
    if (line_number % 7 == 0) {
      ++malformed;
      EXPECT_TRUE(probe.IsMalformed(line_number));
      EXPECT_NE(dirty[k], clean[k]);
      EXPECT_FALSE(LooksValid(dirty[k])) << dirty[k];
    } else {
      EXPECT_FALSE(probe.IsMalformed(line_number));
      EXPECT_EQ(dirty[k], clean[k]);
    }
  }
  EXPECT_EQ(malformed, 1000 / 7);

  // The kinds come in turn: too few fields, side X, non-numeric amount, bad timestamp.
  EXPECT_EQ(dirty[6], clean[6].substr(0, clean[6].find(',', 20)) + ",oops");
  EXPECT_EQ(dirty[13], clean[13].substr(0, clean[13].size() - 1) + "X");
  EXPECT_NE(dirty[20].find(",lots,"), std::string::npos);
  EXPECT_EQ(dirty[27].rfind("yesterday,28,", 0), 0u);
  EXPECT_EQ(dirty[34], clean[34].substr(0, clean[34].find(',', 20)) + ",oops");
}

}  // namespace
}  // namespace tideline::datasets
