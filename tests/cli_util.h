#pragma once
// Runs the `tideline` binary the build made (TIDELINE_CLI) as a user would, for the tests
// of the command line: its exit status and what it printed (stdout and stderr together).

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace tideline::cli_test_util {

struct Result {
  int status;
  std::string out;
};

// `env` is put before the command (VAR=value ...).
inline Result Sh(const std::string& args, const std::string& env = "") {
  std::string cmd = env + " " + std::string(TIDELINE_CLI) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int st = pclose(p);
  return {WEXITSTATUS(st), out};
}

// An empty folder `name` under the temporary directory (emptied when it exists), made
// this process's own (its id in the name), so that two runs of the tests at once never
// share a folder.
inline std::filesystem::path FreshDir(const std::string& name) {
  std::filesystem::path d = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

}  // namespace tideline::cli_test_util
