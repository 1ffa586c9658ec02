// tideline verify: the command line over core/verify (verify.h).
#include "cli/verify.h"

#include <fmt/format.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "core/common/temp_dir.h"
#include "core/scenario/model.h"
#include "core/value/json.h"
#include "core/value/value.h"
#include "core/verify/output_reader.h"
#include "core/verify/verifier.h"

extern char** environ;

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

namespace fs = std::filesystem;

// One child `tideline run FILE --json --checkpoint DIR [--kill-at ...]`: its exit status
// (or -signal) and standard output. Standard error goes to DIR/stderr.txt.
Result<std::pair<int, std::string>> RunChild(const std::vector<std::string>& args, const fs::path& dir) {
  int out[2];
  if (::pipe(out) != 0) return Status::Io("cannot create a pipe for a child run");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  const std::string err_path = (dir / "stderr.txt").string();
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    return Status::Io("cannot start a child run of tideline");
  }
  std::string text;
  char buf[65536];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? -WTERMSIG(status) : -1;
  return std::make_pair(code, std::move(text));
}

// --kill: a schedule run as real processes. Each is `tideline run FILE --checkpoint DIR`
// with the crashes still to come as --kill-at; a process killed at one is started again
// on DIR, until one runs to the end. What a reader sees is read from DIR and from the
// print blocks of every process; a memory sink dies with its process, as in Spark, so it
// is left out.
Result<verify::ScheduleRun> RunKilled(const scenario::Scenario& sc, const std::string& file, const verify::Schedule& s) {
  TL_ASSIGN_OR_RETURN(std::string made, MakeTempDir("tideline-verify-kill"));
  const RemoveOnExit scratch(std::move(made));
  const fs::path dir = scratch.path();
  const fs::path ckpt = dir / "run";
  verify::Schedule remaining = s;
  std::vector<std::string> printed;
  for (size_t attempt = 0;; ++attempt) {
    std::vector<std::string> args = {"tideline", "run", file, "--json", "--checkpoint", ckpt.string()};
    std::vector<std::string> kills;
    for (const auto& c : remaining) kills.push_back(fmt::format("{}:{}", c.batch, c.point));
    if (!kills.empty()) {
      args.push_back("--kill-at");
      args.push_back(fmt::format("{}", fmt::join(kills, ",")));
    }
    TL_ASSIGN_OR_RETURN(auto child, RunChild(args, dir));
    std::istringstream lines(child.second);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("{\"type\":\"print\"", 0) != 0) continue;
      auto v = ParseJson(line);
      if (v.ok() && v->type() == ValueType::kStruct) {
        int at = v->struct_type()->Find("text", false);
        if (at >= 0 && (*v)[static_cast<size_t>(at)].type() == ValueType::kString)
          printed.emplace_back((*v)[static_cast<size_t>(at)].str());
      }
    }
    if (child.first == 0 || child.first == 1) break;  // to the end (a failed check is the clean run's concern)
    std::ifstream killed(ckpt / "tideline-killed");
    std::string last, l;
    while (std::getline(killed, l)) last = l;
    if (child.first != -SIGKILL || last.empty() || attempt > s.size()) {
      std::ifstream errs(dir / "stderr.txt");
      std::stringstream es;
      es << errs.rdbuf();
      return Status::Runtime(fmt::format("a child run of {} ended with status {}: {}", file, child.first, es.str()));
    }
    remaining.erase(std::remove_if(remaining.begin(), remaining.end(),
                                   [&](const verify::CrashAt& c) { return fmt::format("{}:{}", c.batch, c.point) == last; }),
                    remaining.end());
  }
  verify::ScheduleRun run;
  for (auto& o : verify::ReadOutputs(sc, ckpt.string(), printed, {}))
    if (o.name != "memory sink") run.outputs.push_back(std::move(o));
  return run;
}

}  // namespace

int VerifyCommand(const VerifyArgs& a, std::ostream& out, std::ostream& err) {
  auto sc = scenario::LoadScenario(a.file);
  if (!sc.ok()) {
    err << sc.status().ToString() << "\n";
    return 2;
  }
  verify::VerifyOptions vo;
  vo.random = a.random;
  vo.seed = a.seed;
  if (a.kill) vo.run_schedule = [&](const verify::Schedule& s) { return RunKilled(*sc, a.file, s); };
  auto r = verify::Verify(*sc, vo);
  if (!r.ok()) {
    const Status& st = r.status();
    err << (st.pos().known() || st.message().find(": error: ") == std::string::npos ? st.ToString() : st.message()) << "\n";
    return 2;
  }
  for (const std::string& c : r->failed_checks) err << a.file << ": the clean run failed a check: " << c << "\n";
  // --matrix: the cells of the matrix (batch x crash point), each output's own verdict.
  for (const verify::ScheduleOutcome& cell : a.matrix ? r->cells : std::vector<verify::ScheduleOutcome>{}) {
    std::vector<std::string> parts;
    for (size_t i = 0; i < cell.outputs.size() && i < r->outputs.size(); ++i) {
      const verify::CellOutcome& o = cell.outputs[i];
      parts.push_back(a.json ? fmt::format("{{\"output\":{},\"verdict\":\"{}\",\"extra\":{},\"missing\":{}}}",
                                           Quoted(r->outputs[i].output), verify::VerdictName(o.verdict),
                                           JsonList(o.extra), JsonList(o.missing))
                             : fmt::format("{} {}", r->outputs[i].output, verify::VerdictName(o.verdict)));
    }
    if (a.json)
      out << fmt::format("{{\"crash\":{{\"batch\":{},\"at\":{}}},\"outputs\":[{}]}}\n", cell.crash.batch,
                         Quoted(cell.crash.point), fmt::join(parts, ","));
    else
      out << fmt::format("crash at {}: {}\n", verify::ScheduleText({cell.crash}, r->dstream), fmt::join(parts, "; "));
  }
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
