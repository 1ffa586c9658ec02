#pragma once
// Helpers shared by the scenario tests: run a scenario text or file through the Runner.

#include <string>
#include <vector>

#include "core/scenario/model.h"
#include "core/scenario/runner.h"

namespace tideline::testing_util {

struct Outcome {
  bool loaded = false;
  bool passed = false;
  bool scenario_error = false;
  std::string error;             // load or build error (FILE:LINE:COL: error: ...)
  std::string failure;           // failed step
  std::vector<std::string> lines;  // JSON report lines and print output, in order
};

inline Outcome RunScenario(const Result<scenario::Scenario>& sc) {
  Outcome o;
  if (!sc.ok()) { o.error = sc.status().ToString(); return o; }
  o.loaded = true;
  scenario::RunnerOptions opts;
  opts.report_sink = [&o](const std::string& l) { o.lines.push_back(l); };
  opts.print_sink = [&o](const std::string& t) { o.lines.push_back(t); };
  auto r = scenario::Runner::Create(*sc, opts);
  if (!r.ok()) { o.error = r.status().ToString(); return o; }
  (*r)->RunAll();
  o.passed = (*r)->passed();
  o.scenario_error = (*r)->scenario_error();
  o.failure = (*r)->failure();
  return o;
}

inline Outcome RunText(const std::string& text, const std::string& name = "test.yaml") {
  return RunScenario(scenario::LoadScenarioText(text, name));
}

inline Outcome RunFile(const std::string& path) { return RunScenario(scenario::LoadScenario(path)); }

}  // namespace tideline::testing_util
