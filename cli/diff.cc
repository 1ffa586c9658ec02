// tideline diff: the command line over core/verify/diff (diff.h).
#include "cli/diff.h"

#include <fmt/format.h>

#include <ostream>

#include "core/scenario/model.h"
#include "core/value/value.h"
#include "core/verify/diff.h"

namespace tideline::cli {

namespace {

std::string Quoted(std::string_view s) {
  std::string o;
  AppendJsonString(&o, s);
  return o;
}

std::string NullOr(const std::string& s) { return s.empty() ? "null" : Quoted(s); }

// One line of a multi-line text, for the human output.
std::string Flat(std::string s) {
  for (char& c : s)
    if (c == '\n') c = ' ';
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s.empty() ? "(nothing)" : s;
}

void PrintHuman(const verify::DiffResult& r, std::ostream& out) {
  for (const auto& o : r.outputs) {
    if (!o.differs) { out << o.output << ": identical\n"; continue; }
    out << fmt::format("{}: differs from {}: A {} | B {}\n", o.output, o.batch, Flat(o.a), Flat(o.b));
  }
  if (!r.divergence) { out << "identical\n"; return; }
  const verify::Divergence& d = *r.divergence;
  std::string at = d.where.empty() ? "" : " in " + d.where;
  std::string key = d.key.empty() ? "" : " key " + d.key;
  out << fmt::format("first divergence: {}{} at {}{}: A {} | B {}\n", d.kind, at, d.batch, key, Flat(d.a), Flat(d.b));
}

void PrintJson(const verify::DiffResult& r, std::ostream& out) {
  for (const auto& o : r.outputs)
    out << fmt::format("{{\"output\":{},\"differs\":{},\"batch\":{},\"a\":{},\"b\":{}}}\n", Quoted(o.output),
                       o.differs ? "true" : "false", NullOr(o.batch), o.differs ? Quoted(o.a) : "null",
                       o.differs ? Quoted(o.b) : "null");
  std::string div = "null";
  if (r.divergence) {
    const verify::Divergence& d = *r.divergence;
    div = fmt::format("{{\"kind\":{},\"batch\":{},\"where\":{},\"key\":{},\"a\":{},\"b\":{}}}", Quoted(d.kind),
                      Quoted(d.batch), NullOr(d.where), NullOr(d.key), Quoted(d.a), Quoted(d.b));
  }
  int differing = 0;
  for (const auto& o : r.outputs) differing += o.differs ? 1 : 0;
  out << fmt::format("{{\"identical\":{},\"outputsDiffering\":{},\"divergence\":{}}}\n",
                     r.identical() ? "true" : "false", differing, div);
}

}  // namespace

int DiffCommand(const DiffArgs& a, std::ostream& out, std::ostream& err) {
  const bool replay = !a.replay.empty();
  if (replay ? (a.files.size() != 1 || a.replay.size() != 2) : a.files.size() != 2) {
    err << "usage: tideline diff A.yaml B.yaml [--json] | tideline diff SCENARIO --replay R1.jsonl R2.jsonl [--json]\n";
    return 2;
  }
  std::vector<scenario::Scenario> scs;
  for (const std::string& f : a.files) {
    auto sc = scenario::LoadScenario(f);
    if (!sc.ok()) { err << sc.status().ToString() << "\n"; return 2; }
    scs.push_back(std::move(*sc));
  }
  auto r = replay ? verify::DiffReplays(scs[0], a.replay[0], a.replay[1]) : verify::DiffScenarios(scs[0], scs[1]);
  if (!r.ok()) {
    const Status& st = r.status();
    err << (st.pos().known() || st.message().find(": error: ") == std::string::npos ? st.ToString() : st.message()) << "\n";
    return 2;
  }
  if (a.json) PrintJson(*r, out);
  else PrintHuman(*r, out);
  return r->identical() ? 0 : 1;
}

}  // namespace tideline::cli
