#include "core/time/time.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <vector>

#include "core/common/strings.h"

namespace tideline {

std::string Duration::ToSparkString() const { return fmt::format("{} ms", millis()); }

std::string Duration::ToString() const {
  int64_t us = us_;
  if (us == 0) return "0s";
  std::string sign = us < 0 ? "-" : "";
  if (us < 0) us = -us;
  if (us % 1000 != 0) return fmt::format("{}{}us", sign, us);
  int64_t ms = us / 1000;
  if (ms % 1000 != 0) return fmt::format("{}{}ms", sign, ms);
  int64_t s = ms / 1000;
  std::string out = sign;
  if (s >= 3600) { out += fmt::format("{}h", s / 3600); s %= 3600; }
  if (s >= 60) { out += fmt::format("{}m", s / 60); s %= 60; }
  if (s > 0) out += fmt::format("{}s", s);
  return out;
}

Timestamp Timestamp::FloorTo(Duration unit, Timestamp origin) const {
  // In 128 bits: near the ends of the range the floor may not fit in 64 (found by
  // fuzz_expr with CAST of the smallest timestamp AS DATE); it then becomes the nearest
  // multiple inside the range.
  const __int128 u = unit.micros();
  if (u <= 0) return *this;
  const __int128 rel = static_cast<__int128>(us_) - origin.us_;
  __int128 q = rel / u;
  if (rel % u != 0 && rel < 0) --q;
  __int128 r = origin.us_ + q * u;
  while (r < INT64_MIN) r += u;
  while (r > INT64_MAX) r -= u;
  return Timestamp(static_cast<int64_t>(r));
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

std::string Timestamp::ToString() const {
  int64_t secs = FloorDiv(us_, 1000000);
  int64_t frac = us_ - secs * 1000000;
  int64_t days = FloorDiv(secs, 86400);
  int64_t sod = secs - days * 86400;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  std::string out = fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", y, m, d, sod / 3600,
                                (sod / 60) % 60, sod % 60);
  if (frac != 0) {
    std::string f = fmt::format("{:06}", frac);
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

namespace {


// Microseconds in one unit named `u` (lower case), or 0 when unknown.
int64_t UnitMicros(const std::string& u) {
  static const std::pair<const char*, int64_t> kUnits[] = {
      {"us", 1}, {"microsecond", 1}, {"microseconds", 1},
      {"ms", 1000}, {"millisecond", 1000}, {"milliseconds", 1000},
      {"s", 1000000}, {"sec", 1000000}, {"secs", 1000000}, {"second", 1000000}, {"seconds", 1000000},
      {"m", 60000000}, {"min", 60000000}, {"mins", 60000000}, {"minute", 60000000}, {"minutes", 60000000},
      {"h", 3600000000LL}, {"hour", 3600000000LL}, {"hours", 3600000000LL},
      {"d", 86400000000LL}, {"day", 86400000000LL}, {"days", 86400000000LL},
      {"week", 604800000000LL}, {"weeks", 604800000000LL},
      {"month", 31 * 86400000000LL}, {"months", 31 * 86400000000LL},
      {"year", 12 * 31 * 86400000000LL}, {"years", 12 * 31 * 86400000000LL},
  };
  for (const auto& [name, us] : kUnits)
    if (u == name) return us;
  return 0;
}

// An ANSI interval literal's quoted value with its qualifier: '1-2' YEAR TO MONTH,
// '1 2:3:4' DAY TO SECOND, '3' HOUR, ... (months count 31 days, as Spark's
// EventTimeWatermark.getDelayMs does).
std::optional<int64_t> AnsiIntervalMicros(std::string_view value, const std::string& from, const std::string& to) {
  std::string v(value);
  bool neg = false;
  size_t k = 0;
  while (k < v.size() && v[k] == ' ') ++k;
  if (k < v.size() && (v[k] == '-' || v[k] == '+')) {
    neg = v[k] == '-';
    ++k;
  }
  // The fields in order, split at the separators the qualifier expects.
  std::vector<std::string> fields;
  std::string cur;
  for (; k < v.size(); ++k) {
    char c = v[k];
    if (c == '-' || c == ' ' || c == ':') {
      fields.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  fields.push_back(cur);
  static const char* const kOrder[] = {"year", "month", "day", "hour", "minute", "second"};
  static const int64_t kMicros[] = {12 * 31 * 86400000000LL, 31 * 86400000000LL, 86400000000LL, 3600000000LL,
                                    60000000LL, 1000000LL};
  auto index = [&](const std::string& u) {
    std::string x = u;
    if (!x.empty() && x.back() == 's') x.pop_back();
    for (int j = 0; j < 6; ++j)
      if (x == kOrder[j]) return j;
    return -1;
  };
  int a = index(from), b = to.empty() ? a : index(to);
  if (a < 0 || b < a || (a <= 1) != (b <= 1)) return std::nullopt;
  if (static_cast<int>(fields.size()) != b - a + 1) return std::nullopt;
  double total = 0;
  for (int j = a; j <= b; ++j) {
    const std::string& f = fields[static_cast<size_t>(j - a)];
    double x = 0;
    auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), x);
    if (f.empty() || ec != std::errc() || p != f.data() + f.size()) return std::nullopt;
    if (j != 5 && f.find('.') != std::string::npos) return std::nullopt;
    total += x * static_cast<double>(kMicros[j]);
  }
  if (!(std::fabs(total) < 9.2e18)) return std::nullopt;  // beyond a duration's range
  int64_t us = static_cast<int64_t>(total + 0.5);
  return neg ? -us : us;
}

}  // namespace

Result<Duration> ParseDuration(std::string_view text) {
  std::string s = AsciiLower(text);
  auto bad = [&]() {
    return Status::InvalidArgument(fmt::format("invalid duration '{}' (expected e.g. \"10 seconds\" or \"500ms\")", text));
  };
  size_t i = 0;
  auto skip_ws = [&]() { while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i; };
  skip_ws();
  if (s.compare(i, 8, "interval") == 0) { i += 8; skip_ws(); }
  if (i < s.size() && (s[i] == '\'' || s[i] == '"')) {
    // interval '1 2:3:4' day to second
    char q = s[i];
    size_t close = s.find(q, i + 1);
    if (close == std::string::npos) return bad();
    std::string value = s.substr(i + 1, close - i - 1);
    i = close + 1;
    auto word = [&]() {
      skip_ws();
      size_t b = i;
      while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
      return s.substr(b, i - b);
    };
    std::string from = word(), to;
    size_t save = i;
    if (word() == "to") to = word();
    else i = save;
    skip_ws();
    if (i != s.size() || from.empty()) return bad();
    auto us = AnsiIntervalMicros(value, from, to);
    if (!us) return bad();
    return Duration::Micros(*us);
  }
  int64_t total = 0;
  int parts = 0;
  while (i < s.size()) {
    bool neg = false;
    if (s[i] == '-' || s[i] == '+') { neg = s[i] == '-'; ++i; }
    size_t start = i;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (start == i) return bad();
    std::string num = s.substr(start, i - start);
    skip_ws();
    size_t ustart = i;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    std::string unit = s.substr(ustart, i - ustart);
    int64_t per = UnitMicros(unit);
    if (per == 0) return bad();
    double v = 0;
    auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
    if (ec != std::errc() || p != num.data() + num.size()) return bad();
    const double micros = v * static_cast<double>(per) + (v >= 0 ? 0.5 : -0.5);
    if (!(std::fabs(micros) < 9.2e18))
      return Status::InvalidArgument(fmt::format("duration '{}' is beyond the range of a duration (about 292,000 years)", text));
    const int64_t us = static_cast<int64_t>(micros);
    if (__builtin_add_overflow(total, neg ? -us : us, &total))
      return Status::InvalidArgument(fmt::format("duration '{}' is beyond the range of a duration (about 292,000 years)", text));
    ++parts;
    skip_ws();
  }
  if (parts == 0) return bad();
  return Duration::Micros(total);
}

Result<Timestamp> ParseTimestamp(std::string_view text) {
  auto bad = [&]() {
    return Status::InvalidArgument(fmt::format("invalid timestamp '{}' (expected \"YYYY-MM-DD HH:MM:SS\")", text));
  };
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  auto num = [&](size_t pos, size_t len, int64_t* out) {
    if (pos + len > s.size()) return false;
    int64_t v = 0;
    for (size_t k = pos; k < pos + len; ++k) {
      if (!std::isdigit(static_cast<unsigned char>(s[k]))) return false;
      v = v * 10 + (s[k] - '0');
    }
    *out = v;
    return true;
  };
  int64_t y, mo, d, h = 0, mi = 0, sec = 0, frac = 0;
  if (!num(0, 4, &y) || s.size() < 10 || s[4] != '-' || !num(5, 2, &mo) || s[7] != '-' || !num(8, 2, &d))
    return bad();
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return bad();
  size_t i = 10;
  if (i < s.size()) {
    if (s[i] != ' ' && s[i] != 'T') return bad();
    if (!num(i + 1, 2, &h) || i + 3 >= s.size() || s[i + 3] != ':' || !num(i + 4, 2, &mi)) return bad();
    i += 6;
    if (i < s.size() && s[i] == ':') {
      if (!num(i + 1, 2, &sec)) return bad();
      i += 3;
      if (i < s.size() && s[i] == '.') {
        ++i;
        int digits = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
          if (digits < 6) { frac = frac * 10 + (s[i] - '0'); ++digits; }
          ++i;
        }
        if (digits == 0) return bad();
        while (digits < 6) { frac *= 10; ++digits; }
      }
    }
    if (i < s.size() && s[i] == 'Z') ++i;
    if (i != s.size()) return bad();
    if (h > 23 || mi > 59 || sec > 59) return bad();
  }
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return Timestamp::FromMicros(((days * 86400 + h * 3600 + mi * 60 + sec) * 1000000) + frac);
}

}  // namespace tideline
