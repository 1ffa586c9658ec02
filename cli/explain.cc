// tideline explain-row: the command line over core/scenario/explain_row.h.
#include "cli/explain.h"

#include "core/scenario/explain_row.h"
#include "core/scenario/model.h"
#include "core/time/time.h"

namespace tideline::cli {

int ExplainCommand(const ExplainArgs& a, std::ostream& out, std::ostream& err) {
  auto sc = scenario::LoadScenario(a.file);
  if (!sc.ok()) {
    err << sc.status().ToString() << "\n";
    return 2;
  }
  scenario::RowRequest req;
  req.output = a.output;
  req.batch = a.batch;
  req.row = a.row;
  if (!a.time.empty()) {
    auto d = ParseDuration(a.time);
    if (!d.ok()) {
      err << "tideline explain-row: --time " << a.time << ": " << d.status().message() << "\n";
      return 2;
    }
    req.time = *d;
  }
  auto e = scenario::ExplainRow(*sc, req);
  if (!e.ok()) {
    err << a.file << ": error: " << e.status().message() << "\n";
    return 2;
  }
  out << (a.json ? scenario::ExplanationJson(*e, sc->start_time) + "\n" : scenario::ExplanationText(*e, sc->start_time));
  return 0;
}

}  // namespace tideline::cli
