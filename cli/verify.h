#pragma once
// `tideline verify` (spec section 11): prints a line (or a JSON object) per output with its
// verdict, then the worst verdict. Exit status 0 when every output is exactly-once, 1
// otherwise, 2 when the scenario has an error.
#include <cstdint>
#include <iosfwd>
#include <string>

namespace tideline::cli {

struct VerifyArgs {
  std::string file;
  bool json = false;
  bool kill = false;   // run schedules as real processes killed with SIGKILL
  bool matrix = false; // --matrix: first a line per single-crash schedule with each output's verdict
  int random = 0;      // --random N: N more seeded schedules of two to four crashes
  uint64_t seed = 1;   // --seed S
};
int VerifyCommand(const VerifyArgs& a, std::ostream& out, std::ostream& err);

}  // namespace tideline::cli
