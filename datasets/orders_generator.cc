#include "datasets/orders_generator.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace tideline::datasets {
namespace {

// ---- MT19937 parameters (Matsumoto and Nishimura, 1998) ----

constexpr int kN = Mt19937::kStateSize;
constexpr int kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfU;
constexpr uint32_t kUpperMask = 0x80000000U;
constexpr uint32_t kLowerMask = 0x7fffffffU;

// ---- The data of an order ----

// The 100 ticker symbols of the reference generator, in its order.
// clang-format off
constexpr std::array<std::string_view, 100> kSymbols = {
    "AAPL", "ABT",  "ACN",   "ADBE", "ADP",  "AMD",  "AMGN", "AMT",  "AMZN", "AVGO",
    "AXP",  "BA",   "BAC",   "BK",   "BKNG", "BLK",  "BMY",  "C",    "CAT",  "CHTR",
    "CL",   "CMCSA", "COF",  "COP",  "COST", "CRM",  "CSCO", "CVS",  "CVX",  "DD",
    "DHR",  "DIS",  "DOW",   "DUK",  "EMR",  "EPE",  "EXC",  "F",    "FB",   "FDX",
    "GD",   "GE",   "GILD",  "GM",   "GOOG", "GS",   "HD",   "HON",  "IBM",  "INTC",
    "JNJ",  "JPM",  "KHC",   "KO",   "LIN",  "LLY",  "LMT",  "LOW",  "MA",   "MCD",
    "MDLZ", "MDT",  "MET",   "MMM",  "MO",   "MRK",  "MS",   "MSFT", "NEE",  "NFLX",
    "NKE",  "NVDA", "ORCL",  "PEP",  "PFE",  "PG",   "PM",   "PYPL", "QCOM", "RTX",
    "SBUX", "SO",   "SPG",   "T",    "TGT",  "TMO",  "TSLA", "TXN",  "UNH",  "UNP",
    "UPS",  "USB",  "V",     "VZ",   "WBA",  "WFC",  "WMT",  "XOM",  "YHOO", "ZNGA"};
// clang-format on

// Event time never goes past the end of year 99,999,999: far beyond any use, and well inside
// what both this code and the reference's time.gmtime can represent.
constexpr int64_t kMaxYear = 99999999;

// ---- Calendar arithmetic (proleptic Gregorian, UTC) ----

// Days from 1970-01-01 to y-m-d.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;                                    // [0, 399]
  const int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
  return era * 146097 + day_of_era - 719468;
}

struct Civil {
  int64_t year;
  int month;
  int day;
};

// The inverse of DaysFromCivil.
Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Python's \s for ASCII text.
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Reads a field of one or two digits (strptime's %m %d %H %M %S accept both), which must be
// followed by a non-digit. Rejects "0" and "00" when `zero_ok` is false (%m and %d).
bool ReadSmallField(std::string_view text, size_t* pos, int max_value, bool zero_ok, int* value) {
  size_t p = *pos;
  size_t digits = 0;
  int v = 0;
  while (p < text.size() && IsDigit(text[p]) && digits < 3) {
    v = v * 10 + (text[p] - '0');
    ++p;
    ++digits;
  }
  if (digits == 0 || digits > 2 || v > max_value || (!zero_ok && v == 0)) return false;
  *pos = p;
  *value = v;
  return true;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

// ---- Fast text output ----

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, static_cast<size_t>(end - buf));
}

void AppendTwoDigits(int v, std::string* out) {
  out->push_back(static_cast<char>('0' + v / 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Mt19937

Mt19937::Mt19937(std::span<const uint32_t> key) {
  static constexpr uint32_t kZeroKey[1] = {0};
  if (key.empty()) key = kZeroKey;

  // init_genrand(19650218)
  state_[0] = 19650218U;
  for (int i = 1; i < kN; ++i) {
    const uint32_t prev = state_[i - 1];
    state_[i] = 1812433253U * (prev ^ (prev >> 30)) + static_cast<uint32_t>(i);
  }

  // init_by_array(key)
  const size_t key_length = key.size();
  int i = 1;
  size_t j = 0;
  for (size_t k = std::max<size_t>(kN, key_length); k > 0; --k) {
    const uint32_t prev = state_[i - 1];
    state_[i] =
        (state_[i] ^ ((prev ^ (prev >> 30)) * 1664525U)) + key[j] + static_cast<uint32_t>(j);
    ++i;
    ++j;
    if (i >= kN) {
      state_[0] = state_[kN - 1];
      i = 1;
    }
    if (j >= key_length) j = 0;
  }
  for (int k = kN - 1; k > 0; --k) {
    const uint32_t prev = state_[i - 1];
    state_[i] = (state_[i] ^ ((prev ^ (prev >> 30)) * 1566083941U)) - static_cast<uint32_t>(i);
    ++i;
    if (i >= kN) {
      state_[0] = state_[kN - 1];
      i = 1;
    }
  }
  state_[0] = 0x80000000U;  // the most significant bit is 1: the state is never all zero
  index_ = kN;
}

Mt19937 Mt19937::FromPythonSeed(int64_t seed) {
  // |seed| without overflow for INT64_MIN.
  const uint64_t magnitude =
      seed < 0 ? uint64_t{0} - static_cast<uint64_t>(seed) : static_cast<uint64_t>(seed);
  std::vector<uint32_t> key;
  key.push_back(static_cast<uint32_t>(magnitude));
  if (magnitude >> 32 != 0) key.push_back(static_cast<uint32_t>(magnitude >> 32));
  return Mt19937(key);
}

void Mt19937::Twist() {
  auto mix = [](uint32_t upper, uint32_t lower) {
    const uint32_t y = (upper & kUpperMask) | (lower & kLowerMask);
    return (y >> 1) ^ ((y & 1U) != 0 ? kMatrixA : 0U);
  };
  int k = 0;
  for (; k < kN - kM; ++k) state_[k] = state_[k + kM] ^ mix(state_[k], state_[k + 1]);
  for (; k < kN - 1; ++k) state_[k] = state_[k + kM - kN] ^ mix(state_[k], state_[k + 1]);
  state_[kN - 1] = state_[kM - 1] ^ mix(state_[kN - 1], state_[0]);
  index_ = 0;
}

uint32_t Mt19937::NextUint32() {
  if (index_ >= kN) Twist();
  uint32_t y = state_[index_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= y >> 18;
  return y;
}

double Mt19937::NextDouble() {
  const uint32_t a = NextUint32() >> 5;  // 27 bits
  const uint32_t b = NextUint32() >> 6;  // 26 bits
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

// ---------------------------------------------------------------------------------------------
// Options

std::optional<int64_t> ParseStartTime(std::string_view text) {
  // %Y: exactly four digits.
  if (text.size() < 4) return std::nullopt;
  int64_t year = 0;
  for (size_t k = 0; k < 4; ++k) {
    if (!IsDigit(text[k])) return std::nullopt;
    year = year * 10 + (text[k] - '0');
  }
  size_t pos = 4;
  int month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!Expect(text, &pos, '-') || !ReadSmallField(text, &pos, 12, false, &month) ||
      !Expect(text, &pos, '-')) {
    return std::nullopt;
  }
  // %d also accepts a space followed by one digit.
  if (pos + 1 < text.size() && text[pos] == ' ' && text[pos + 1] >= '1' && text[pos + 1] <= '9' &&
      (pos + 2 >= text.size() || !IsDigit(text[pos + 2]))) {
    day = text[pos + 1] - '0';
    pos += 2;
  } else if (!ReadSmallField(text, &pos, 31, false, &day)) {
    return std::nullopt;
  }
  // The format's space matches one or more whitespace characters.
  if (pos >= text.size() || !IsSpace(text[pos])) return std::nullopt;
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  if (!ReadSmallField(text, &pos, 23, true, &hour) || !Expect(text, &pos, ':') ||
      !ReadSmallField(text, &pos, 59, true, &minute) || !Expect(text, &pos, ':') ||
      !ReadSmallField(text, &pos, 61, true, &second) || pos != text.size()) {
    return std::nullopt;
  }
  if (year < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  return DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

std::optional<int64_t> RateMicro(double rate) {
  const double x = rate * 1000000.0;
  if (!std::isfinite(x) || std::fabs(x) >= 9223372036854775808.0) return std::nullopt;
  // Round half to even, as Python's round(): x - floor(x) is exact.
  const double floor_x = std::floor(x);
  const double fraction = x - floor_x;
  double rounded = floor_x;
  if (fraction > 0.5 || (fraction == 0.5 && std::fmod(floor_x, 2.0) != 0.0)) rounded += 1.0;
  if (rounded >= 9223372036854775808.0) return std::nullopt;
  return static_cast<int64_t>(rounded);
}

std::optional<double> ParseRate(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  // Underscores are allowed between two digits only.
  std::string cleaned;
  for (size_t k = 0; k < text.size(); ++k) {
    if (text[k] == '_') {
      if (k == 0 || k + 1 >= text.size() || !IsDigit(text[k - 1]) || !IsDigit(text[k + 1])) {
        return std::nullopt;
      }
      continue;
    }
    if (text[k] == '+' || text[k] == '-') {
      // A sign is only valid right after the exponent marker.
      if (k == 0 || (text[k - 1] != 'e' && text[k - 1] != 'E')) return std::nullopt;
    }
    cleaned.push_back(text[k]);
  }
  if (cleaned.empty()) return std::nullopt;
  double value = 0;
  const char* first = cleaned.data();
  const char* last = first + cleaned.size();
  const auto [end, ec] = std::from_chars(first, last, value, std::chars_format::general);
  if (end != last || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    return std::nullopt;
  }
  if (ec == std::errc::result_out_of_range) {
    // Python gives inf on overflow and 0 on underflow, as strtod does; from_chars leaves
    // `value` untouched.
    value = std::strtod(cleaned.c_str(), nullptr);
  }
  return negative ? -value : value;
}

std::string ValidateOrdersOptions(const OrdersOptions& options) {
  if (options.lines < 0) return "--lines must be >= 0";
  if (!(options.rate > 0)) return "--rate must be > 0";
  if (!std::isfinite(options.rate)) return "--rate must be finite";
  const std::optional<int64_t> rate_micro = RateMicro(options.rate);
  if (!rate_micro) return "--rate is too large (at most 9.2e12 orders per second)";
  if (*rate_micro == 0) return "--rate is too small (at least 5e-7 orders per second)";
  if (options.malformed < 0) return "--malformed must be >= 0";
  const std::optional<int64_t> start = ParseStartTime(options.start);
  if (!start) {
    return "--start '" + options.start + "' is not a valid 'YYYY-MM-DD HH:MM:SS' timestamp";
  }
  if (options.lines > 0) {
    const __int128 last = static_cast<__int128>(*start) +
                          static_cast<__int128>(options.lines - 1) * 1000000 / *rate_micro;
    if (last > static_cast<__int128>(DaysFromCivil(kMaxYear, 12, 31)) * 86400 + 86399) {
      return "the last timestamp would fall after the year 99999999: lower --lines or raise "
             "--rate";
    }
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// OrdersGenerator

OrdersGenerator::OrdersGenerator(const OrdersOptions& options)
    : options_(options), rng_(Mt19937::FromPythonSeed(options.seed)) {
  if (std::string error = ValidateOrdersOptions(options_); !error.empty()) {
    throw std::invalid_argument(error);
  }
  start_second_ = *ParseStartTime(options_.start);
  rate_micro_ = *RateMicro(options_.rate);
}

void OrdersGenerator::UpdateTimestamp(int64_t second) {
  current_second_ = second;
  have_second_ = true;
  const int64_t days = FloorDiv(second, 86400);
  const int64_t in_day = second - days * 86400;
  const Civil c = CivilFromDays(days);
  timestamp_text_.clear();
  AppendInt(c.year, &timestamp_text_);  // %Y: not zero-padded by Python's time.strftime
  timestamp_text_.push_back('-');
  AppendTwoDigits(c.month, &timestamp_text_);
  timestamp_text_.push_back('-');
  AppendTwoDigits(c.day, &timestamp_text_);
  timestamp_text_.push_back(' ');
  AppendTwoDigits(static_cast<int>(in_day / 3600), &timestamp_text_);
  timestamp_text_.push_back(':');
  AppendTwoDigits(static_cast<int>(in_day / 60 % 60), &timestamp_text_);
  timestamp_text_.push_back(':');
  AppendTwoDigits(static_cast<int>(in_day % 60), &timestamp_text_);
}

bool OrdersGenerator::AppendNextLine(std::string* out) {
  if (done()) return false;
  const int64_t i = next_index_++;
  const int64_t second =
      start_second_ + static_cast<int64_t>(static_cast<__int128>(i) * 1000000 / rate_micro_);
  if (!have_second_ || second != current_second_) UpdateTimestamp(second);

  // The draws happen for every line, malformed or not, so valid lines match the reference.
  const int client = 1 + static_cast<int>(rng_.NextDouble() * 100);
  const std::string_view symbol = kSymbols[static_cast<size_t>(rng_.NextDouble() * 100)];
  const int amount = 1 + static_cast<int>(rng_.NextDouble() * 1000);
  const int price = 1 + static_cast<int>(rng_.NextDouble() * 100);
  const char side = rng_.NextDouble() < 0.5 ? 'B' : 'S';

  const int64_t line_number = i + 1;
  int kind = -1;  // not malformed
  if (IsMalformed(line_number)) {
    kind = static_cast<int>((line_number / options_.malformed - 1) % kMalformedKinds);
  }
  if (kind == 0) {  // a truncated record: too few fields
    out->append(timestamp_text_);
    out->push_back(',');
    AppendInt(line_number, out);
    out->append(",oops\n");
    return true;
  }

  if (kind == 3) {
    out->append("yesterday");  // an unparseable timestamp
  } else {
    out->append(timestamp_text_);
  }
  out->push_back(',');
  AppendInt(line_number, out);
  out->push_back(',');
  AppendInt(client, out);
  out->push_back(',');
  out->append(symbol);
  out->push_back(',');
  if (kind == 2) {
    out->append("lots");  // a non-numeric amount
  } else {
    AppendInt(amount, out);
  }
  out->push_back(',');
  AppendInt(price, out);
  out->append(".00,");
  out->push_back(kind == 1 ? 'X' : side);  // 'X': neither buy nor sell
  out->push_back('\n');
  return true;
}

}  // namespace tideline::datasets
