// tideline verify in process (verifier.h).
#include "core/verify/verifier.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <random>

#include "core/common/temp_dir.h"
#include "core/scenario/runner.h"
#include "core/verify/output_reader.h"

namespace tideline::verify {

namespace fs = std::filesystem;
using scenario::Runner;
using scenario::RunnerOptions;

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kExactlyOnce: return "exactly-once";
    case Verdict::kAtLeastOnce: return "at-least-once";
    case Verdict::kAtMostOnce: return "at-most-once";
    case Verdict::kInconsistent: return "inconsistent";
  }
  return "inconsistent";
}

std::vector<std::string> DStreamCrashPoints(int outputs) {
  std::vector<std::string> out = {"afterGenerate"};
  for (int i = 1; i <= outputs; ++i) out.push_back(fmt::format("afterOutput{}", i));
  out.push_back("afterComplete");
  return out;
}

std::string ScheduleText(const Schedule& s, bool dstream) {
  std::vector<std::string> parts;
  for (const CrashAt& c : s)
    parts.push_back(dstream ? fmt::format("batch {} ms {}", c.batch, c.point) : fmt::format("batch {} {}", c.batch, c.point));
  return fmt::format("{}", fmt::join(parts, ", "));
}

namespace {

using RunOutcome = ScheduleRun;

// One run of the steps with `schedule`; records the crash points passed.
Result<RunOutcome> RunOnce(const scenario::Scenario& sc, const Schedule& schedule) {
  TL_ASSIGN_OR_RETURN(std::string made, MakeTempDir("tideline-verify"));
  const RemoveOnExit dir(std::move(made));

  RunOutcome out;
  std::vector<std::string> printed;
  std::vector<bool> fired(schedule.size(), false);
  RunnerOptions opts;
  opts.output_dir = dir.path();
  opts.print_sink = [&printed](const std::string& text) { printed.push_back(text); };
  opts.continue_after_failed_check = true;
  opts.crash_hook = [&](int64_t batch, const std::string& point) {
    CrashAt here{batch, point};
    if (std::find(out.points.begin(), out.points.end(), here) == out.points.end()) out.points.push_back(here);
    for (size_t i = 0; i < schedule.size(); ++i) {
      if (fired[i] || !(schedule[i] == here)) continue;
      fired[i] = true;
      return true;
    }
    return false;
  };
  TL_ASSIGN_OR_RETURN(std::unique_ptr<Runner> runner, Runner::Create(sc, std::move(opts)));
  runner->RunAll();
  if (runner->scenario_error()) return Status::InvalidArgument(runner->failure());  // FILE:LINE:COL: error: ...
  for (const auto& c : runner->checks())
    if (!c.passed) out.failed_checks.push_back(fmt::format("step {} ({}): {}", c.step, c.kind, c.message));
  if (!runner->failure().empty() && out.failed_checks.empty()) out.failed_checks.push_back(runner->failure());
  out.outputs = ReadOutputs(sc, dir.path(), printed, runner->MemorySinkRows());
  return out;
}

enum class Diff { kSame, kExtra, kMissing, kMixed };

// How `got` differs from `clean` (both sorted): extra copies of clean items only, missing
// items only, or anything else.
Diff Compare(const std::vector<std::string>& clean, const std::vector<std::string>& got, OutputFailure* f) {
  std::vector<std::string> extra, missing;
  std::set_difference(got.begin(), got.end(), clean.begin(), clean.end(), std::back_inserter(extra));
  std::set_difference(clean.begin(), clean.end(), got.begin(), got.end(), std::back_inserter(missing));
  if (f) {
    f->extra = extra;
    f->missing = missing;
  }
  if (extra.empty() && missing.empty()) return Diff::kSame;
  bool copies = std::all_of(extra.begin(), extra.end(),
                            [&](const std::string& e) { return std::binary_search(clean.begin(), clean.end(), e); });
  if (!extra.empty() && missing.empty()) return copies ? Diff::kExtra : Diff::kMixed;
  if (extra.empty()) return Diff::kMissing;
  return Diff::kMixed;
}

Verdict VerdictOf(bool extra, bool missing, bool mixed) {
  if (mixed || (extra && missing)) return Verdict::kInconsistent;
  if (extra) return Verdict::kAtLeastOnce;
  if (missing) return Verdict::kAtMostOnce;
  return Verdict::kExactlyOnce;
}

// The single-crash schedules (one per crash point the clean run passed, in that order),
// then `opts.random` seeded schedules of two to four crashes.
std::vector<Schedule> Schedules(const std::vector<CrashAt>& points, const VerifyOptions& opts) {
  std::vector<Schedule> schedules;
  for (const CrashAt& c : points) schedules.push_back({c});
  if (opts.random <= 0 || points.empty()) return schedules;
  std::mt19937_64 rng(opts.seed);
  for (int i = 0; i < opts.random; ++i) {
    size_t k = std::min<size_t>(2 + rng() % 3, points.size());
    std::vector<size_t> idx(points.size());
    for (size_t j = 0; j < idx.size(); ++j) idx[j] = j;
    std::shuffle(idx.begin(), idx.end(), rng);
    idx.resize(k);
    std::sort(idx.begin(), idx.end());
    Schedule s;
    for (size_t j : idx) s.push_back(points[j]);
    schedules.push_back(std::move(s));
  }
  return schedules;
}

// Shrinking: drops crashes one at a time from `first` while output `i` still differs.
Result<OutputFailure> Shrink(const std::function<Result<RunOutcome>(const Schedule&)>& run_schedule,
                             const std::vector<std::string>& clean, size_t i,
                             OutputFailure first) {
  OutputFailure best = std::move(first);
  bool shrunk = true;
  while (shrunk && best.schedule.size() > 1) {
    shrunk = false;
    for (size_t j = 0; j < best.schedule.size(); ++j) {
      Schedule smaller = best.schedule;
      smaller.erase(smaller.begin() + static_cast<std::ptrdiff_t>(j));
      TL_ASSIGN_OR_RETURN(RunOutcome run, run_schedule(smaller));
      OutputFailure f;
      f.schedule = smaller;
      if (i < run.outputs.size() && Compare(clean, run.outputs[i].items, &f) != Diff::kSame) {
        best = std::move(f);
        shrunk = true;
        break;
      }
    }
  }
  return best;
}

Verdict CellVerdict(Diff d) {
  return VerdictOf(d == Diff::kExtra, d == Diff::kMissing, d == Diff::kMixed);
}

}  // namespace

Result<VerifyResult> Verify(const scenario::Scenario& sc, const VerifyOptions& opts) {
  VerifyResult result;
  result.dstream = sc.api == scenario::Api::kDStream;
  TL_ASSIGN_OR_RETURN(RunOutcome clean, RunOnce(sc, {}));
  result.failed_checks = clean.failed_checks;
  auto run = [&](const Schedule& s) { return opts.run_schedule ? opts.run_schedule(s) : RunOnce(sc, s); };
  if (opts.run_schedule) {
    TL_ASSIGN_OR_RETURN(RunOutcome other, run({}));
    clean.outputs = std::move(other.outputs);
  }
  const std::vector<Schedule> schedules = Schedules(clean.points, opts);
  result.schedules = static_cast<int>(schedules.size());
  const int total = result.schedules + 1;
  if (opts.progress) opts.progress(1, total);

  const size_t n_out = clean.outputs.size();
  struct Acc {
    bool extra = false, missing = false, mixed = false;
    std::optional<OutputFailure> first;  // the smallest failing schedule seen
  };
  std::vector<Acc> acc(n_out);
  for (size_t k = 0; k < schedules.size(); ++k) {
    const Schedule& s = schedules[k];
    TL_ASSIGN_OR_RETURN(RunOutcome got, run(s));
    const bool single = k < clean.points.size();  // a cell of the matrix
    if (single) result.cells.push_back({s[0], {}});
    for (size_t i = 0; i < n_out; ++i) {
      OutputFailure f;
      f.schedule = s;
      static const std::vector<std::string> kNothing;
      Diff d = Compare(clean.outputs[i].items, i < got.outputs.size() ? got.outputs[i].items : kNothing, &f);
      if (single) result.cells.back().outputs.push_back({CellVerdict(d), f.extra, f.missing});
      if (d == Diff::kSame || i >= got.outputs.size()) continue;
      acc[i].extra |= d == Diff::kExtra;
      acc[i].missing |= d == Diff::kMissing;
      acc[i].mixed |= d == Diff::kMixed;
      if (!acc[i].first || acc[i].first->schedule.size() > s.size()) acc[i].first = std::move(f);
    }
    if (opts.progress) opts.progress(static_cast<int>(k) + 2, total);
  }
  for (size_t i = 0; i < n_out; ++i) {
    OutputVerdict v;
    v.output = clean.outputs[i].name;
    v.schedules = result.schedules;
    v.verdict = VerdictOf(acc[i].extra, acc[i].missing, acc[i].mixed);
    if (v.verdict != Verdict::kExactlyOnce && acc[i].first) {
      TL_ASSIGN_OR_RETURN(v.failure, Shrink(run, clean.outputs[i].items, i, *acc[i].first));
    }
    if (static_cast<int>(v.verdict) > static_cast<int>(result.verdict)) result.verdict = v.verdict;
    result.outputs.push_back(std::move(v));
  }
  result.clean = std::move(clean.outputs);
  return result;
}

}  // namespace tideline::verify
