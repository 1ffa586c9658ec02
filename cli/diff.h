#pragma once
// tideline diff (spec section 13): the command line over core/verify/diff.h.

#include <iosfwd>
#include <string>
#include <vector>

namespace tideline::cli {

struct DiffArgs {
  std::vector<std::string> files;    // A.yaml B.yaml, or the scenario alone with --replay
  std::vector<std::string> replay;   // --replay R1.jsonl R2.jsonl
  bool json = false;
};
// Exit status 0 when the runs are identical, 1 when they differ, 2 on an error.
int DiffCommand(const DiffArgs& a, std::ostream& out, std::ostream& err);

}  // namespace tideline::cli
