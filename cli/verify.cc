// tideline verify: the command line over core/verify (verify.h).
#include "cli/verify.h"

#include <fmt/format.h>

#include <ostream>

#include "core/scenario/model.h"
#include "core/value/value.h"
#include "core/verify/verifier.h"

namespace tideline::cli {

namespace {

std::string Quoted(std::string_view s) {
  std::string o;
  AppendJsonString(&o, s);
  return o;
}

std::string JsonList(const std::vector<std::string>& items) {
  std::string o = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) o += ",";
    AppendJsonString(&o, items[i]);
  }
  return o + "]";
}

// At most `n` items, then "... and K more".
std::string Sample(const std::vector<std::string>& items, size_t n = 3) {
  std::vector<std::string> shown;
  for (size_t i = 0; i < items.size() && i < n; ++i) shown.push_back(Quoted(items[i]));
  std::string s = fmt::format("{}", fmt::join(shown, ", "));
  if (items.size() > n) s += fmt::format(" and {} more", items.size() - n);
  return s;
}

}  // namespace

int VerifyCommand(const VerifyArgs& a, std::ostream& out, std::ostream& err) {
  if (a.kill) {
    err << "tideline verify: --kill is not available yet; schedules run in process without it\n";
    return 2;
  }
  auto sc = scenario::LoadScenario(a.file);
  if (!sc.ok()) {
    err << sc.status().ToString() << "\n";
    return 2;
  }
  verify::VerifyOptions vo;
  vo.random = a.random;
  vo.seed = a.seed;
  auto r = verify::Verify(*sc, vo);
  if (!r.ok()) {
    const Status& st = r.status();
    err << (st.pos().known() || st.message().find(": error: ") == std::string::npos ? st.ToString() : st.message()) << "\n";
    return 2;
  }
  for (const std::string& c : r->failed_checks) err << a.file << ": the clean run failed a check: " << c << "\n";
  for (const auto& o : r->outputs) {
    if (a.json) {
      std::string failure = "null";
      if (o.failure) {
        std::vector<std::string> crashes;
        for (const auto& c : o.failure->schedule)
          crashes.push_back(fmt::format("{{\"batch\":{},\"at\":{}}}", c.batch, Quoted(c.point)));
        failure = fmt::format("{{\"schedule\":[{}],\"extra\":{},\"missing\":{}}}", fmt::join(crashes, ","),
                              JsonList(o.failure->extra), JsonList(o.failure->missing));
      }
      out << fmt::format("{{\"output\":{},\"verdict\":\"{}\",\"schedules\":{},\"failure\":{}}}\n", Quoted(o.output),
                         verify::VerdictName(o.verdict), o.schedules, failure);
      continue;
    }
    out << fmt::format("{}: {}, {} schedules", o.output, verify::VerdictName(o.verdict), o.schedules);
    if (o.failure) {
      out << fmt::format("; smallest failing schedule: crash at {}", verify::ScheduleText(o.failure->schedule, r->dstream));
      if (!o.failure->extra.empty()) out << fmt::format("; extra: {}", Sample(o.failure->extra));
      if (!o.failure->missing.empty()) out << fmt::format("; missing: {}", Sample(o.failure->missing));
    }
    out << "\n";
  }
  if (a.json)
    out << fmt::format("{{\"verdict\":\"{}\",\"schedules\":{}}}\n", verify::VerdictName(r->verdict), r->schedules);
  else
    out << "verdict: " << verify::VerdictName(r->verdict) << "\n";
  return r->verdict == verify::Verdict::kExactlyOnce ? 0 : 1;
}

}  // namespace tideline::cli
